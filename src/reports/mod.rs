//! Reports: the federal Part C indicators (C7, C1, C8A/B/C, C3 and C4 for the period, C2 on a
//! child-count date) for one program, with every child behind each number. The page, its
//! CSV, the dashboard and `hearth report indicators` all call [`compute`]: each child's
//! answers come from the one clock engine ([`answers`]), stored and recomputed only where
//! the record changed ([`store`]).
mod answers;
pub mod combined;
mod handlers;
pub mod indicators;
mod load;
pub mod scope;
mod store;
mod views;
mod views_618;
mod views_all;
mod views_c4;
mod views_outcomes;

pub mod cli;
pub mod export;
pub mod export_all;
pub mod targets;

pub use indicators::{
    Decision, Figure, Indicator, Period, Verdict, c2::C2, c3::C3, c4::C4, t618::Tables618,
};

use crate::{
    entities::{child, program},
    program::rules::ProgramRules,
    state::AppState,
    timeline::facts,
};
use axum::{Router, routing::get};
use chrono::NaiveDate;
use sea_orm::{
    ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
    sea_query::Query,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/indicators", get(handlers::index))
        .route("/reports/indicators/{indicator}", get(handlers::detail))
}

/// Who a row is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    pub program_name: String,
    pub period: Period,
    /// The day open clocks were judged on.
    pub as_of: NaiveDate,
    pub figures: Vec<Figure<ChildRef>>,
    pub c3: C3<ChildRef>,
    /// C2 (and the 618 child count) on its count date.
    pub c2: C2<ChildRef>,
    /// The 618 child count (on the count date) and exits (in the period).
    pub t618: Tables618,
    /// C5 and C6 on the count date.
    pub child_find: indicators::c5c6::ChildFind,
    /// C4, the family survey, in the period: counts only.
    pub c4: C4,
}

impl Report {
    pub fn figure(&self, i: Indicator) -> &Figure<ChildRef> {
        self.figures
            .iter()
            .find(|f| f.indicator == i)
            .expect("every indicator is computed")
    }
}

/// The indicators of one program and period: every child's answers come from the one clock
/// engine, stored per child and recomputed only where the record changed or a due date
/// passed ([`store`]). The page, its CSV, the dashboard and the CLI all call this.
pub async fn compute<C>(
    db: &C,
    program: &program::Model,
    period: Period,
    count_date: NaiveDate,
    today: NaiveDate,
) -> Result<Report, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    compute_timed(
        db,
        program,
        period,
        count_date,
        today,
        &mut Timings::default(),
    )
    .await
}

/// The time [`compute`] spent on each part (the loading, the clock engine, each indicator),
/// for `hearth bench --indicators-tier`. Kept on every run: a clock read per part per child
/// costs nanoseconds beside the queries.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub parts: Vec<(String, std::time::Duration)>,
}

impl Timings {
    fn add(&mut self, part: &str, since: std::time::Instant) {
        let d = since.elapsed();
        match self.parts.iter_mut().find(|(n, _)| n == part) {
            Some(p) => p.1 += d,
            None => self.parts.push((part.to_owned(), d)),
        }
    }
}

/// [`compute`], recording where the time went in `t`.
pub async fn compute_timed<C>(
    db: &C,
    program: &program::Model,
    period: Period,
    count_date: NaiveDate,
    today: NaiveDate,
    t: &mut Timings,
) -> Result<Report, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let as_of = period.as_of(today);
    let parts = store::parts(db, program, period, count_date, as_of, t).await?;
    finish(db, program, period, as_of, parts, t).await
}

/// The same report from every child's facts read now, storing nothing: what the stored
/// answers are checked against (`tests/indicators/stored.rs`, `hearth bench`).
pub async fn compute_live(
    db: &impl ConnectionTrait,
    program: &program::Model,
    period: Period,
    count_date: NaiveDate,
    today: NaiveDate,
    t: &mut Timings,
) -> Result<Report, DbErr> {
    use std::time::Instant;
    let rules = ProgramRules::from_json(&program.rules);
    let as_of = period.as_of(today);
    let started = Instant::now();
    let concerned = store::concerned(program.id, &period, count_date);
    let children = child::Entity::find()
        .filter(concerned.clone())
        .order_by_asc(child::Column::Id)
        .all(db)
        .await?;
    let scope = facts::Scope::Query(Box::new(
        Query::select()
            .column((child::Entity, child::Column::Id))
            .from(child::Entity)
            .cond_where(concerned)
            .to_owned(),
    ));
    t.add("loading: children", started);
    let started = Instant::now();
    let facts = facts::for_scope(db, &children, &scope).await?;
    t.add("loading: clock facts", started);
    let started = Instant::now();
    let extra = load::for_scope(db, &scope).await?;
    let none = load::Extra::default();
    t.add("loading: plans and COS", started);
    let started = Instant::now();
    let mut parts = answers::Parts::new(count_date);
    for c in &children {
        let Some(f) = facts.get(&c.id) else {
            continue;
        };
        let x = extra.get(&c.id).unwrap_or(&none);
        let (a, _) = answers::answer(c, f, x, &rules, &period, count_date, as_of);
        parts.add(a);
    }
    t.add("clock engine and rules", started);
    finish(db, program, period, as_of, parts, t).await
}

/// C5/C6 and C4 (counted in SQL, never per child) beside the children's parts.
async fn finish(
    db: &impl ConnectionTrait,
    program: &program::Model,
    period: Period,
    as_of: NaiveDate,
    parts: answers::Parts,
    t: &mut Timings,
) -> Result<Report, DbErr> {
    use std::time::Instant;
    let started = Instant::now();
    let child_find = load::child_find(db, program.id, parts.c2.count_date, &parts.t618).await?;
    t.add("C5 and C6", started);
    let started = Instant::now();
    let responses = load::survey_responses(db, program.id, &period).await?;
    let c4 = C4::count(&parts.families, &responses);
    t.add("C4", started);
    Ok(Report {
        program_id: program.id,
        program_slug: program.slug.clone(),
        program_name: program.name.clone(),
        period,
        as_of,
        figures: parts.figures,
        c3: parts.c3,
        c2: parts.c2,
        t618: parts.t618,
        child_find,
        c4,
    })
}
