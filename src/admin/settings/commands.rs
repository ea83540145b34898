//! Saving the program's rules over the rules the form was opened with: a save from a page
//! opened before another admin's save is refused, never written over theirs.
use crate::{
    audit::{Actor, Change, Event},
    entities::program,
    program::rules::ProgramRules,
};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use sha2::{Digest, Sha256};

/// What the settings form carries of the rules it was opened with (a hidden field): the
/// rules' fingerprint, so a later save can tell whether they changed in between.
pub fn fingerprint(r: &ProgramRules) -> String {
    hex::encode(Sha256::digest(r.to_json().as_bytes()))
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone saved other rules since the form was opened; `current` is what they saved.
    #[error("the program's rules were saved by someone else meanwhile")]
    Stale { current: Box<ProgramRules> },
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Replaces the program's rules with `rules`, if they are still the rules `seen` names.
/// The stored text read here is the update's condition too, so a save that lands in
/// between (PostgreSQL reads do not wait for writers) is not overwritten either; the audit
/// row holds exactly what was replaced.
pub async fn save(
    db: &DatabaseConnection,
    actor: Actor,
    program_id: i32,
    seen: &str,
    rules: &ProgramRules,
) -> Result<(), SaveError> {
    let change = Change::begin(db, actor).await?;
    let stored = program::Entity::find_by_id(program_id)
        .one(change.db())
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("program {program_id}")))?
        .rules;
    let before = ProgramRules::from_json(&stored);
    if fingerprint(&before) != seen {
        return Err(SaveError::Stale {
            current: Box::new(before),
        });
    }
    let res = program::Entity::update_many()
        .col_expr(program::Column::Rules, Expr::value(rules.to_json()))
        .filter(program::Column::Id.eq(program_id))
        .filter(program::Column::Rules.eq(stored.clone()))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let now = program::Entity::find_by_id(program_id)
            .one(change.db())
            .await?
            .map(|p| ProgramRules::from_json(&p.rules))
            .unwrap_or_default();
        return Err(SaveError::Stale {
            current: Box::new(now),
        });
    }
    let ev = Event::new("program.rules_changed", "program", program_id).detail(serde_json::json!({
        "before": serde_json::from_str::<serde_json::Value>(&stored).unwrap_or_default(),
        "after": rules,
    }));
    change.commit(ev).await?;
    Ok(())
}
