//! Composing, previewing and sending a visit's coaching note, and resending a delivery.
use super::{email::NoteMail, model, views};
use crate::{
    audit::{self, Actor, Event},
    entities::{caregiver, child, coaching_note, outbox, visit},
    error::{AppError, AppResult},
    family::link,
    i18n::Lang,
    mail::outbox::{self as mail_outbox, NewMail},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::Errors,
    },
    visits::{Need, load_visit},
};
use axum::{
    Form,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
    TransactionTrait, sea_query::Expr,
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

/// What every rendering of the note needs from the visit.
pub struct Compose {
    pub child: child::Model,
    pub visit: visit::Model,
    pub note: Option<coaching_note::Model>,
    pub to: Vec<caregiver::Model>,
    pub skipped: Vec<model::Skipped>,
    pub next_visit: Option<NaiveDate>,
    pub provider: String,
    pub program: String,
    /// Activities shared at the visit as (title, summary), in English and in Spanish.
    pub activities: [Vec<(String, String)>; 2],
}

impl Compose {
    async fn load(
        db: &impl ConnectionTrait,
        c: child::Model,
        v: visit::Model,
        today: NaiveDate,
    ) -> Result<Compose, DbErr> {
        let note = model::delivery(db, v.id).await?.map(|d| d.note);
        let (to, skipped) = model::recipients(db, &c, today).await?;
        let next_visit = model::next_visit(db, &v).await?;
        let (provider, program) = model::names(db, &v).await?;
        let activities = [
            activity_lines(db, v.id, Lang::En).await?,
            activity_lines(db, v.id, Lang::Es).await?,
        ];
        Ok(Compose {
            child: c,
            visit: v,
            note,
            to,
            skipped,
            next_visit,
            provider,
            program,
            activities,
        })
    }

    /// The form as it starts: the saved draft, or the text composed from the visit.
    pub fn form(&self) -> ComposeForm {
        match &self.note {
            Some(n) => ComposeForm {
                language: n.language.clone(),
                body: n.body.clone(),
                version: n.version.to_string(),
                action: String::new(),
            },
            None => {
                let lang = model::language(&self.to);
                ComposeForm {
                    language: lang.code().into(),
                    body: model::prefill(lang, &self.visit),
                    version: String::new(),
                    action: String::new(),
                }
            }
        }
    }

    /// Renders the e-mail for one recipient (or, with `None`, for the preview).
    pub fn mail<'a>(
        &'a self,
        lang: Lang,
        body: &'a str,
        to: Option<&'a caregiver::Model>,
        links: Links<'a>,
    ) -> NoteMail<'a> {
        NoteMail {
            lang,
            caregiver: to
                .or(self.to.first())
                .map(|g| g.name.as_str())
                .unwrap_or(""),
            child_first: &self.child.first_name,
            visit_on: self.visit.starts_at.date(),
            body,
            activities: &self.activities[usize::from(lang == Lang::Es)],
            next_visit: self.next_visit,
            provider: &self.provider,
            program: &self.program,
            link: links.url,
            prefs: links.prefs,
            link_days: links.days,
        }
    }
}

/// The family's personal link, its preferences variant, and how long it works.
#[derive(Clone, Copy)]
pub struct Links<'a> {
    pub url: &'a str,
    pub prefs: &'a str,
    pub days: i64,
}

async fn activity_lines(
    db: &impl ConnectionTrait,
    visit_id: i32,
    lang: Lang,
) -> Result<Vec<(String, String)>, DbErr> {
    Ok(model::activities(db, visit_id, lang)
        .await?
        .into_iter()
        .map(|(_, t, s)| (t, s))
        .collect())
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
    if ctx.note.as_ref().is_some_and(|n| n.status == "sent") {
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
    if !matches!(form.language.as_str(), "en" | "es") {
        e.add("language", "Choose the language the family reads.");
    }
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
    if e.is_empty() {
        Ok((Lang::from_code(&form.language), body))
    } else {
        Err(e)
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
    if ctx.note.as_ref().is_some_and(|n| n.status == "sent") {
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
    let txn = state.db.begin().await?;
    let saved = write_note(&txn, &ctx, &form, lang, &body, page.user.id, send).await?;
    let Some(note) = saved else {
        txn.rollback().await?;
        let current = model::delivery(&state.db, id).await?.map(|d| d.note);
        let mut e = Errors::default();
        e.add("body", match &current {
            Some(n) if n.status == "sent" => "This note was sent from another device meanwhile; nothing was sent twice.".to_owned(),
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
    let status = if send { "sent" } else { "draft" };
    let Ok(seen) = form.version.parse::<i32>() else {
        if ctx.note.is_some() {
            return Ok(None);
        }
        let inserted = coaching_note::ActiveModel {
            visit_id: Set(ctx.visit.id),
            child_id: Set(ctx.child.id),
            language: Set(lang.code().into()),
            body: Set(body.to_owned()),
            status: Set(status.into()),
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
        .col_expr(coaching_note::Column::Language, Expr::value(lang.code()))
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
        .filter(coaching_note::Column::Status.eq("draft"))
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

/// A new link and outbox row for one recipient, rendered in full.
async fn queue_for(
    state: &AppState,
    txn: &impl ConnectionTrait,
    ctx: &Compose,
    note: &coaching_note::Model,
    g: &caregiver::Model,
    lang: Lang,
    by: i32,
) -> Result<outbox::Model, DbErr> {
    let days = state.config.mail.family_link_days;
    let token = link::issue(txn, &state.keys, &ctx.child, g, Some(note.id), days).await?;
    let base = state.config.base_url.as_str().trim_end_matches('/');
    let url = format!("{base}/family/open/{token}");
    let prefs = format!("{url}?then=preferences");
    let mail = ctx.mail(
        lang,
        &note.body,
        Some(g),
        Links {
            url: &url,
            prefs: &prefs,
            days,
        },
    );
    let host = state
        .config
        .base_url
        .host_str()
        .unwrap_or("localhost")
        .to_owned();
    mail_outbox::enqueue(
        txn,
        &state.config.mail,
        &host,
        NewMail {
            program_id: ctx.child.program_id,
            child_id: Some(ctx.child.id),
            note_id: Some(note.id),
            caregiver_id: Some(g.id),
            kind: "coaching_note",
            to_address: g.email.clone().unwrap_or_default(),
            to_name: g.name.clone(),
            language: lang.code().into(),
            subject: mail.subject(),
            text_body: mail.text(),
            html_body: mail.html(),
            created_by: by,
        },
    )
    .await
}

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
    let txn = state.db.begin().await?;
    let msg = match row.status.as_str() {
        "failed" => {
            mail_outbox::retry(&txn, &state.config.mail, row.id).await?;
            "Queued again as the same message."
        }
        "sent" => {
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
            let lang = Lang::from_code(&d.note.language);
            queue_for(&state, &txn, &ctx, &d.note, &g, lang, page.user.id).await?;
            "Queued as a new message with a fresh link."
        }
        _ => {
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
    let txn = state.db.begin().await?;
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
