//! Sharing an activity at a visit: the activity library records the share
//! (`activities::sharing::record`); the visit page shows a refusal next to its activity field.
use super::{
    context,
    views::{self, Forms},
};
use crate::views::form_body::Form;
use crate::{
    activities::sharing::{ShareForm, record},
    children::visit_access::{Need, load_visit},
    entities::visit,
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{Page, respond},
};
use axum::{
    extract::{Path, State},
    response::Response,
};

/// Records that an activity was used or given at a visit (and for which outcome).
pub async fn share_at_visit(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ShareForm>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Author).await?;
    if v.is_signed() || v.status == visit::Status::Cancelled {
        return Err(AppError::Conflict(
            "Activities are added while the note is open.".into(),
        ));
    }
    let back = format!("/visits/{id}#activities");
    let refusal = match record(
        &state,
        &page,
        &meta,
        &c,
        Some(&v),
        v.starts_at.date(),
        &form,
        &back,
    )
    .await?
    {
        Ok(done) => return Ok(done),
        Err(e) => e,
    };
    let ctx = context(&state, &page, &c, &v).await?;
    let forms = Forms {
        share: Some(refusal),
        ..Default::default()
    };
    let body = views::visit_page(&page, &v, &ctx, forms);
    Ok(respond::invalid(body))
}
