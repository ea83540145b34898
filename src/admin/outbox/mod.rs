//! The admin's view of outgoing mail: what failed (with the server's words) and a retry
//! button, what is waiting, what went out; and, with the file transport, the `.eml` files.
mod commands;
mod views;

use crate::{
    audit::{Actor, Event},
    entities::outbox as row,
    error::{AppError, AppResult},
    mail::files as mail_files,
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
    },
};
use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use commands::RetryError;
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The most recent messages shown in each list.
const SHOWN: u64 = 100;

pub(super) async fn list(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ManageMail).await?;
    let mut lists = Vec::new();
    for status in [
        row::Status::Failed,
        row::Status::Queued,
        row::Status::Sending,
        row::Status::Sent,
    ] {
        let rows = row::Entity::find()
            .filter(row::Column::ProgramId.eq(page.user.program_id))
            .filter(row::Column::Status.eq(status))
            .order_by_desc(row::Column::UpdatedAt)
            .limit(SHOWN)
            .all(&state.db)
            .await?;
        lists.push((status, rows));
    }
    let ev = Event::new("mail.outbox_viewed", "program", page.user.program_id);
    state
        .audit
        .record(&Actor::user(&page.user, &meta), ev)
        .await?;
    Ok(views::outbox(
        &page,
        &lists,
        state.config.mail.smtp_url.is_none(),
    ))
}

pub(super) async fn retry(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageMail).await?;
    let actor = Actor::user(&page.user, &meta);
    let config = &state.config.mail;
    let (kind, msg) = match commands::retry(&state.db, actor, config, page.user.program_id, id)
        .await
    {
        Ok(()) => {
            state.mail_wake.notify_one();
            (
                Kind::Success,
                "Queued again; it will be sent with the same Message-ID.",
            )
        }
        Err(RetryError::NotFailed) => (Kind::Info, "That message is not failed; nothing to retry."),
        Err(RetryError::NotFound) => return Err(AppError::NotFound),
        Err(RetryError::Db(e)) => return Err(e.into()),
    };
    Ok(flash::redirect(&state, "/outbox", kind, msg))
}

/// The file transport's messages of the admin's program, newest first (development and
/// demo only: with SMTP configured the directory is empty).
pub(super) async fn files(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ManageMail).await?;
    let names = mail_files::for_program(
        &state.db,
        &state.config,
        page.user.program_id,
        SHOWN as usize,
    )
    .await?;
    Ok(views::files(&page, &names))
}

/// One message as written. A file sent for another program's mail answers 404 exactly like
/// a missing one, and the attempt is audited.
pub(super) async fn file(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(name): Path<String>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageMail).await?;
    let (r, body) = mail_files::open(&state.db, &state.config, &name)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = policy::Target::record(r.program_id, "outbox", r.id);
    policy::authorize(&state.db, &page.user, &meta, Action::ManageMail, target).await?;
    let ev = Event::new("mail.file_viewed", "program", page.user.program_id)
        .detail(serde_json::json!({ "file": name, "outbox": r.id }));
    state
        .audit
        .record(&Actor::user(&page.user, &meta), ev)
        .await?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response())
}
