//! The family's side: open a link (confirm first), the family page, handouts, "we tried it",
//! stopping e-mail, leaving. Every view and change is audited.
use super::{
    session::{COOKIE, Family},
    views,
};
use crate::{
    audit::{self, Actor, Event},
    auth::{cookies, csrf::CsrfToken},
    entities::{activity_share, consent, family_link},
    error::AppResult,
    i18n::Lang,
    meta::RequestMeta,
    notes::link::{self, Refusal},
    state::AppState,
};
use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use chrono::Utc;
use maud::Markup;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};
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
    audit::record(&state.db, &Actor::anonymous(meta), ev).await?;
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
    let txn = crate::db::begin_write(&state.db).await?;
    family_link::Entity::update_many()
        .col_expr(family_link::Column::LastUsedAt, Expr::value(Utc::now()))
        .filter(family_link::Column::Id.eq(l.id))
        .exec(&txn)
        .await?;
    let program = crate::children::model::load_child(&txn, l.child_id)
        .await?
        .map(|c| c.program_id);
    let actor = Actor {
        program_id: program,
        ..Actor::anonymous(&meta)
    };
    let ev = Event::new("family.link_opened", "child", l.child_id)
        .detail(json!({ "family_link": l.id, "caregiver": l.caregiver_id }));
    audit::record_in(&txn, &actor, ev).await?;
    txn.commit().await?;
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
    let ev = Event::new("family.viewed", "child", family.child.id).detail(family.who());
    audit::record(&state.db, &family.actor(), ev).await?;
    Ok(views::home(&family, &data, &csrf.0, &q.saved))
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
    audit::record(&state.db, &family.actor(), ev).await?;
    Ok(crate::activities::views::handout(t.lang, &a, t).into_response())
}

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
    Path(share_id): Path<i32>,
    Form(form): Form<TriedForm>,
) -> AppResult<Response> {
    let share = activity_share::Entity::find_by_id(share_id)
        .filter(activity_share::Column::ChildId.eq(family.child.id))
        .one(&state.db)
        .await?;
    let published = match &share {
        Some(s) => crate::activities::model::published_among(&state.db, vec![s.activity_id])
            .await?
            .contains(&s.activity_id),
        None => false,
    };
    let (Some(share), true) = (share, published) else {
        return Ok((StatusCode::NOT_FOUND, views::not_found(family.lang)).into_response());
    };
    let comment: String = form.comment.trim().chars().take(1000).collect();
    let entry = format!(
        "{} {}{}{}",
        family.lang.t("family.tried"),
        Utc::now().format("%Y-%m-%d"),
        if comment.is_empty() { "" } else { ": " },
        comment
    );
    let text = if share.family_feedback.trim().is_empty() {
        entry
    } else {
        format!("{}\n{entry}", share.family_feedback.trim())
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let mut m: activity_share::ActiveModel = share.into();
    m.family_feedback = Set(text);
    m.update(&txn).await?;
    let ev = Event::new("family.activity_tried", "child", family.child.id)
        .detail(json!({ "share": share_id, "family_link": family.link.id, "caregiver": family.caregiver.id }));
    audit::record_in(&txn, &family.actor(), ev).await?;
    txn.commit().await?;
    let q = format!(
        "/family?saved=tried&lang={}#share-{share_id}",
        family.lang.code()
    );
    Ok(Redirect::to(&q).into_response())
}

/// Stops coaching-note e-mail to this caregiver: their e-mail consent is revoked from today
/// (the record shows who stopped it and how). Links already sent keep working.
pub async fn stop_email(State(state): State<AppState>, family: Family) -> AppResult<Response> {
    let today = family.today();
    let txn = crate::db::begin_write(&state.db).await?;
    let rows = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(family.child.id))
        .filter(consent::Column::Kind.eq(consent::Kind::Email))
        .filter(consent::Column::Given.eq(true))
        .filter(consent::Column::RevokedOn.is_null())
        .all(&txn)
        .await?;
    let mut revoked = Vec::new();
    for k in rows {
        if crate::notes::model::decided_by(&k, &family.caregiver.name) {
            revoked.push(k.id);
            let mut m: consent::ActiveModel = k.into();
            m.revoked_on = Set(Some(today));
            m.update(&txn).await?;
        }
    }
    let ev = Event::new("consent.revoked", "child", family.child.id).detail(json!({
        "consents": revoked, "by": "family", "family_link": family.link.id, "caregiver": family.caregiver.id,
    }));
    audit::record_in(&txn, &family.actor(), ev).await?;
    txn.commit().await?;
    let q = format!(
        "/family?saved=stopped&lang={}#preferences",
        family.lang.code()
    );
    Ok(Redirect::to(&q).into_response())
}

pub async fn leave(State(state): State<AppState>, family: Family) -> AppResult<Response> {
    let mut res = views::left(family.lang).into_response();
    cookies::append(&mut res, cookies::removal(&state.config, COOKIE));
    Ok(res)
}
