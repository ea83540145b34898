//! Recording a child's COS ratings: entry once, exit once.
use crate::{
    audit::{Actor, Change, Event},
    entities::cos_rating::{self, Phase},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, Set, SqlErr};
use serde_json::json;

/// Ratings checked against the child's earlier ones, ready to store.
pub struct NewCos {
    pub phase: Phase,
    pub rated_on: NaiveDate,
    pub ratings: [i16; 3],
    pub new_skills: [Option<bool>; 3],
    pub evidence: String,
    pub team: String,
    pub by: i32,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordCosError {
    /// This phase is recorded already (perhaps a moment ago): the unique index's answer.
    #[error("these ratings are already recorded")]
    AlreadyRecorded,
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub async fn record_cos(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    r: NewCos,
) -> Result<cos_rating::Model, RecordCosError> {
    let change = Change::begin(db, actor).await?;
    let row = cos_rating::ActiveModel {
        child_id: Set(child_id),
        phase: Set(r.phase),
        rated_on: Set(r.rated_on),
        rating_a: Set(r.ratings[0]),
        rating_b: Set(r.ratings[1]),
        rating_c: Set(r.ratings[2]),
        new_skills_a: Set(r.new_skills[0]),
        new_skills_b: Set(r.new_skills[1]),
        new_skills_c: Set(r.new_skills[2]),
        evidence: Set(r.evidence),
        team: Set(r.team),
        created_by: Set(r.by),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(change.db())
    .await;
    let row = match row {
        Ok(r) => r,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(RecordCosError::AlreadyRecorded);
        }
        Err(e) => return Err(e.into()),
    };
    let ev = Event::new("cos.recorded", "child", child_id).detail(json!({ "phase": row.phase }));
    change.commit(ev).await?;
    Ok(row)
}
