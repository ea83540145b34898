//! Mileage: miles per visit, monthly totals per provider, and a CSV for reimbursement.
//! Providers see their own; supervisors and admins see everyone's.
use super::schedule::span;
use crate::{
    audit::{Actor, Event},
    entities::{user, visit},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::{Page, layout},
};
use axum::{
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{Datelike, Months, NaiveDate};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MonthQuery {
    pub month: String,
}

fn miles(tenths: i64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The month asked for (`YYYY-MM`), or this month.
fn month_of(q: &MonthQuery, today: NaiveDate) -> NaiveDate {
    NaiveDate::parse_from_str(&format!("{}-01", q.month), "%Y-%m-%d")
        .unwrap_or_else(|_| today.with_day(1).unwrap_or(today))
}

/// Delivered visits with mileage in the month, for everyone or for one provider.
async fn rows(
    state: &AppState,
    page: &Page,
    first: NaiveDate,
) -> AppResult<(Vec<visit::Model>, BTreeMap<i32, String>, bool)> {
    let everyone = policy::can(
        &page.user,
        Action::ViewProgramCaseload,
        &Target::program(&page.user),
    );
    let next = first + Months::new(1);
    let mut q = visit::Entity::find()
        .filter(visit::Column::ProgramId.eq(page.user.program_id))
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .filter(visit::Column::StartsAt.gte(first.and_hms_opt(0, 0, 0).unwrap_or_default()))
        .filter(visit::Column::StartsAt.lt(next.and_hms_opt(0, 0, 0).unwrap_or_default()));
    if !everyone {
        q = q.filter(visit::Column::ProviderId.eq(page.user.id));
    }
    let visits = q
        .order_by_asc(visit::Column::ProviderId)
        .order_by_asc(visit::Column::StartsAt)
        .all(&state.db)
        .await?;
    // The names of the providers listed, not of every staff member.
    let names = user::Entity::find()
        .filter(user::Column::ProgramId.eq(page.user.program_id))
        .filter(
            user::Column::Id.is_in(
                visits
                    .iter()
                    .map(|v| v.provider_id)
                    .collect::<std::collections::BTreeSet<i32>>(),
            ),
        )
        .into_partial_model::<user::Person>()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok((visits, names, everyone))
}

pub async fn report(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Query(q): Query<MonthQuery>,
) -> AppResult<Markup> {
    let first = month_of(&q, page.user.today());
    let (visits, names, everyone) = rows(&state, &page, first).await?;
    let mut totals: BTreeMap<i32, (usize, i64)> = BTreeMap::new();
    for v in &visits {
        let t = totals.entry(v.provider_id).or_default();
        t.0 += 1;
        t.1 += i64::from(v.mileage_tenths);
    }
    state
        .audit
        .record(
            &Actor::user(&page.user, &meta),
            Event::new("mileage.viewed", "program", page.user.program_id)
                .detail(json!({ "month": first.format("%Y-%m").to_string() })),
        )
        .await?;
    let month = first.format("%Y-%m").to_string();
    let prev = (first - Months::new(1)).format("%Y-%m").to_string();
    let next = (first + Months::new(1)).format("%Y-%m").to_string();
    Ok(layout::page(
        &page,
        "Mileage",
        "/mileage",
        html! {
            h1 { "Mileage, " (first.format("%B %Y")) }
            nav class="filters" aria-label="Month" {
                a href={"/mileage?month=" (prev)} { "← Previous month" } " · "
                a href={"/mileage?month=" (next)} { "Next month →" } " · "
                a href={"/mileage.csv?month=" (month)} download { "Download CSV" }
            }
            table {
                caption { "Totals per provider" }
                thead { tr { th scope="col" { "Provider" } th scope="col" { "Visits" } th scope="col" { "Miles" } } }
                tbody {
                    @for (id, (n, tenths)) in &totals {
                        tr { td { (names.get(id).cloned().unwrap_or_default()) } td { (n) } td { (miles(*tenths)) } }
                    }
                }
            }
            @if !everyone {
                h2 { "Your visits" }
                ul class="due" { @for v in &visits { li { a href={"/visits/" (v.id)} { (span(v.starts_at, v.ends_at)) } span { (miles(i64::from(v.mileage_tenths))) " miles" } } } }
            }
        },
    ))
}

/// One row per delivered visit: provider, date, times, miles. No child names: reimbursement
/// needs none, and the file leaves the system.
pub async fn csv(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Query(q): Query<MonthQuery>,
) -> AppResult<Response> {
    let first = month_of(&q, page.user.today());
    let (visits, names, _) = rows(&state, &page, first).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let write = |w: &mut csv::Writer<Vec<u8>>, r: &[String]| {
        w.write_record(r)
            .map_err(|e| AppError::Internal(e.to_string()))
    };
    write(
        &mut w,
        &["provider", "visit_id", "date", "start", "end", "miles"].map(String::from),
    )?;
    for v in &visits {
        write(
            &mut w,
            &[
                names.get(&v.provider_id).cloned().unwrap_or_default(),
                v.id.to_string(),
                v.starts_at.date().to_string(),
                v.starts_at.format("%H:%M").to_string(),
                v.ends_at.format("%H:%M").to_string(),
                miles(i64::from(v.mileage_tenths)),
            ],
        )?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let month = first.format("%Y-%m").to_string();
    state
        .audit
        .record(
            &Actor::user(&page.user, &meta),
            Event::new("mileage.exported", "program", page.user.program_id)
                .detail(json!({ "month": month, "rows": visits.len() })),
        )
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"mileage-{month}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// Miles with at most one decimal, stored in tenths so monthly totals add up exactly.
pub(super) fn parse_mileage(e: &mut crate::views::form::Errors, v: &str) -> i32 {
    let v = v.trim();
    if v.is_empty() {
        return 0;
    }
    let (whole, frac) = v.split_once('.').unwrap_or((v, "0"));
    let parsed = match (whole.parse::<u32>(), frac.len(), frac.parse::<u32>()) {
        (Ok(w), 1, Ok(f)) if w <= 999 => Some(w * 10 + f),
        (Ok(w), 0, _) if w <= 999 => Some(w * 10),
        _ => None,
    };
    match parsed {
        Some(t) => t as i32,
        None => {
            e.add(
                "mileage",
                "Enter the miles as a number up to 999.9, like 12.5.",
            );
            0
        }
    }
}
