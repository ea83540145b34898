//! Evaluation results, the eligibility the program's rule gives for them, and the team's
//! confirmation with its prior written notice.
use super::{
    authorized_child,
    eligibility::{self, AreaResult},
    model::{self, Case},
    records::bump,
    views,
};
use crate::{
    audit::{self, Actor, Event},
    entities::{
        Choice, child, evaluation, evaluation_result, evaluation_result::DevelopmentalDomain,
    },
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    timeline::age,
    views::{
        Page,
        fields::parse_date,
        flash::{self, Kind},
        form::Errors,
    },
};
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{NaiveDate, Utc};
use maud::Markup;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::HashMap;

/// The evaluation form as typed: plain fields plus `<domain>_dev`, `<domain>_pct`, `<domain>_sd`.
#[derive(Debug, Default, Clone)]
pub struct EvaluationForm(pub HashMap<String, String>);

impl EvaluationForm {
    pub fn get(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or("")
    }
}

pub struct ParsedEvaluation {
    pub evaluated_on: NaiveDate,
    pub tools: String,
    pub diagnosed_condition: String,
    pub informed_clinical_opinion: bool,
    pub notes: String,
    pub results: Vec<(AreaResult, Option<i32>)>,
}

fn number(
    e: &mut Errors,
    field: &'static str,
    v: &str,
    range: std::ops::RangeInclusive<f64>,
    msg: &'static str,
) -> Option<f64> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<f64>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            e.add(field, msg);
            None
        }
    }
}

/// Field names per domain, static so errors can point at them.
fn fields(d: DevelopmentalDomain) -> (&'static str, &'static str, &'static str) {
    match d {
        DevelopmentalDomain::Cognitive => ("cognitive_dev", "cognitive_pct", "cognitive_sd"),
        DevelopmentalDomain::Physical => ("physical_dev", "physical_pct", "physical_sd"),
        DevelopmentalDomain::Communication => {
            ("communication_dev", "communication_pct", "communication_sd")
        }
        DevelopmentalDomain::SocialEmotional => (
            "social_emotional_dev",
            "social_emotional_pct",
            "social_emotional_sd",
        ),
        DevelopmentalDomain::Adaptive => ("adaptive_dev", "adaptive_pct", "adaptive_sd"),
    }
}

pub fn domain_fields(d: DevelopmentalDomain) -> (&'static str, &'static str, &'static str) {
    fields(d)
}

impl EvaluationForm {
    pub fn parse(&self, case: &Case, page: &Page) -> Result<ParsedEvaluation, Errors> {
        let mut e = Errors::default();
        let today = page.user.today();
        let on = parse_date(
            &mut e,
            "evaluated_on",
            self.get("evaluated_on"),
            "evaluation date",
        );
        if let Some(d) = on {
            if d > today {
                e.add(
                    "evaluated_on",
                    "The evaluation date cannot be in the future.",
                );
            } else if let Some(r) = case.current_referral().filter(|r| d < r.received_on) {
                e.add(
                    "evaluated_on",
                    format!(
                        "The evaluation cannot be before the referral was received ({}).",
                        r.received_on
                    ),
                );
            }
        }
        let tools = self.get("tools").trim().to_owned();
        if tools.is_empty() {
            e.add(
                "tools",
                "Name the evaluation tools used (for example BDI-3, HELP).",
            );
        }
        let age_months = on.map(|d| {
            let w = case
                .child
                .gestational_weeks
                .and_then(|w| u32::try_from(w).ok());
            age(case.child.date_of_birth, w, d, &page.user.rules).effective_months()
        });
        let mut results = Vec::new();
        for d in DevelopmentalDomain::all() {
            let (dev_f, pct_f, sd_f) = fields(d);
            let dev = number(
                &mut e,
                dev_f,
                self.get(dev_f),
                0.0..=48.0,
                "Enter a developmental age in months from 0 to 48.",
            )
            .map(|v| v.round() as i32);
            let mut pct = number(
                &mut e,
                pct_f,
                self.get(pct_f),
                0.0..=100.0,
                "Enter a percent delay from 0 to 100.",
            );
            let sd = number(
                &mut e,
                sd_f,
                self.get(sd_f),
                -5.0..=5.0,
                "Enter standard deviations from −5 to 5 (below the mean is negative).",
            );
            if pct.is_none()
                && let (Some(dev), Some(a)) = (dev, age_months)
            {
                pct = eligibility::percent_delay(a, dev.max(0) as u32);
            }
            if dev.is_some() || pct.is_some() || sd.is_some() {
                results.push((
                    AreaResult {
                        domain: d,
                        percent_delay: pct,
                        sd,
                    },
                    dev,
                ));
            }
        }
        let diagnosed_condition = self.get("diagnosed_condition").trim().to_owned();
        let ico = !self.get("informed_clinical_opinion").is_empty();
        if results.is_empty() && diagnosed_condition.is_empty() && !ico {
            e.add("communication_dev", "Enter results for at least one area, a diagnosed condition, or the team's informed clinical opinion.");
        }
        match on {
            Some(evaluated_on) if e.is_empty() => Ok(ParsedEvaluation {
                evaluated_on,
                tools,
                diagnosed_condition,
                informed_clinical_opinion: ico,
                notes: self.get("notes").trim().to_owned(),
                results,
            }),
            _ => Err(e),
        }
    }
}

pub async fn new(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let case = model::load_case(&state.db, c).await?;
    let mut form = EvaluationForm::default();
    form.0
        .insert("evaluated_on".into(), page.user.today().to_string());
    Ok(views::evaluation_form(
        &page,
        &case,
        &form,
        &Errors::default(),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let case = model::load_case(&state.db, c).await?;
    let form = EvaluationForm(pairs.into_iter().collect());
    let parsed = match form.parse(&case, &page) {
        Ok(p) => p,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::evaluation_form(&page, &case, &form, &errors),
            )
                .into_response());
        }
    };
    let areas: Vec<AreaResult> = parsed.results.iter().map(|(a, _)| *a).collect();
    let decision = eligibility::decide(
        &page.user.rules.eligibility,
        &areas,
        Some(parsed.diagnosed_condition.as_str()),
        parsed.informed_clinical_opinion,
    );
    let txn = crate::db::begin_write(&state.db).await?;
    let ev = evaluation::ActiveModel {
        child_id: Set(id),
        evaluated_on: Set(parsed.evaluated_on),
        tools: Set(parsed.tools),
        diagnosed_condition: Set(parsed.diagnosed_condition),
        informed_clinical_opinion: Set(parsed.informed_clinical_opinion),
        notes: Set(parsed.notes),
        proposed_eligible: Set(decision.eligible),
        reasons: Set(decision.reasons.join("\n")),
        confirmed_eligible: Set(None),
        confirmed_on: Set(None),
        confirmed_by: Set(None),
        notice_sent_on: Set(None),
        created_by: Set(page.user.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (a, dev) in parsed.results {
        evaluation_result::ActiveModel {
            evaluation_id: Set(ev.id),
            domain: Set(a.domain),
            developmental_months: Set(dev),
            percent_delay: Set(a.percent_delay),
            sd: Set(a.sd),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    if case.child.status == child::Status::Referred {
        bump(&txn, &case.child, |m| {
            m.status = Set(child::Status::Evaluating)
        })
        .await?;
    }
    let audit_ev = Event::new("evaluation.recorded", "child", id)
        .detail(json!({ "evaluation": ev.id, "proposed_eligible": decision.eligible }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), audit_ev).await?;
    txn.commit().await?;
    let msg = if decision.eligible {
        "Evaluation recorded. Under the program's rule the child appears eligible: confirm the team's decision below."
    } else {
        "Evaluation recorded. Under the program's rule the child does not appear eligible: confirm the team's decision below."
    };
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}#eligibility"),
        Kind::Info,
        msg,
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub decision: String,
    pub notice_sent_on: String,
}

/// Back to the child page: the team's decision on this evaluation is already on record.
fn already_confirmed(state: &AppState, child_id: i32) -> Response {
    flash::redirect(
        state,
        &format!("/children/{child_id}"),
        Kind::Info,
        "This evaluation's decision was already confirmed; nothing was changed.",
    )
}

/// The team confirms (or overrides) the proposed decision; prior written notice is dated.
pub async fn confirm(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, eid)): Path<(i32, i32)>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let ev = evaluation::Entity::find_by_id(eid)
        .filter(evaluation::Column::ChildId.eq(id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if ev.confirmed_eligible.is_some() {
        return Ok(already_confirmed(&state, id));
    }
    let mut e = Errors::default();
    let eligible = match form.decision.as_str() {
        "eligible" => Some(true),
        "not_eligible" => Some(false),
        _ => {
            e.add("decision", "Choose the team's decision.");
            None
        }
    };
    let notice = parse_date(
        &mut e,
        "notice_sent_on",
        &form.notice_sent_on,
        "date prior written notice was given",
    );
    if let Some(n) = notice {
        if n > page.user.today() {
            e.add("notice_sent_on", "The notice date cannot be in the future.");
        } else if n < ev.evaluated_on {
            e.add(
                "notice_sent_on",
                "Notice of the decision cannot come before the evaluation.",
            );
        }
    }
    let (Some(eligible), Some(notice), true) = (eligible, notice, e.is_empty()) else {
        let case = model::load_case(&state.db, c).await?;
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::decision_errors(&page, &case, &form, &e),
        )
            .into_response());
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let mut m: evaluation::ActiveModel = ev.into();
    m.confirmed_eligible = Set(Some(eligible));
    m.confirmed_on = Set(Some(page.user.today()));
    m.confirmed_by = Set(Some(page.user.id));
    m.notice_sent_on = Set(Some(notice));
    // Only an unconfirmed evaluation is confirmed: of two confirmations at once, the
    // second finds the condition false and changes nothing.
    let res = evaluation::Entity::update_many()
        .set(m)
        .filter(evaluation::Column::Id.eq(eid))
        .filter(evaluation::Column::ConfirmedEligible.is_null())
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        txn.rollback().await?;
        return Ok(already_confirmed(&state, id));
    }
    let status = if eligible {
        child::Status::Active
    } else {
        child::Status::NotEligible
    };
    bump(&txn, &c, |m| m.status = Set(status)).await?;
    let audit_ev = Event::new("eligibility.decided", "child", id)
        .detail(json!({ "evaluation": eid, "eligible": eligible, "notice_sent_on": notice }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), audit_ev).await?;
    txn.commit().await?;
    let msg = if eligible {
        "Eligible: the initial IFSP meeting is the next step."
    } else {
        "Not eligible: prior written notice recorded."
    };
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        msg,
    ))
}
