//! Reports: the federal Part C indicators (C7, C1, C8A/B/C) for one program and period,
//! with every child behind each number. The page, its CSV and `hearth report indicators`
//! all call [`compute`], which runs the one clock engine on each child.
mod handlers;
pub mod indicators;
mod views;

pub mod cli;
pub mod export;

pub use indicators::{Decision, Figure, Indicator, Period, Verdict};

use crate::{
    entities::{child, program},
    program::rules::ProgramRules,
    state::AppState,
    timeline::{self, facts},
};
use axum::{Router, routing::get};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Children are loaded this many at a time (SQLite bounds the variables in one statement).
pub const BATCH: u64 = 500;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/indicators", get(handlers::index))
        .route("/reports/indicators/{indicator}", get(handlers::detail))
}

/// Who a row is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChildRef {
    pub id: i32,
    pub name: String,
    pub date_of_birth: NaiveDate,
}

/// Every indicator for one program and period.
#[derive(Debug, Clone)]
pub struct Report {
    pub program_id: i32,
    pub program_slug: String,
    pub period: Period,
    /// The day open clocks were judged on.
    pub as_of: NaiveDate,
    pub figures: Vec<Figure<ChildRef>>,
}

impl Report {
    pub fn figure(&self, i: Indicator) -> &Figure<ChildRef> {
        self.figures
            .iter()
            .find(|f| f.indicator == i)
            .expect("every indicator is computed")
    }
}

/// Computes the indicators over the program's children, [`BATCH`] at a time: each batch
/// costs the clock loader's fixed number of queries, never one per child.
pub async fn compute(
    db: &impl ConnectionTrait,
    program: &program::Model,
    period: Period,
    today: NaiveDate,
) -> Result<Report, DbErr> {
    let rules = ProgramRules::from_json(&program.rules);
    let as_of = period.as_of(today);
    let mut figures: Vec<Figure<ChildRef>> = Indicator::ALL.into_iter().map(Figure::new).collect();
    let mut after = 0;
    loop {
        let batch = child::Entity::find()
            .filter(child::Column::ProgramId.eq(program.id))
            .filter(child::Column::Id.gt(after))
            // Left before the period: in none of its counts.
            .filter(
                Condition::any()
                    .add(child::Column::ExitDate.is_null())
                    .add(child::Column::ExitDate.gte(period.from)),
            )
            .order_by_asc(child::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.id;
        let facts = facts::for_children(db, &batch).await?;
        for c in &batch {
            let Some(f) = facts.get(&c.id) else {
                continue;
            };
            let clocks = timeline::case::for_reporting(f, &rules, as_of);
            for fig in &mut figures {
                if let Some(d) = indicators::decide_with(fig.indicator, f, &clocks, &period, as_of)
                {
                    let who = ChildRef {
                        id: c.id,
                        name: c.full_name(),
                        date_of_birth: c.date_of_birth,
                    };
                    fig.push(who, d);
                }
            }
        }
        if (batch.len() as u64) < BATCH {
            break;
        }
    }
    Ok(Report {
        program_id: program.id,
        program_slug: program.slug.clone(),
        period,
        as_of,
        figures,
    })
}
