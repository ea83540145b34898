//! Finding activities, reading one, its family handout, and sharing one at a visit.
use super::{
    model::{self, AGE_BANDS, DOMAINS, Filters},
    views,
};
use crate::{
    audit::{self, Actor, Event},
    entities::{activity_share, visit},
    error::{AppError, AppResult},
    i18n::Lang,
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
    },
    visits::{Need, load_visit, model::ROUTINES},
};
use axum::{
    Form,
    extract::{Path, Query, State},
    response::Response,
};
use chrono::Utc;
use maud::Markup;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub q: String,
    pub domain: String,
    pub band: String,
    pub routine: String,
    pub outcome: String,
}

impl ListQuery {
    /// Unknown filter values are ignored rather than refused: a search box never errors.
    pub fn filters(&self) -> Filters {
        let known = |v: &str, list: &[(&str, &str)]| {
            list.iter().any(|(k, _)| *k == v).then(|| v.to_owned())
        };
        Filters {
            q: self.q.chars().take(200).collect(),
            domain: known(&self.domain, &DOMAINS),
            band: AGE_BANDS
                .iter()
                .find(|b| b.0 == self.band)
                .map(|b| (b.2, b.3)),
            routine: known(&self.routine, &ROUTINES),
            outcome: ["A", "B", "C"]
                .contains(&self.outcome.as_str())
                .then(|| self.outcome.clone()),
            published_only: false,
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> AppResult<Markup> {
    let found = model::search(&state.db, page.user.program_id, &q.filters()).await?;
    Ok(views::list_page(&page, &q, &found))
}

/// An activity of the starter library or the user's program; another program's is 404.
async fn visible(state: &AppState, page: &Page, id: i32) -> AppResult<model::Loaded> {
    model::load(&state.db, id)
        .await?
        .filter(|(a, _)| a.program_id.is_none_or(|p| p == page.user.program_id))
        .ok_or(AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let (a, texts) = visible(&state, &page, id).await?;
    Ok(views::activity_page(&page, &a, &texts))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HandoutQuery {
    pub lang: String,
}

/// A one-page handout in the asked language. A missing translation is said plainly to staff;
/// the other language is never given in its place.
pub async fn handout(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Query(q): Query<HandoutQuery>,
) -> AppResult<Markup> {
    let (a, texts) = visible(&state, &page, id).await?;
    let lang = Lang::from_code(&q.lang);
    match texts.get(lang.code()).filter(|t| t.is_complete()) {
        Some(t) => Ok(views::handout(lang, &a, t)),
        None => Err(AppError::Conflict(format!(
            "This activity has no complete {} text yet, so there is no handout in that language.",
            if lang == Lang::Es {
                "Spanish"
            } else {
                "English"
            }
        ))),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShareForm {
    pub activity_id: String,
    pub outcome: String,
}

/// Records that an activity was used or given at a visit (and for which outcome).
pub async fn share_at_visit(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ShareForm>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Author).await?;
    if v.is_signed() || v.status == "cancelled" {
        return Err(AppError::Conflict(
            "Activities are added while the note is open.".into(),
        ));
    }
    let activity = match form.activity_id.parse::<i32>() {
        Ok(aid) => model::load(&state.db, aid).await?,
        Err(_) => None,
    };
    let Some((a, _)) =
        activity.filter(|(a, _)| a.program_id.is_none_or(|p| p == page.user.program_id))
    else {
        return Ok(flash::redirect(
            &state,
            &format!("/visits/{id}#activities"),
            Kind::Error,
            "Choose an activity from the list.",
        ));
    };
    let outcomes = crate::visits::model::plan_outcomes(&state.db, c.id).await?;
    let outcome = form
        .outcome
        .parse::<i32>()
        .ok()
        .filter(|o| outcomes.iter().any(|(id, _)| id == o));
    let txn = state.db.begin().await?;
    let exists = activity_share::Entity::find()
        .filter(activity_share::Column::VisitId.eq(v.id))
        .filter(activity_share::Column::ActivityId.eq(a.id))
        .one(&txn)
        .await?
        .is_some();
    if !exists {
        activity_share::ActiveModel {
            activity_id: Set(a.id),
            child_id: Set(c.id),
            visit_id: Set(Some(v.id)),
            outcome_origin: Set(outcome),
            shared_by: Set(page.user.id),
            shared_on: Set(v.starts_at.date()),
            family_feedback: Set(String::new()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let ev = Event::new("activity.shared", "visit", v.id)
            .detail(json!({ "child": c.id, "activity": a.id }));
        audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    }
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/visits/{id}#activities"),
        Kind::Success,
        "Activity added to the visit.",
    ))
}

/// The activities shared at a visit, with their titles in English.
pub async fn shared_at(
    db: &sea_orm::DatabaseConnection,
    v: &visit::Model,
) -> Result<Vec<(i32, String)>, sea_orm::DbErr> {
    let shares = activity_share::Entity::find()
        .filter(activity_share::Column::VisitId.eq(v.id))
        .all(db)
        .await?;
    let texts = model::texts_of(db, shares.iter().map(|s| s.activity_id).collect()).await?;
    Ok(shares
        .iter()
        .map(|s| {
            let title = texts
                .get(&s.activity_id)
                .and_then(|t| t.get("en"))
                .map(|t| t.title.clone())
                .unwrap_or_default();
            (s.activity_id, title)
        })
        .collect())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    pub feedback: String,
}

/// Records what the family said about a shared activity: by whoever shared it, or by staff
/// who may change the child's record.
pub async fn feedback(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<FeedbackForm>,
) -> AppResult<Response> {
    let share = activity_share::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = crate::children::authorized_child(
        &state,
        &page,
        &meta,
        share.child_id,
        crate::policy::Action::ViewChild,
    )
    .await?;
    if share.shared_by != page.user.id {
        let target = crate::policy::Target::child(&c);
        let edit = crate::policy::Action::EditChild;
        crate::policy::authorize(&state.db, &page.user, &meta, edit, target).await?;
    }
    let text: String = form.feedback.trim().chars().take(1000).collect();
    let txn = state.db.begin().await?;
    let mut m: activity_share::ActiveModel = share.into();
    m.family_feedback = Set(text);
    m.update(&txn).await?;
    let ev = Event::new("activity.feedback", "child", c.id).detail(json!({ "share": id }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{}#activities", c.id),
        Kind::Success,
        "Saved what the family said.",
    ))
}
