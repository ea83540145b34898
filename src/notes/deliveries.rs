//! After sending: resending a delivery and ending a family's links.
use super::{
    compose::{Compose, queue_for},
    link, model,
};
use crate::{
    audit::{self, Actor, Event},
    children::visit_access::{Need, load_visit},
    entities::{caregiver, outbox},
    error::{AppError, AppResult},
    mail::outbox as mail_outbox,
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
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// From the visit page: a failed delivery is retried as the same message (same Message-ID);
/// a sent one is sent again as a new message with a fresh link (the family lost the e-mail).
pub async fn resend(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, oid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Manage).await?;
    let d = model::delivery(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = d
        .rows
        .iter()
        .find(|r| r.id == oid)
        .ok_or(AppError::NotFound)?
        .clone();
    let txn = crate::db::begin_write(&state.db).await?;
    let msg = match row.status {
        outbox::Status::Failed => {
            mail_outbox::retry(&txn, &state.config.mail, row.id).await?;
            "Queued again as the same message."
        }
        outbox::Status::Sent => {
            let g = caregiver::Entity::find_by_id(row.caregiver_id.unwrap_or_default())
                .filter(caregiver::Column::FamilyId.eq(c.family_id))
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let ctx = Compose::load(&txn, c.clone(), v, page.user.today()).await?;
            if !ctx.to.iter().any(|t| t.id == g.id) {
                txn.rollback().await?;
                return Ok(flash::redirect(
                    &state,
                    &format!("/visits/{id}#family-note"),
                    Kind::Error,
                    "This caregiver no longer has e-mail consent and an address on file; nothing was sent.",
                ));
            }
            let lang = d.note.language;
            queue_for(&state, &txn, &ctx, &d.note, &g, lang, page.user.id).await?;
            "Queued as a new message with a fresh link."
        }
        outbox::Status::Queued | outbox::Status::Sending => {
            txn.rollback().await?;
            return Ok(flash::redirect(
                &state,
                &format!("/visits/{id}#family-note"),
                Kind::Info,
                "That message is still on its way.",
            ));
        }
    };
    let ev = Event::new("coaching_note.resent", "child", c.id)
        .detail(json!({ "visit": id, "outbox": row.id, "was": row.status }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(flash::redirect(
        &state,
        &format!("/visits/{id}#family-note"),
        Kind::Success,
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
    let txn = crate::db::begin_write(&state.db).await?;
    let n = link::revoke_all(&txn, c.id).await?;
    let ev = Event::new("family.links_revoked", "child", c.id)
        .detail(json!({ "visit": id, "links": n }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
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
