//! After sending: resending a delivery and ending a family's links.
use super::commands::{self, ResendError, Resent};
use crate::{
    audit::Actor,
    children::visit_access::{Need, load_visit},
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
    },
};
use axum::{
    extract::{Path, State},
    response::Response,
};

/// From the visit page: a failed delivery is retried as the same message (same Message-ID);
/// a sent one is sent again as a new message with a fresh link (the family lost the e-mail).
pub async fn resend(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, oid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Manage).await?;
    let actor = Actor::user(&page.user, &meta);
    let now = page.user.now_local();
    let (kind, msg) = match commands::resend(&state, actor, &c, v, oid, now, page.user.id).await {
        Ok(Resent::Retried) => (Kind::Success, "Queued again as the same message."),
        Ok(Resent::NewMessage) => (Kind::Success, "Queued as a new message with a fresh link."),
        Err(ResendError::Unreachable) => (
            Kind::Error,
            "This caregiver no longer has e-mail consent and an address on file; nothing was sent.",
        ),
        Err(ResendError::OnItsWay) => (Kind::Info, "That message is still on its way."),
        Err(ResendError::NotFound) => return Err(AppError::NotFound),
        Err(ResendError::Db(e)) => return Err(e.into()),
    };
    if kind == Kind::Success {
        state.mail_wake.notify_one();
    }
    Ok(flash::redirect(
        &state,
        &format!("/visits/{id}#family-note"),
        kind,
        msg,
    ))
}

/// Ends every family link of the child (an e-mail went to the wrong address, a device was
/// lost): the links and any open family sessions stop working at once.
pub async fn revoke_links(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (c, _) = load_visit(&state, &page, &meta, id, Need::Manage).await?;
    let actor = Actor::user(&page.user, &meta);
    let n = commands::revoke_links(&state.db, actor, c.id, id).await?;
    let msg = format!(
        "{n} family link{} ended. The next note sent makes a new one.",
        if n == 1 { "" } else { "s" }
    );
    Ok(flash::redirect(
        &state,
        &format!("/visits/{id}#family-note"),
        Kind::Success,
        &msg,
    ))
}
