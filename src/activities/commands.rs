//! The changes to the activity library and to what was shared with a family, each one change
//! with its audit row: writing, editing over the version the form was opened at (the
//! replaced version kept in `activity_history`), copying, publishing, sharing, feedback.
use super::{
    form::Parsed,
    model::{self, Loaded, reindex, search_text},
};
use crate::{
    audit::{Actor, Change, Event},
    entities::{activity, activity_history, activity_share, activity_text, child},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QuerySelect, Set, sea_query::Expr,
};
use serde_json::json;

/// Replaces an activity's texts and its search index entry.
async fn write_texts(db: &impl ConnectionTrait, id: i32, p: &Parsed) -> Result<(), DbErr> {
    activity_text::Entity::delete_many()
        .filter(activity_text::Column::ActivityId.eq(id))
        .exec(db)
        .await?;
    let mut rows = Vec::new();
    for (lang, [title, summary, materials, steps, adapt, watch_for, safety]) in &p.texts {
        rows.push(
            activity_text::ActiveModel {
                activity_id: Set(id),
                lang: Set(*lang),
                title: Set(title.clone()),
                summary: Set(summary.clone()),
                materials: Set(materials.clone()),
                steps: Set(steps.clone()),
                adapt: Set(adapt.clone()),
                watch_for: Set(watch_for.clone()),
                safety: Set(safety.clone()),
                ..Default::default()
            }
            .insert(db)
            .await?,
        );
    }
    let folded = search_text(&rows);
    activity::Entity::update_many()
        .col_expr(activity::Column::SearchText, Expr::value(folded.clone()))
        .filter(activity::Column::Id.eq(id))
        .exec(db)
        .await?;
    reindex(db, id, &folded).await
}

/// Who writes, for which program, on which day (the activity's review date).
pub struct Author {
    pub program_id: i32,
    pub user_id: i32,
    pub today: NaiveDate,
}

/// Writes a new activity of the author's program, as a draft.
pub async fn create(
    db: &DatabaseConnection,
    actor: Actor,
    by: &Author,
    p: Parsed,
) -> Result<activity::Model, DbErr> {
    let now = Utc::now();
    let change = Change::begin(db, actor).await?;
    let a = activity::ActiveModel {
        program_id: Set(Some(by.program_id)),
        slug: Set(None),
        domains: Set(p.domains.clone()),
        cos_outcome: Set(p.cos_outcome),
        age_min: Set(p.age_min),
        age_max: Set(p.age_max),
        routines: Set(p.routines.clone()),
        status: Set(activity::Status::Draft),
        author_id: Set(Some(by.user_id)),
        last_reviewed: Set(Some(by.today)),
        edited_locally: Set(false),
        starter_revision: Set(0),
        search_text: Set(String::new()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    write_texts(change.db(), a.id, &p).await?;
    change
        .commit(Event::new("activity.created", "activity", a.id))
        .await?;
    Ok(a)
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Not an activity of the author's program.
    #[error("no such activity")]
    NotFound,
    /// Someone saved the activity since the form was opened; `current` is what they saved.
    #[error("the activity was saved by someone else meanwhile")]
    Stale { current: Box<Loaded> },
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Saves `p` over version `seen` of activity `id`, keeping the version it replaces. The
/// version check is in the update, so of two saves from one version only the first is
/// written and the second is told what the first saved.
pub async fn edit(
    db: &DatabaseConnection,
    actor: Actor,
    by: &Author,
    id: i32,
    seen: i32,
    p: Parsed,
) -> Result<(), EditError> {
    let change = Change::begin(db, actor).await?;
    let (a, texts) = model::load(change.db(), id)
        .await?
        .filter(|(a, _)| a.program_id == Some(by.program_id))
        .ok_or(EditError::NotFound)?;
    let res = activity::Entity::update_many()
        .col_expr(activity::Column::Domains, Expr::value(p.domains.clone()))
        .col_expr(activity::Column::Routines, Expr::value(p.routines.clone()))
        .col_expr(activity::Column::CosOutcome, Expr::value(p.cos_outcome))
        .col_expr(activity::Column::AgeMin, Expr::value(p.age_min))
        .col_expr(activity::Column::AgeMax, Expr::value(p.age_max))
        .col_expr(activity::Column::Version, Expr::value(seen + 1))
        .col_expr(activity::Column::LastReviewed, Expr::value(by.today))
        .col_expr(activity::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(activity::Column::Id.eq(id))
        .filter(activity::Column::Version.eq(seen))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let current = model::load(change.db(), id)
            .await?
            .ok_or(EditError::NotFound)?;
        return Err(EditError::Stale {
            current: Box::new(current),
        });
    }
    // The row read above is the version replaced: the update found it unchanged.
    let snapshot = json!({ "activity": {
        "domains": a.domains.to_string(), "routines": a.routines.to_string(), "cos_outcome": a.cos_outcome,
        "age_min": a.age_min, "age_max": a.age_max, "status": a.status,
    }, "texts": texts });
    activity_history::ActiveModel {
        activity_id: Set(id),
        version: Set(a.version),
        snapshot: Set(snapshot.to_string()),
        edited_by: Set(Some(by.user_id)),
        edited_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    write_texts(change.db(), id, &p).await?;
    let ev = Event::new("activity.edited", "activity", id).detail(json!({ "version": seen + 1 }));
    change.commit(ev).await?;
    Ok(())
}

/// Copies activity `a` (a starter one, or the program's own) into the program as a draft.
pub async fn copy(
    db: &DatabaseConnection,
    actor: Actor,
    by: &Author,
    a: activity::Model,
    p: Parsed,
) -> Result<activity::Model, DbErr> {
    let now = Utc::now();
    let from = a.id;
    let change = Change::begin(db, actor).await?;
    // Every column copied (reset_all marks them all for the insert), then the copy's own.
    let mut copy = activity::ActiveModel::from(a).reset_all();
    copy.id = sea_orm::ActiveValue::NotSet;
    copy.program_id = Set(Some(by.program_id));
    copy.status = Set(activity::Status::Draft);
    copy.author_id = Set(Some(by.user_id));
    copy.slug = Set(None);
    copy.version = Set(1);
    copy.created_at = Set(now);
    copy.updated_at = Set(now);
    let copy = copy.insert(change.db()).await?;
    write_texts(change.db(), copy.id, &p).await?;
    let ev = Event::new("activity.copied", "activity", copy.id).detail(json!({ "from": from }));
    change.commit(ev).await?;
    Ok(copy)
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// Published already (perhaps a moment ago, by another admin).
    #[error("the activity is published already")]
    AlreadyPublished,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Publishes the program's draft `id`: only a draft is published, once.
pub async fn publish(
    db: &DatabaseConnection,
    actor: Actor,
    program_id: i32,
    id: i32,
) -> Result<(), PublishError> {
    let change = Change::begin(db, actor).await?;
    let res = activity::Entity::update_many()
        .col_expr(
            activity::Column::Status,
            Expr::value(activity::Status::Published),
        )
        .filter(activity::Column::Id.eq(id))
        .filter(activity::Column::ProgramId.eq(program_id))
        .filter(activity::Column::Status.ne(activity::Status::Published))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(PublishError::AlreadyPublished);
    }
    change
        .commit(Event::new("activity.published", "activity", id))
        .await?;
    Ok(())
}

/// A share to record: at a visit, or from the child page for an outcome.
pub struct NewShare {
    pub activity_id: i32,
    pub child_id: i32,
    pub visit_id: Option<i32>,
    pub outcome: Option<i32>,
    pub by: i32,
    pub on: NaiveDate,
}

/// Records a share unless the same one is there: once per visit and activity, and outside a
/// visit once per activity, outcome and day. The child's row is locked first (PostgreSQL;
/// SQLite's writer lock does the same), so two shares at once cannot both find none.
/// Returns whether this call recorded it.
pub async fn share(db: &DatabaseConnection, actor: Actor, s: NewShare) -> Result<bool, DbErr> {
    let change = Change::begin(db, actor).await?;
    match share_in(&change, &s).await? {
        Some(ev) => {
            change.commit(ev).await?;
            Ok(true)
        }
        None => {
            change.rollback().await?;
            Ok(false)
        }
    }
}

/// The share inside someone else's change (the visit note saves its picked activities in
/// its own): writes the row unless the same one is there, and returns the event to record.
pub async fn share_in(change: &Change, s: &NewShare) -> Result<Option<Event>, DbErr> {
    child::Entity::find_by_id(s.child_id)
        .lock_exclusive()
        .one(change.db())
        .await?;
    let same = activity_share::Entity::find()
        .filter(activity_share::Column::ChildId.eq(s.child_id))
        .filter(activity_share::Column::ActivityId.eq(s.activity_id));
    let same = match s.visit_id {
        Some(v) => same.filter(activity_share::Column::VisitId.eq(v)),
        None => same
            .filter(activity_share::Column::VisitId.is_null())
            .filter(activity_share::Column::SharedOn.eq(s.on))
            .filter(match s.outcome {
                Some(o) => activity_share::Column::OutcomeOrigin.eq(o),
                None => activity_share::Column::OutcomeOrigin.is_null(),
            }),
    };
    if same.one(change.db()).await?.is_some() {
        return Ok(None);
    }
    let row = activity_share::ActiveModel {
        activity_id: Set(s.activity_id),
        child_id: Set(s.child_id),
        visit_id: Set(s.visit_id),
        outcome_origin: Set(s.outcome),
        shared_by: Set(s.by),
        shared_on: Set(s.on),
        family_feedback: Set(String::new()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    let ev = Event::new("activity.shared", "child", s.child_id).detail(json!({
        "activity": s.activity_id, "share": row.id, "visit": s.visit_id, "outcome": s.outcome,
    }));
    Ok(Some(ev))
}

#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    /// The feedback is no longer what the form showed (the family added to it meanwhile).
    #[error("the feedback changed since the form was shown")]
    Stale,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Sets what the family said about share `share_id` of child `child_id`, as staff wrote it
/// over `seen`, the text the form showed: a line the family added meanwhile is not lost.
pub async fn feedback(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    share_id: i32,
    seen: &str,
    text: String,
) -> Result<(), FeedbackError> {
    let change = Change::begin(db, actor).await?;
    let res = activity_share::Entity::update_many()
        .col_expr(activity_share::Column::FamilyFeedback, Expr::value(text))
        .filter(activity_share::Column::Id.eq(share_id))
        .filter(activity_share::Column::ChildId.eq(child_id))
        .filter(activity_share::Column::FamilyFeedback.eq(seen))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(FeedbackError::Stale);
    }
    let ev =
        Event::new("activity.feedback", "child", child_id).detail(json!({ "share": share_id }));
    change.commit(ev).await?;
    Ok(())
}
