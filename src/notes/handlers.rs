//! Composing, previewing and sending a visit's coaching note.
use super::{
    commands::{self, Draft, SaveError},
    compose::{Compose, Links},
    views,
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
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
        respond,
    },
};
use axum::{
    extract::{Path, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

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
    Ok(Compose::load(&state.db, c, v, page.user.now_local()).await?)
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
    let ctx = Compose::load(&state.db, c, v, page.user.now_local()).await?;
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

/// Saves the draft, or sends it (see [`commands::save`]).
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ComposeForm>,
) -> AppResult<Response> {
    let ctx = for_author(&state, &page, &meta, id).await?;
    let days = state.config.mail.family_link_days;
    let rerender = |form: &ComposeForm, e: &Errors| views::compose(&page, &ctx, form, e, days);
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
        Err(e) => return Ok(respond::invalid(rerender(&form, &e))),
    };
    let send = form.action == "send";
    if send && ctx.to.is_empty() {
        let mut e = Errors::default();
        e.add("body", "No caregiver can receive this by e-mail yet (see “Who receives it”). Record the caregiver's e-mail consent and address, then send.");
        return Ok(respond::invalid(rerender(&form, &e)));
    }
    let seen = match form.version.as_str() {
        "" => None,
        v => Some(v.parse::<i32>().unwrap_or(-1)),
    };
    let d = Draft {
        lang,
        body,
        seen,
        send,
    };
    let actor = Actor::user(&page.user, &meta);
    let queued = match commands::save(&state, actor, &ctx, d, page.user.id).await {
        Ok(n) => n,
        Err(SaveError::Db(e)) => return Err(e.into()),
        Err(refused) => {
            let mut e = Errors::default();
            let mut mine = form.clone();
            match refused {
                SaveError::Stale { current: Some(n) } => {
                    e.add("body", format!("This note was saved elsewhere while you wrote. Nothing was overwritten. The saved text was:\n\n{}\n\nYour text is in the box; save again to replace it.", n.body));
                    mine.version = n.version.to_string();
                }
                SaveError::Stale { current: None } => {
                    e.add("body", "This note changed while you wrote; try again.");
                    mine.version = String::new();
                }
                _ => e.add(
                    "body",
                    "This note was sent from another device meanwhile; nothing was sent twice.",
                ),
            }
            return Ok(respond::conflict(rerender(&mine, &e)));
        }
    };
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
