//! Sharing activities with a family: at a visit, or from the child page for an outcome; and
//! what the family said about them. Every share and every note of feedback is audited. A
//! refused share goes back to the page it came from, and both pages sit above this domain:
//! the visit page (`visits`) and the child page (`pages::child`) render the refusal. What the
//! family said is posted to the child page too, which shows a refusal beside the words typed.
use super::{commands, model};
use crate::{
    audit::Actor,
    children::authorized_child,
    entities::{activity_share, child, user::Role, visit},
    error::{AppError, AppResult},
    i18n::Lang,
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::{
        Page,
        fields::paragraph,
        flash::{self, Kind},
        form::Errors,
    },
};
use axum::response::Response;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShareForm {
    pub activity_id: String,
    pub outcome: String,
}

/// Records one share (once per visit and activity), then returns to `back`. `Err` holds the
/// refusal, next to the activity field, for the page the share came from to show.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    c: &child::Model,
    v: Option<&visit::Model>,
    on: NaiveDate,
    form: &ShareForm,
    back: &str,
) -> AppResult<Result<Response, Errors>> {
    let activity = match form.activity_id.parse::<i32>() {
        Ok(aid) => model::load(&state.db, aid).await?,
        Err(_) => None,
    };
    let Some((a, _)) =
        activity.filter(|(a, _)| a.program_id.is_none_or(|p| p == page.user.program_id))
    else {
        return Ok(Ok(flash::redirect(
            state,
            back,
            Kind::Error,
            "Choose an activity from the list.",
        )));
    };
    // A draft is the program's work in progress: an admin publishes it before any family
    // gets it.
    if a.status != crate::entities::activity::Status::Published {
        let mut e = Errors::default();
        e.add(
            "activity_id",
            "This activity has not been published yet: an admin publishes it before it can be shared with a family. Choose a published activity.",
        );
        return Ok(Err(e));
    }
    let outcomes = crate::ifsp::model::plan_outcomes(&state.db, c.id).await?;
    let outcome = form
        .outcome
        .parse::<i32>()
        .ok()
        .filter(|o| outcomes.iter().any(|(id, _)| id == o));
    let share = commands::NewShare {
        activity_id: a.id,
        child_id: c.id,
        visit_id: v.map(|v| v.id),
        outcome,
        by: page.user.id,
        on,
    };
    commands::share(&state.db, Actor::user(&page.user, meta), share).await?;
    Ok(Ok(flash::redirect(
        state,
        back,
        Kind::Success,
        "Activity shared.",
    )))
}

/// Shares an activity from the child page, for an outcome, outside a visit. Providers share
/// with the children they serve; other staff need to be able to change the child's record.
/// `Err` holds the child and the refusal, for the child page to show.
pub async fn share_with_child(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    form: &ShareForm,
) -> AppResult<Result<Response, (child::Model, Errors)>> {
    let c = authorized_child(state, page, meta, id, Action::ViewChild).await?;
    if page.user.role != Role::Provider {
        policy::authorize(
            &state.db,
            &page.user,
            meta,
            Action::EditChild,
            Target::child(&c),
        )
        .await?;
    }
    let back = format!("/children/{id}#activities");
    let done = record(state, page, meta, &c, None, page.user.today(), form, &back).await?;
    Ok(done.map_err(|e| (c, e)))
}

/// Whether every one of `ids` may be shared by someone of `program`: published, and the
/// program's own or the starter library's. One statement however many are picked.
pub async fn all_shareable(
    db: &sea_orm::DatabaseConnection,
    program: i32,
    ids: &[i32],
) -> Result<bool, sea_orm::DbErr> {
    if ids.is_empty() {
        return Ok(true);
    }
    let found = crate::entities::activity::Entity::find()
        .filter(crate::entities::activity::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(found.len() == ids.len()
        && found.iter().all(|a| {
            a.status == crate::entities::activity::Status::Published
                && a.program_id.is_none_or(|p| p == program)
        }))
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
                .and_then(|t| t.get(&Lang::En))
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
    /// What the family had said when the form was shown.
    pub seen: String,
}

/// The most what the family said may hold, in characters: refused beyond it, never cut.
pub const FEEDBACK_MAX: usize = 1000;

/// What the family said about a shared activity, refused: the share, the words as typed,
/// and the errors, for the child page (which posts it, and sits above this domain) to show.
pub struct FeedbackRefused {
    pub child: child::Model,
    pub share: i32,
    pub errors: Errors,
}

/// Records what the family said about a shared activity: by whoever shared it, or by staff
/// who may change the child's record. Text over [`FEEDBACK_MAX`] is refused (`Err`), so
/// nothing is cut without the writer knowing.
pub async fn feedback(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    form: &FeedbackForm,
) -> AppResult<Result<Response, FeedbackRefused>> {
    let share = activity_share::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = authorized_child(state, page, meta, share.child_id, Action::ViewChild).await?;
    if share.shared_by != page.user.id {
        policy::authorize(
            &state.db,
            &page.user,
            meta,
            Action::EditChild,
            Target::child(&c),
        )
        .await?;
    }
    // Browsers send a form's line breaks as CRLF; the record keeps LF.
    let lf = |t: &str| t.replace("\r\n", "\n");
    let mut errors = Errors::default();
    let text = paragraph(&mut errors, "feedback", &lf(&form.feedback), FEEDBACK_MAX);
    if !errors.is_empty() {
        return Ok(Err(FeedbackRefused {
            child: c,
            share: id,
            errors,
        }));
    }
    let seen = lf(&form.seen);
    let actor = Actor::user(&page.user, meta);
    let back = format!("/children/{}#activities", c.id);
    match commands::feedback(&state.db, actor, c.id, id, &seen, text).await {
        Ok(()) => Ok(Ok(flash::redirect(
            state,
            &back,
            Kind::Success,
            "Saved what the family said.",
        ))),
        Err(commands::FeedbackError::Stale) => Ok(Ok(flash::redirect(
            state,
            &back,
            Kind::Error,
            "What the family said changed while you were writing (they may have added to it from their page). Nothing was overwritten: it is shown below; add your words to it and save again.",
        ))),
        Err(commands::FeedbackError::Db(e)) => Err(e.into()),
    }
}
