//! Saving a year's population: one row per program and year, replaced when saved again.
use crate::{
    audit::{Actor, Change, Event},
    entities::program_population,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, sea_query::Expr,
};

/// A year's population, already checked (whole numbers, birth to one ≤ birth to three).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Population {
    pub year: i32,
    pub birth_to_one: i32,
    pub birth_to_three: i32,
}

/// Writes the year's figures (the update first: a year already entered is replaced, and
/// the audit row keeps what it held). The writer transaction queues concurrent saves.
pub async fn save(
    db: &DatabaseConnection,
    actor: Actor,
    program_id: i32,
    by: i32,
    p: Population,
) -> Result<(), DbErr> {
    let change = Change::begin(db, actor).await?;
    let before = program_population::Entity::find()
        .filter(program_population::Column::ProgramId.eq(program_id))
        .filter(program_population::Column::Year.eq(p.year))
        .one(change.db())
        .await?;
    let res = program_population::Entity::update_many()
        .col_expr(
            program_population::Column::BirthToOne,
            Expr::value(p.birth_to_one),
        )
        .col_expr(
            program_population::Column::BirthToThree,
            Expr::value(p.birth_to_three),
        )
        .col_expr(program_population::Column::UpdatedBy, Expr::value(by))
        .col_expr(
            program_population::Column::UpdatedAt,
            Expr::value(Utc::now()),
        )
        .filter(program_population::Column::ProgramId.eq(program_id))
        .filter(program_population::Column::Year.eq(p.year))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        program_population::ActiveModel {
            program_id: Set(program_id),
            year: Set(p.year),
            birth_to_one: Set(p.birth_to_one),
            birth_to_three: Set(p.birth_to_three),
            updated_by: Set(by),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(change.db())
        .await?;
    }
    let ev =
        Event::new("program.population_saved", "program", program_id).detail(serde_json::json!({
            "year": p.year,
            "birth_to_one": p.birth_to_one,
            "birth_to_three": p.birth_to_three,
            "before": before.map(|b| [b.birth_to_one, b.birth_to_three]),
        }));
    change.commit(ev).await?;
    Ok(())
}
