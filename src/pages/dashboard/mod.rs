//! The program dashboard (`/dashboard`, issue #14): for supervisors and admins, the program at
//! a glance — active children, referrals, overdue items by coordinator, visits delivered
//! against planned, coaching notes sent and opened, credentials expiring, and each federal
//! indicator this year against the program's target. Every number comes from the domain that
//! owns it: overdue items from the clock engine (through the caseload query), the indicators
//! from `reports::compute`, the monthly trends from `GROUP BY` month statements. The page
//! costs a fixed number of statements however many children the program has.
mod chart;
mod monthly;
pub mod views;

use crate::{
    audit::Event,
    children::model::{self as children, Scope},
    entities::{Choice, credential, program, user},
    error::AppResult,
    meta::RequestMeta,
    program::rules::ProgramRules,
    reports::{
        self, Period,
        scope::{self, Chosen},
        targets::{self, Measure, Target},
    },
    staff::credentials,
    state::AppState,
    views::Page,
};
use axum::{
    Router,
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use chrono::NaiveDate;
use monthly::{Month, Series};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/dashboard", get(index))
}

/// One coordinator's overdue items over their open children.
pub struct Overdue {
    /// `None`: children with no coordinator.
    pub coordinator: Option<user::Person>,
    pub items: usize,
    pub children: usize,
}

/// One indicator this year beside its target.
pub struct IndicatorRow {
    pub measure: Measure,
    pub figure: Option<(usize, usize)>,
    pub target: Option<Target>,
}

impl IndicatorRow {
    /// Met, not met, or `None` when there is no target or no figure to compare.
    pub fn met(&self) -> Option<bool> {
        let (t, (n, d)) = (self.target?, self.figure?);
        (d > 0).then(|| t.met_by(n, d))
    }
}

pub struct Dashboard {
    pub today: NaiveDate,
    /// Children in service (status active).
    pub active: usize,
    pub overdue: Vec<Overdue>,
    pub referrals: Series,
    pub visits: Series,
    pub notes: Series,
    pub expiring: Vec<(credential::Model, user::Person)>,
    pub period: Period,
    pub indicators: Vec<IndicatorRow>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Which {
    /// A program's slug: the lead agency's choice (anyone else's own, or empty).
    #[serde(default)]
    program: String,
}

async fn index(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Query(which): Query<Which>,
) -> AppResult<Response> {
    let u = &page.user;
    let program = match scope::choose(&state.db, u, &meta, &which.program).await {
        Ok(Chosen::One(p)) => p,
        // The lead agency without a program: its home lists them, each one click from here.
        Ok(Chosen::All(_)) => return Ok(Redirect::to("/").into_response()),
        Err(e) => return scope::refuse(&page, e, views::HREF),
    };
    let rules = ProgramRules::from_json(&program.rules);
    let today = chrono::Utc::now().with_timezone(&program.tz()).date_naive();
    let d = load(&state, &program, &rules, today).await?;
    let ev = Event::new("report.viewed", "program", program.id).detail(serde_json::json!({
        "report": "dashboard",
        "from": d.referrals.months.first().map(|m| m.first()),
        "indicators_from": d.period.from,
        "indicators_to": d.period.to,
        "role": u.role.as_str(),
    }));
    state
        .audit
        .record(&scope::actor(u, &meta, program.id), ev)
        .await?;
    Ok(views::page(&page, &d, &program).into_response())
}

/// This federal year's figures of every measure beside the program's targets (the
/// dashboard's table and the lead agency's home).
pub async fn indicator_rows(
    db: &(impl sea_orm::ConnectionTrait + sea_orm::TransactionTrait),
    program: &program::Model,
    today: NaiveDate,
) -> AppResult<(Period, Vec<IndicatorRow>)> {
    let period = Period::federal_year(today);
    let report = reports::compute(db, program, period, period.to, today).await?;
    let goals = targets::load(db, program.id).await?;
    let rows = Measure::all()
        .into_iter()
        .map(|m| IndicatorRow {
            measure: m,
            figure: m.figure(&report),
            target: goals.get(&m).copied(),
        })
        .collect();
    Ok((period, rows))
}

async fn load(
    state: &AppState,
    program: &program::Model,
    rules: &ProgramRules,
    today: NaiveDate,
) -> AppResult<Dashboard> {
    let db = &state.db;
    let program_id = program.id;
    let months = Month::last_twelve(today);
    let rows = children::caseload(db, program_id, Scope::Program, rules, today).await?;
    let coordinators = children::coordinators(db, program_id).await?;
    let active = rows
        .iter()
        .filter(|r| r.child.status == crate::entities::child::Status::Active)
        .count();
    // Overdue items per coordinator over the open children, as the clock engine counts them.
    let mut counted: HashMap<Option<i32>, (usize, usize)> = HashMap::new();
    for r in rows.iter().filter(|r| r.child.status.is_open()) {
        let n = r.overdue();
        if n > 0 {
            let e = counted.entry(r.child.coordinator_id).or_default();
            e.0 += n;
            e.1 += 1;
        }
    }
    let mut overdue: Vec<Overdue> = coordinators
        .into_iter()
        .map(|c| {
            let (items, children) = counted.remove(&Some(c.id)).unwrap_or_default();
            Overdue {
                coordinator: Some(c),
                items,
                children,
            }
        })
        .collect();
    // Children still assigned to a coordinator no longer active: one statement names them all.
    let former: Vec<i32> = counted.keys().flatten().copied().collect();
    if !former.is_empty() {
        let people: Vec<user::Person> = user::Entity::find()
            .filter(user::Column::Id.is_in(former))
            .into_partial_model()
            .all(db)
            .await?;
        for p in people {
            let (items, children) = counted.remove(&Some(p.id)).unwrap_or_default();
            overdue.push(Overdue {
                coordinator: Some(p),
                items,
                children,
            });
        }
    }
    if let Some((items, children)) = counted.remove(&None) {
        overdue.push(Overdue {
            coordinator: None,
            items,
            children,
        });
    }
    let expiring =
        credentials::expiring(db, program_id, today, rules.credential_warning_days).await?;
    let (period, indicators) = indicator_rows(db, program, today).await?;
    Ok(Dashboard {
        today,
        active,
        overdue,
        referrals: monthly::referrals(db, program_id, &months).await?,
        visits: monthly::visits(db, program_id, &months).await?,
        notes: monthly::notes(db, program_id, &months).await?,
        expiring,
        period,
        indicators,
    })
}
