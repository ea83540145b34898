//! Composing, previewing and sending a visit's coaching note.
use super::{
    compose::{Compose, Links, queue_for},
    model, views,
};
use crate::{
    audit::{self, Actor, Event},
    children::visit_access::{Need, load_visit},
    entities::coaching_note,
    error::{AppError, AppResult},
    i18n::Lang,
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::Errors,
    },
};
use axum::{
    Form,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde::Deserialize;
use serde_json::json;

/// The longest note, so an e-mail stays a note.
const MAX_BODY: usize = 5000;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ComposeForm {
    pub language: String,
    pub body: String,
    /// The note's version the form was loaded with ("" for a note not saved yet).
    pub version: String,
    /// preview or send
    pub action: String,
}

/// Loads the visit for its author and checks the note can be written: the visit note must
/// be signed first (the family hears what the record says).
async fn for_author(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
) -> AppResult<Compose> {
    let (c, v) = load_visit(state, page, meta, id, Need::Author).await?;
    if !v.is_signed() {
        return Err(AppError::Conflict(
            "Sign the visit note first; the family's note is written from the signed record."
                .into(),
        ));
    }
    Ok(Compose::load(&state.db, c, v, page.user.today()).await?)
}

pub async fn compose(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let ctx = for_author(&state, &page, &meta, id).await?;
    if ctx
        .note
        .as_ref()
        .is_some_and(|n| n.status == coaching_note::Status::Sent)
    {
        return Ok(
            axum::response::Redirect::to(&format!("/visits/{id}#family-note")).into_response(),
        );
    }
    let form = ctx.form();
    Ok(views::compose(
        &page,
        &ctx,
        &form,
        &Errors::default(),
        state.config.mail.family_link_days,
    )
    .into_response())
}

/// The e-mail exactly as it will look, for the preview frame. Served with its own CSP: the
/// e-mail's inline styles are allowed, nothing else, and only our own pages may frame it.
pub async fn preview(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Read).await?;
    let ctx = Compose::load(&state.db, c, v, page.user.today()).await?;
    let form = ctx.form();
    let lang = Lang::from_code(&form.language);
    let html = ctx
        .mail(
            lang,
            &form.body,
            None,
            Links {
                url: "#personal-link",
                prefs: "#preferences-link",
                days: state.config.mail.family_link_days,
            },
        )
        .html();
    let mut res = html.into_response();
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
        ),
    );
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(res)
}

fn parse(form: &ComposeForm) -> Result<(Lang, String), Errors> {
    let mut e = Errors::default();
    let lang: Option<Lang> = e.choice(
        "language",
        &form.language,
        "Choose the language the family reads.",
    );
    let body = form.body.trim().replace("\r\n", "\n");
    if body.is_empty() {
        e.add(
            "body",
            "Write the note: what you practised and the plan until next time.",
        );
    } else if body.chars().count() > MAX_BODY {
        e.add(
            "body",
            format!(
                "Keep the note under {MAX_BODY} characters (it has {}).",
                body.chars().count()
            ),
        );
    }
    match lang {
        Some(lang) if e.is_empty() => Ok((lang, body)),
        _ => Err(e),
    }
}

/// Saves the draft, or sends: the note's status change, every recipient's link and outbox
/// row, and the audit row commit together or not at all.
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ComposeForm>,
) -> AppResult<Response> {
    let ctx = for_author(&state, &page, &meta, id).await?;
    let days = state.config.mail.family_link_days;
    let rerender = |form: &ComposeForm, e: &Errors, status: StatusCode| {
        (status, views::compose(&page, &ctx, form, e, days)).into_response()
    };
    if ctx
        .note
        .as_ref()
        .is_some_and(|n| n.status == coaching_note::Status::Sent)
    {
        return Err(AppError::Conflict(
            "This note was already sent. Resend it from the visit page.".into(),
        ));
    }
    let (lang, body) = match parse(&form) {
        Ok(x) => x,
        Err(e) => return Ok(rerender(&form, &e, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    let send = form.action == "send";
    if send && ctx.to.is_empty() {
        let mut e = Errors::default();
        e.add("body", "No caregiver can receive this by e-mail yet (see “Who receives it”). Record the caregiver's e-mail consent and address, then send.");
        return Ok(rerender(&form, &e, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let saved = write_note(&txn, &ctx, &form, lang, &body, page.user.id, send).await?;
    let Some(note) = saved else {
        txn.rollback().await?;
        let current = model::delivery(&state.db, id).await?.map(|d| d.note);
        let mut e = Errors::default();
        e.add("body", match &current {
            Some(n) if n.status == coaching_note::Status::Sent => "This note was sent from another device meanwhile; nothing was sent twice.".to_owned(),
            Some(n) => format!("This note was saved elsewhere while you wrote. Nothing was overwritten. The saved text was:\n\n{}\n\nYour text is in the box; save again to replace it.", n.body),
            None => "This note changed while you wrote; try again.".to_owned(),
        });
        let mut mine = form.clone();
        mine.version = current.map(|n| n.version.to_string()).unwrap_or_default();
        return Ok(rerender(&mine, &e, StatusCode::CONFLICT));
    };
    let mut queued = 0;
    if send {
        for g in &ctx.to {
            queue_for(&state, &txn, &ctx, &note, g, lang, page.user.id).await?;
            queued += 1;
        }
    }
    let action = if send {
        "coaching_note.sent"
    } else {
        "coaching_note.saved"
    };
    let ev = Event::new(action, "child", ctx.child.id).detail(
        json!({ "visit": id, "note": note.id, "version": note.version, "recipients": queued }),
    );
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    if send {
        state.mail_wake.notify_one();
        let msg = format!(
            "Coaching note queued for {queued} recipient{}.",
            if queued == 1 { "" } else { "s" }
        );
        return Ok(flash::redirect(
            &state,
            &format!("/visits/{id}#family-note"),
            Kind::Success,
            &msg,
        ));
    }
    Ok(flash::redirect(
        &state,
        &format!("/visits/{id}/family-note#preview"),
        Kind::Success,
        "Draft saved. The preview below shows it.",
    ))
}

/// Inserts the note, or updates the draft the form was loaded from. `None` when the draft
/// changed meanwhile (or was sent): the caller rolls back and shows the conflict.
async fn write_note(
    txn: &impl ConnectionTrait,
    ctx: &Compose,
    form: &ComposeForm,
    lang: Lang,
    body: &str,
    user: i32,
    send: bool,
) -> Result<Option<coaching_note::Model>, DbErr> {
    let now = Utc::now();
    let status = if send {
        coaching_note::Status::Sent
    } else {
        coaching_note::Status::Draft
    };
    let Ok(seen) = form.version.parse::<i32>() else {
        if ctx.note.is_some() {
            return Ok(None);
        }
        let inserted = coaching_note::ActiveModel {
            visit_id: Set(ctx.visit.id),
            child_id: Set(ctx.child.id),
            language: Set(lang),
            body: Set(body.to_owned()),
            status: Set(status),
            version: Set(1),
            created_by: Set(user),
            created_at: Set(now),
            updated_at: Set(now),
            sent_at: Set(send.then_some(now)),
            sent_by: Set(send.then_some(user)),
            ..Default::default()
        }
        .insert(txn)
        .await;
        // Two first saves racing: the unique visit_id lets one win; the other is a conflict.
        return Ok(inserted.ok());
    };
    let res = coaching_note::Entity::update_many()
        .col_expr(coaching_note::Column::Language, Expr::value(lang))
        .col_expr(coaching_note::Column::Body, Expr::value(body))
        .col_expr(coaching_note::Column::Status, Expr::value(status))
        .col_expr(coaching_note::Column::Version, Expr::value(seen + 1))
        .col_expr(coaching_note::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            coaching_note::Column::SentAt,
            Expr::value(send.then_some(now)),
        )
        .col_expr(
            coaching_note::Column::SentBy,
            Expr::value(send.then_some(user)),
        )
        .filter(coaching_note::Column::VisitId.eq(ctx.visit.id))
        .filter(coaching_note::Column::Version.eq(seen))
        .filter(coaching_note::Column::Status.eq(coaching_note::Status::Draft))
        .exec(txn)
        .await?;
    if res.rows_affected == 0 {
        return Ok(None);
    }
    coaching_note::Entity::find()
        .filter(coaching_note::Column::VisitId.eq(ctx.visit.id))
        .one(txn)
        .await
}
