//! The indicators page and its drill-downs: supervisors and admins of the program only;
//! every view (and every CSV) is audited with the indicator and the period.
use super::{Indicator, Period, Report, compute, export, views};
use crate::{
    audit::{self, Actor, Event},
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
use sea_orm::EntityTrait;

/// The period as typed (empty: the federal year containing today).
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(super) struct PeriodForm {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

impl PeriodForm {
    fn parse(&self, default: Period) -> Result<Period, Errors> {
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
        match (from, to) {
            (Some(from), Some(to)) if from <= to => Ok(Period { from, to }),
            (Some(_), Some(_)) => {
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
    indicator: Option<Indicator>,
    format: &'static str,
) -> AppResult<Result<Report, Errors>> {
    policy::require(&state.db, &page.user, meta, Action::ViewReports).await?;
    let today = page.user.today();
    let period = match form.parse(Period::federal_year(today)) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let program = program::Entity::find_by_id(page.user.program_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let r = compute(&state.db, &program, period, today).await?;
    let ev = Event::new("report.viewed", "program", program.id).detail(serde_json::json!({
        "report": "indicators",
        "indicator": indicator.map_or("all", Indicator::key),
        "from": period.from,
        "to": period.to,
        "format": format,
    }));
    audit::record(&state.db, &Actor::user(&page.user, meta), ev).await?;
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
    let indicator = Indicator::from_key(key).ok_or(AppError::NotFound)?;
    let format = if csv { "csv" } else { "html" };
    let r = match report(&state, &page, &meta, &form, Some(indicator), format).await? {
        Ok(r) => r,
        Err(errors) => return Ok(respond::invalid(views::index(&page, &form, &errors, None))),
    };
    if !csv {
        return Ok(views::detail(&page, &r, indicator).into_response());
    }
    let body = export::detail_csv(&r, indicator).map_err(|e| AppError::Internal(e.to_string()))?;
    let file = format!(
        "attachment; filename=\"{}-{}-{}.csv\"",
        indicator.key(),
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
