//! The family's side: open a link (confirm first), the family page, handouts, "we tried it",
//! stopping e-mail, leaving. Every view and change is audited.
use super::{
    commands,
    session::{COOKIE, Family},
    views,
};
use crate::views::form_body::Form;
use crate::{
    audit::{Actor, Event},
    auth::{cookies, csrf::CsrfToken},
    entities::activity_share,
    error::AppResult,
    i18n::Lang,
    meta::RequestMeta,
    notes::link::{self, Refusal},
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OpenQuery {
    /// `preferences` to land on the e-mail preferences after confirming.
    pub then: String,
    pub lang: String,
}

/// The language asked for in the query, else `fallback` (the caregiver's).
fn lang_of(q: &str, fallback: Lang) -> Lang {
    if q.is_empty() {
        fallback
    } else {
        Lang::from_code(q)
    }
}

async fn refused(
    state: &AppState,
    meta: &RequestMeta,
    why: Refusal,
    lang: Lang,
) -> AppResult<Response> {
    let ev = Event::new("family.link_refused", "family_link", "-")
        .detail(json!({ "reason": why.code() }));
    state.audit.record(&Actor::anonymous(meta), ev).await?;
    Ok((StatusCode::UNAUTHORIZED, views::link_ended(lang)).into_response())
}

/// GET of the link from the e-mail: a page with a button, and nothing else. Mail scanners
/// and link previews fetch this; they neither use the link up nor get a session.
pub async fn open_page(
    State(state): State<AppState>,
    meta: RequestMeta,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Query(q): Query<OpenQuery>,
) -> AppResult<Response> {
    match link::check_link(&state.db, &state.keys, &token).await {
        Ok(l) => {
            let g = crate::entities::caregiver::Entity::find_by_id(l.caregiver_id)
                .one(&state.db)
                .await?;
            let lang = lang_of(&q.lang, g.as_ref().map(|g| g.language).unwrap_or(Lang::En));
            Ok(views::confirm(lang, &csrf.0, &token, &q.then).into_response())
        }
        Err(why) => refused(&state, &meta, why, Lang::from_code(&q.lang)).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    pub then: String,
}

/// The family pressed the button: the link becomes a short session cookie.
pub async fn confirm(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(token): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> AppResult<Response> {
    let l = match link::check_link(&state.db, &state.keys, &token).await {
        Ok(l) => l,
        Err(why) => return refused(&state, &meta, why, Lang::En).await,
    };
    let Ok((value, ttl)) = link::session_for(&state.keys, &l, &token) else {
        return refused(&state, &meta, Refusal::Invalid, Lang::En).await;
    };
    let program = crate::children::model::load_child(&state.db, l.child_id)
        .await?
        .map(|c| c.program_id);
    let actor = Actor {
        program_id: program,
        ..Actor::anonymous(&meta)
    };
    commands::link_opened(&state.db, actor, &l).await?;
    let to = if form.then == "preferences" {
        "/family#preferences"
    } else {
        "/family"
    };
    let mut res = Redirect::to(to).into_response();
    let age = time::Duration::seconds(ttl.num_seconds().max(1));
    cookies::append(
        &mut res,
        cookies::build(&state.config, COOKIE, value, Some(age)),
    );
    Ok(res)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HomeQuery {
    /// What was just saved, to confirm it: `tried` or `stopped`.
    pub saved: String,
}

pub async fn home(
    State(state): State<AppState>,
    family: Family,
    csrf: CsrfToken,
    Query(q): Query<HomeQuery>,
) -> AppResult<Markup> {
    let data = super::model::load(&state.db, &family).await?;
    let survey = super::survey_handlers::offer(&state.db, &family).await?;
    let ev = Event::new("family.viewed", "child", family.child.id).detail(family.who());
    state.audit.record(&family.actor(), ev).await?;
    Ok(views::home(&family, &data, survey, &csrf.0, &q.saved, None))
}

/// A handout for an activity shared with this child (and only such an activity).
pub async fn handout(
    State(state): State<AppState>,
    family: Family,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let shared = activity_share::Entity::find()
        .filter(activity_share::Column::ChildId.eq(family.child.id))
        .filter(activity_share::Column::ActivityId.eq(id))
        .one(&state.db)
        .await?;
    let loaded = match shared {
        Some(_) => crate::activities::model::load(&state.db, id).await?,
        None => None,
    };
    // Only a published activity reaches a family, whatever was shared before.
    let Some((a, texts)) =
        loaded.filter(|(a, _)| a.status == crate::entities::activity::Status::Published)
    else {
        return Ok((StatusCode::NOT_FOUND, views::not_found(family.lang)).into_response());
    };
    let lang = family.lang;
    let Some(t) = crate::activities::model::text_for(&texts, lang) else {
        return Ok((StatusCode::NOT_FOUND, views::not_found(lang)).into_response());
    };
    let ev = Event::new("family.handout_viewed", "child", family.child.id)
        .detail(json!({ "activity": id, "family_link": family.link.id }));
    state.audit.record(&family.actor(), ev).await?;
    let back = format!("/family?lang={}", t.lang.code());
    Ok(crate::activities::views::handout(t.lang, &a, t, Some(&back)).into_response())
}

/// The most a family's "how did it go" may hold, in characters.
pub const TRIED_MAX: usize = 1000;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TriedForm {
    pub comment: String,
}

/// "We tried it", with an optional comment: added to what the family said about the
/// activity, which the provider sees on the child's page.
pub async fn tried(
    State(state): State<AppState>,
    family: Family,
    csrf: CsrfToken,
    Path(share_id): Path<i32>,
    Form(form): Form<TriedForm>,
) -> AppResult<Response> {
    let comment = form.comment.trim();
    // A browser counts a line break as one character (and sends it as two).
    let n = comment.replace("\r\n", "\n").chars().count();
    if n > TRIED_MAX {
        // Refused whole, never cut: the page again with the words as typed and the reason
        // beside them, in the reader's language. The page shows the child's record: audited.
        let l = family.lang;
        let max = TRIED_MAX.to_string();
        let message = l.tr(
            "family.too_long",
            &[("max", &max), ("count", &n.to_string())],
        );
        let data = super::model::load(&state.db, &family).await?;
        let survey = super::survey_handlers::offer(&state.db, &family).await?;
        let ev = Event::new("family.viewed", "child", family.child.id).detail(family.who());
        state.audit.record(&family.actor(), ev).await?;
        let typed = views::Typed {
            share: share_id,
            comment: &form.comment,
            message: &message,
        };
        let page = views::home(&family, &data, survey, &csrf.0, "", Some(typed));
        return Ok(crate::views::respond::invalid(page));
    }
    // Labelled in English, the staff's language; the family page relabels it in the reader's
    // (`model::said`) and keeps the family's words as they wrote them.
    let entry = format!(
        "{} {}{}{}",
        crate::i18n::Lang::En.t("family.tried"),
        family.today().format("%Y-%m-%d"),
        if comment.is_empty() { "" } else { ": " },
        comment
    );
    let (child, who) = (family.child.id, family.who());
    match commands::tried(&state.db, family.actor(), child, share_id, entry, who).await {
        Ok(_) => {}
        Err(commands::TriedError::NotFound) => {
            return Ok((StatusCode::NOT_FOUND, views::not_found(family.lang)).into_response());
        }
        Err(commands::TriedError::Db(e)) => return Err(e.into()),
    }
    let q = format!(
        "/family?saved=tried&lang={}#share-{share_id}",
        family.lang.code()
    );
    Ok(Redirect::to(&q).into_response())
}

/// "Stop e-mailing me" asks once: this page says what stops and what keeps working.
pub async fn stop_email_page(family: Family, csrf: CsrfToken) -> Markup {
    views::stop_confirm(&family, &csrf.0)
}

/// Stops coaching-note e-mail to this caregiver: their e-mail consent is revoked from today
/// (the record shows who stopped it and how). Links already sent keep working.
pub async fn stop_email(State(state): State<AppState>, family: Family) -> AppResult<Response> {
    let (today, who) = (family.today(), family.who());
    let name = &family.caregiver.name;
    commands::stop_email(&state.db, family.actor(), family.child.id, name, today, who).await?;
    let q = format!(
        "/family?saved=stopped&lang={}#preferences",
        family.lang.code()
    );
    Ok(Redirect::to(&q).into_response())
}

/// The same day's undo of "stop e-mailing me".
pub async fn resume_email(State(state): State<AppState>, family: Family) -> AppResult<Response> {
    let (today, who) = (family.today(), family.who());
    let name = &family.caregiver.name;
    commands::resume_email(&state.db, family.actor(), family.child.id, name, today, who).await?;
    let q = format!(
        "/family?saved=resumed&lang={}#preferences",
        family.lang.code()
    );
    Ok(Redirect::to(&q).into_response())
}

pub async fn leave(State(state): State<AppState>, family: Family) -> AppResult<Response> {
    let mut res = views::left(family.lang).into_response();
    cookies::append(&mut res, cookies::removal(&state.config, COOKIE));
    Ok(res)
}
