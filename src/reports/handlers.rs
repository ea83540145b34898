//! The indicators page and its drill-downs: supervisors and admins of the program only;
//! every view (and every CSV) is audited with the indicator and the period.
use super::{
    Indicator, Period, Report, compute, export, views, views_618, views_c4, views_outcomes,
};
use crate::{
    audit::{Actor, Event},
    entities::program,
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::{Page, fields, form::Errors, respond},
};
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use sea_orm::EntityTrait;

/// What a drill-down shows: one of the timeline indicators, C3, C2, C4 or the 618 tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Drill {
    Figure(Indicator),
    C3,
    C2,
    /// C4: counts only.
    C4,
    /// The 618 tables.
    T618,
}

impl Drill {
    fn from_key(key: &str) -> Option<Drill> {
        match key {
            "c3" => Some(Drill::C3),
            "c2" => Some(Drill::C2),
            "c4" => Some(Drill::C4),
            "618" => Some(Drill::T618),
            k => Indicator::from_key(k).map(Drill::Figure),
        }
    }

    fn key(self) -> &'static str {
        match self {
            Drill::Figure(i) => i.key(),
            Drill::C3 => "c3",
            Drill::C2 => "c2",
            Drill::C4 => "c4",
            Drill::T618 => "618",
        }
    }
}

/// The period as typed (empty: the federal year containing today).
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(super) struct PeriodForm {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// The child-count date of C2 and the 618 tables (empty: the period's last day).
    #[serde(default)]
    pub count: String,
}

impl PeriodForm {
    /// The period and the count date.
    fn parse(&self, default: Period) -> Result<(Period, NaiveDate), Errors> {
        let mut errors = Errors::default();
        let pick = |errors: &mut Errors, field, v: &str, what, d| {
            if v.trim().is_empty() {
                Some(d)
            } else {
                fields::parse_date(errors, field, v, what)
            }
        };
        let from = pick(&mut errors, "from", &self.from, "first day", default.from);
        let to = pick(&mut errors, "to", &self.to, "last day", default.to);
        let count = match to {
            Some(to) => pick(&mut errors, "count", &self.count, "count date", to),
            None => None,
        };
        match (from, to, count) {
            (Some(from), Some(to), Some(count)) if from <= to => Ok((Period { from, to }, count)),
            (Some(_), Some(_), Some(_)) => {
                errors.add("to", "The last day must be on or after the first day.");
                Err(errors)
            }
            _ => Err(errors),
        }
    }
}

async fn report(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    form: &PeriodForm,
    indicator: Option<Drill>,
    format: &'static str,
) -> AppResult<Result<Report, Errors>> {
    policy::require(&state.db, &page.user, meta, Action::ViewReports).await?;
    let today = page.user.today();
    let (period, count_date) = match form.parse(Period::federal_year(today)) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let program = program::Entity::find_by_id(page.user.program_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let r = compute(&state.db, &program, period, count_date, today).await?;
    let ev = Event::new("report.viewed", "program", program.id).detail(serde_json::json!({
        "report": "indicators",
        "indicator": indicator.map_or("all", Drill::key),
        "from": period.from,
        "to": period.to,
        "count_date": count_date,
        "format": format,
    }));
    state
        .audit
        .record(&Actor::user(&page.user, meta), ev)
        .await?;
    Ok(Ok(r))
}

pub(super) async fn index(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Query(form): Query<PeriodForm>,
) -> AppResult<Response> {
    Ok(
        match report(&state, &page, &meta, &form, None, "html").await? {
            Ok(r) => views::index(&page, &form, &Errors::default(), Some(&r)).into_response(),
            Err(errors) => respond::invalid(views::index(&page, &form, &errors, None)),
        },
    )
}

/// `/reports/indicators/c7` (the page) or `/reports/indicators/c7.csv`.
pub(super) async fn detail(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(name): Path<String>,
    Query(form): Query<PeriodForm>,
) -> AppResult<Response> {
    let (key, csv) = match name.strip_suffix(".csv") {
        Some(k) => (k, true),
        None => (name.as_str(), false),
    };
    let drill = Drill::from_key(key).ok_or(AppError::NotFound)?;
    let format = if csv { "csv" } else { "html" };
    let r = match report(&state, &page, &meta, &form, Some(drill), format).await? {
        Ok(r) => r,
        Err(errors) => return Ok(respond::invalid(views::index(&page, &form, &errors, None))),
    };
    if !csv {
        return Ok(match drill {
            Drill::Figure(i) => views::detail(&page, &r, i),
            Drill::C3 => views_outcomes::c3_detail(&page, &r),
            Drill::C2 => views_outcomes::c2_detail(&page, &r),
            Drill::C4 => views_c4::detail(&page, &r),
            Drill::T618 => views_618::page(&page, &r),
        }
        .into_response());
    }
    let body = match drill {
        Drill::Figure(i) => export::detail_csv(&r, i),
        Drill::C3 => export::c3_csv(&r),
        Drill::C2 => export::c2_csv(&r),
        Drill::C4 => export::c4_csv(&r),
        Drill::T618 => export::t618_csv(&r),
    }
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let file = format!(
        "attachment; filename=\"{}-{}-{}.csv\"",
        drill.key(),
        r.period.from,
        r.period.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, file),
        ],
        body,
    )
        .into_response())
}
