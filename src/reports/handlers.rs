//! The indicators page and its drill-downs: supervisors and admins of their program, the lead
//! agency of any program (`?program=SLUG`) or all of them; every view (and every CSV) is
//! audited with the indicator, the period and the program read, in that program's log.
use super::{
    Indicator, Period, Report,
    combined::{self, Combined},
    compute, export,
    scope::{self, Chosen},
    views, views_618, views_all, views_c4, views_outcomes,
};
use crate::{
    audit::Event,
    entities::{Choice, program, user::Role},
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{Page, fields, form::Errors, pager, respond},
};
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;

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
    /// Every figure of the page (CSV only).
    All,
}

impl Drill {
    fn from_key(key: &str) -> Option<Drill> {
        match key {
            "c3" => Some(Drill::C3),
            "c2" => Some(Drill::C2),
            "c4" => Some(Drill::C4),
            "618" => Some(Drill::T618),
            "all" => Some(Drill::All),
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
            Drill::All => "all",
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
    /// A program's slug (the lead agency's picker; empty: the user's own, or for the lead
    /// agency every program).
    #[serde(default)]
    pub program: String,
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

/// What a report request reads: one program's report, or every program's (the lead agency).
pub(super) enum Read {
    One(Box<Report>),
    All(Combined),
}

/// What a request gets: the reading and the lead agency's picker (empty for anyone else), a
/// form to correct, or a response already made (a program that does not exist).
enum Got {
    Read(Read, Vec<program::Model>),
    Invalid(Errors, Vec<program::Model>),
    Answered(Response),
}

async fn report(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    form: &PeriodForm,
    indicator: Option<Drill>,
    format: &'static str,
) -> AppResult<Got> {
    let u = &page.user;
    let chosen = match scope::choose(&state.db, u, meta, &form.program).await {
        Ok(c) => c,
        Err(e) => return scope::refuse(page, e, views::HREF).map(Got::Answered),
    };
    let picker = if u.role == Role::LeadAgency {
        scope::programs(&state.db).await?
    } else {
        Vec::new()
    };
    let today = u.today();
    let (period, count_date) = match form.parse(Period::federal_year(today)) {
        Ok(p) => p,
        Err(e) => return Ok(Got::Invalid(e, picker)),
    };
    let audit = |program_id: i32, scope: &'static str| {
        Event::new("report.viewed", "program", program_id).detail(serde_json::json!({
            "report": "indicators",
            "indicator": indicator.map_or("all", Drill::key),
            "from": period.from,
            "to": period.to,
            "count_date": count_date,
            "format": format,
            "scope": scope,
            "role": u.role.as_str(),
        }))
    };
    let read = match chosen {
        Chosen::One(program) => {
            let today = chrono::Utc::now().with_timezone(&program.tz()).date_naive();
            let r = compute(&state.db, &program, period, count_date, today).await?;
            let ev = audit(program.id, "program");
            state
                .audit
                .record(&scope::actor(u, meta, program.id), ev)
                .await?;
            Read::One(Box::new(r))
        }
        Chosen::All(programs) => {
            let c =
                combined::all_programs(&state.db, programs, period, count_date, chrono::Utc::now())
                    .await?;
            // One row in each program's log: every program's figures were read.
            for (p, _) in &c.reports {
                let ev = audit(p.id, "all_programs");
                state.audit.record(&scope::actor(u, meta, p.id), ev).await?;
            }
            Read::All(c)
        }
    };
    Ok(Got::Read(read, picker))
}

pub(super) async fn index(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Query(form): Query<PeriodForm>,
) -> AppResult<Response> {
    Ok(
        match report(&state, &page, &meta, &form, None, "html").await? {
            Got::Read(Read::One(r), picker) => {
                views::index(&page, &form, &Errors::default(), Some(&r), &picker).into_response()
            }
            Got::Read(Read::All(c), _) => views_all::page(&page, &form, &c).into_response(),
            Got::Invalid(errors, picker) => {
                respond::invalid(views::index(&page, &form, &errors, None, &picker))
            }
            Got::Answered(res) => res,
        },
    )
}

/// `/reports/indicators/c7` (the page) or `/reports/indicators/c7.csv`; `all.csv`, the
/// figures of the page (one program's, or every program's summed for the lead agency).
pub(super) async fn detail(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(name): Path<String>,
    Query(form): Query<PeriodForm>,
    Query(ask): Query<pager::Ask>,
) -> AppResult<Response> {
    let (key, csv) = match name.strip_suffix(".csv") {
        Some(k) => (k, true),
        None => (name.as_str(), false),
    };
    let drill = Drill::from_key(key).ok_or(AppError::NotFound)?;
    if drill == Drill::All && !csv {
        return Err(AppError::NotFound);
    }
    let format = if csv { "csv" } else { "html" };
    let r = match report(&state, &page, &meta, &form, Some(drill), format).await? {
        Got::Read(Read::One(r), _) => r,
        Got::Read(Read::All(c), _) if drill == Drill::All => {
            let body = super::export_all::combined_csv(&c)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            return Ok(csv_file("all", &c.period, body));
        }
        Got::Read(Read::All(c), _) => {
            let programs: Vec<_> = c.reports.into_iter().map(|(p, _)| p).collect();
            return Ok(views_all::choose(&page, drill.key(), &form, &programs).into_response());
        }
        Got::Invalid(errors, picker) => {
            return Ok(respond::invalid(views::index(
                &page, &form, &errors, None, &picker,
            )));
        }
        Got::Answered(res) => return Ok(res),
    };
    if !csv {
        return Ok(match drill {
            Drill::Figure(i) => views::detail(&page, &r, i, &ask),
            Drill::C3 => views_outcomes::c3_detail(&page, &r, &ask),
            Drill::C2 => views_outcomes::c2_detail(&page, &r, &ask),
            Drill::C4 => views_c4::detail(&page, &r),
            Drill::T618 => views_618::page(&page, &r),
            Drill::All => unreachable!("refused above"),
        }
        .into_response());
    }
    let body = match drill {
        Drill::Figure(i) => export::detail_csv(&r, i),
        Drill::C3 => export::c3_csv(&r),
        Drill::C2 => export::c2_csv(&r),
        Drill::C4 => export::c4_csv(&r),
        Drill::T618 => export::t618_csv(&r),
        Drill::All => export::summary_csv(&r),
    }
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(csv_file(drill.key(), &r.period, body))
}

fn csv_file(key: &str, period: &Period, body: String) -> Response {
    let file = format!(
        "attachment; filename=\"{}-{}-{}.csv\"",
        key, period.from, period.to
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, file),
        ],
        body,
    )
        .into_response()
}
