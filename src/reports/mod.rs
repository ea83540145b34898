//! Reports: the federal Part C indicators (C7, C1, C8A/B/C, C3 and C4 for the period, C2 on a
//! child-count date) for one program, with every child behind each number. The page, its CSV and `hearth report indicators`
//! all call [`compute`], which runs the one clock engine on each child.
pub mod combined;
mod handlers;
pub mod indicators;
mod load;
pub mod scope;
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
    timeline::{self, facts},
};
use axum::{Router, routing::get};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Query,
};

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

/// Computes the indicators over the program's children: the children the period can concern
/// are read once, and each statement of the facts runs once for all of them (the database
/// aggregates the first visits), never once per child or per batch.
pub async fn compute(
    db: &impl ConnectionTrait,
    program: &program::Model,
    period: Period,
    count_date: NaiveDate,
    today: NaiveDate,
) -> Result<Report, DbErr> {
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
pub async fn compute_timed(
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
    let mut figures: Vec<Figure<ChildRef>> = Indicator::ALL.into_iter().map(Figure::new).collect();
    let mut c3 = C3::default();
    let mut c2 = C2::new(count_date);
    let mut t618 = Tables618::new();
    // C4's population: families of children with an IFSP in the period.
    let mut families = std::collections::HashSet::new();
    // Left before the period and before the count date: in none of the counts.
    let left_before = Ord::min(period.from, count_date);
    let started = Instant::now();
    // Left before the period and the count date: in none of its counts. The same condition
    // lists the children and, as a subquery, restricts every statement of the facts.
    let concerned = Condition::all()
        .add(child::Column::ProgramId.eq(program.id))
        .add(
            Condition::any()
                .add(child::Column::ExitDate.is_null())
                .add(child::Column::ExitDate.gte(left_before)),
        );
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
    for c in &children {
        let Some(f) = facts.get(&c.id) else {
            continue;
        };
        let who = || ChildRef {
            id: c.id,
            name: c.full_name(),
            date_of_birth: c.date_of_birth,
        };
        let x = extra.get(&c.id).unwrap_or(&none);
        let started = Instant::now();
        if let Some(d) = indicators::c2::decide(f, &x.plans, count_date) {
            if d.status.in_child_count() {
                t618.count(d.age_months, c.sex, c.race_ethnicity);
            }
            c2.push(who(), d);
        }
        t.add("C2 and the 618 child count", started);
        if f.exit_date.is_some_and(|e| e < period.from) {
            continue;
        }
        if x.plans.iter().any(|p| p.meeting_date <= period.to) {
            families.insert(c.family_id);
        }
        if c.exit_date.is_some_and(|e| period.contains(e)) && c.initial_ifsp_on.is_some() {
            t618.exit(c.exit_category);
        }
        let started = Instant::now();
        if let Some(d) = indicators::c3::decide(f, &x.cos, &period) {
            c3.push(who(), d);
        }
        t.add("C3", started);
        let started = Instant::now();
        let clocks = timeline::case::for_reporting(f, &rules, as_of);
        t.add("clock engine (C7, C1, C8)", started);
        for fig in &mut figures {
            let started = Instant::now();
            if let Some(d) = indicators::decide_with(fig.indicator, f, &clocks, &period, as_of) {
                fig.push(who(), d);
            }
            t.add(fig.indicator.code(), started);
        }
    }
    let started = Instant::now();
    let child_find = load::child_find(db, program.id, count_date, &t618).await?;
    t.add("C5 and C6", started);
    let started = Instant::now();
    let responses = load::survey_responses(db, program.id, &period).await?;
    let c4 = C4::count(&families, &responses);
    t.add("C4", started);
    Ok(Report {
        program_id: program.id,
        program_slug: program.slug.clone(),
        program_name: program.name.clone(),
        period,
        as_of,
        figures,
        c3,
        c2,
        t618,
        child_find,
        c4,
    })
}
