//! `Page`: everything the layout needs to draw a signed-in page, in one extractor.
use super::flash::Flash;
use crate::{
    auth::{CsrfToken, CurrentUser},
    error::AppError,
    state::AppState,
};
use axum::{extract::FromRequestParts, http::request::Parts};

#[derive(Debug, Clone)]
pub struct Page {
    pub user: CurrentUser,
    pub csrf: String,
    pub flash: Option<Flash>,
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let CsrfToken(csrf) = CsrfToken::from_request_parts(parts, state)
            .await
            .unwrap_or_default();
        Ok(Page {
            user,
            csrf,
            flash: parts.extensions.get::<Flash>().cloned(),
        })
    }
}
