//! Evaluation results, the eligibility the program's rule gives for them, and the team's
//! confirmation with its prior written notice. The forms parse here; recording and
//! confirming are `commands`, the pages `handlers`.
pub mod closing;
pub use closing::is_basis_of_signed_plan;
pub(super) mod closing_handlers;
pub mod commands;
pub(super) mod handlers;

use super::eligibility::{self, AreaResult, Decision};
use crate::{
    entities::{
        Choice, child, evaluation, evaluation_result, evaluation_result::DevelopmentalDomain,
        referral,
    },
    program::rules::ProgramRules,
    timeline::age,
    views::{
        fields::{limit, paragraph, parse_date, text},
        form::Errors,
    },
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The evaluation form as typed: plain fields plus `<domain>_dev`, `<domain>_pct`, `<domain>_sd`.
#[derive(Debug, Default, Clone)]
pub struct EvaluationForm(pub HashMap<String, String>);

impl EvaluationForm {
    pub fn get(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or("")
    }

    /// The form as the evaluation `ev` was entered, with its `results`, to correct it.
    pub fn from_record(ev: &evaluation::Model, results: &[evaluation_result::Model]) -> Self {
        let mut f = HashMap::new();
        f.insert("evaluated_on".into(), ev.evaluated_on.to_string());
        f.insert("tools".into(), ev.tools.clone());
        f.insert("diagnosed_condition".into(), ev.diagnosed_condition.clone());
        f.insert("notes".into(), ev.notes.clone());
        if ev.informed_clinical_opinion {
            f.insert("informed_clinical_opinion".into(), "yes".into());
        }
        for r in results {
            let (dev, pct, sd) = fields(r.domain);
            if let Some(m) = r.developmental_months {
                f.insert(dev.into(), m.to_string());
            }
            if let Some(v) = r.percent_delay {
                f.insert(pct.into(), v.to_string());
            }
            if let Some(v) = r.sd {
                f.insert(sd.into(), v.to_string());
            }
        }
        EvaluationForm(f)
    }

    /// Why an evaluation is withdrawn or corrected: required, so the record says.
    pub fn reason(&self) -> Result<String, Errors> {
        parse_reason(self.get("reason"))
    }
}

/// The reason for withdrawing or correcting an evaluation: required, a paragraph at most.
pub fn parse_reason(v: &str) -> Result<String, Errors> {
    let mut e = Errors::default();
    let reason = paragraph(&mut e, "reason", v, limit::PARAGRAPH);
    if reason.is_empty() {
        e.add(
            "reason",
            "Say why, for the record (for example: entered for the wrong child).",
        );
    }
    if e.is_empty() { Ok(reason) } else { Err(e) }
}

/// The withdrawal form: only its reason.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct WithdrawForm {
    pub reason: String,
}

/// An evaluation that is valid to store: each area's result with its developmental age.
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
    /// The results for `child`, evaluated after its current referral `referral` came in.
    pub fn parse(
        &self,
        child: &child::Model,
        referral: Option<&referral::Model>,
        today: NaiveDate,
        rules: &ProgramRules,
    ) -> Result<ParsedEvaluation, Errors> {
        let mut e = Errors::default();
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
            } else if let Some(r) = referral.filter(|r| d < r.received_on) {
                e.add(
                    "evaluated_on",
                    format!(
                        "The evaluation cannot be before the referral was received ({}).",
                        r.received_on
                    ),
                );
            }
        }
        let tools = text(&mut e, "tools", self.get("tools"), limit::LINE);
        if tools.is_empty() {
            e.add(
                "tools",
                "Name the evaluation tools used (for example BDI-3, HELP).",
            );
        }
        let age_months = on.map(|d| {
            let w = child.gestational_weeks.and_then(|w| u32::try_from(w).ok());
            age(child.date_of_birth, w, d, rules).effective_months()
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
        let diagnosed_condition = text(
            &mut e,
            "diagnosed_condition",
            self.get("diagnosed_condition"),
            limit::LINE,
        );
        let notes = paragraph(&mut e, "notes", self.get("notes"), limit::PARAGRAPH);
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
                notes,
                results,
            }),
            _ => Err(e),
        }
    }
}

impl ParsedEvaluation {
    /// What the program's rule proposes for these results; the team confirms it later.
    pub fn proposal(&self, rules: &ProgramRules) -> Decision {
        let areas: Vec<AreaResult> = self.results.iter().map(|(a, _)| *a).collect();
        eligibility::decide(
            &rules.eligibility,
            &areas,
            Some(self.diagnosed_condition.as_str()),
            self.informed_clinical_opinion,
        )
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub decision: String,
    pub notice_sent_on: String,
}

/// The team's decision as confirmed: eligible or not, and when prior written notice was given.
#[derive(Debug, Clone, Copy)]
pub struct TeamDecision {
    pub eligible: bool,
    pub notice_sent_on: NaiveDate,
}

impl DecisionForm {
    /// The decision on an evaluation held on `evaluated_on`.
    pub fn parse(&self, today: NaiveDate, evaluated_on: NaiveDate) -> Result<TeamDecision, Errors> {
        let mut e = Errors::default();
        let eligible = match self.decision.as_str() {
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
            &self.notice_sent_on,
            "date prior written notice was given",
        );
        if let Some(n) = notice {
            if n > today {
                e.add("notice_sent_on", "The notice date cannot be in the future.");
            } else if n < evaluated_on {
                e.add(
                    "notice_sent_on",
                    "Notice of the decision cannot come before the evaluation.",
                );
            }
        }
        match (eligible, notice) {
            (Some(eligible), Some(notice_sent_on)) if e.is_empty() => Ok(TeamDecision {
                eligible,
                notice_sent_on,
            }),
            _ => Err(e),
        }
    }
}

/// An evaluation's results, to prefill its correction.
pub async fn results(
    db: &impl ConnectionTrait,
    eval_id: i32,
) -> Result<Vec<evaluation_result::Model>, DbErr> {
    evaluation_result::Entity::find()
        .filter(evaluation_result::Column::EvaluationId.eq(eval_id))
        .all(db)
        .await
}

/// One evaluation of the child's, for the decision form.
pub async fn find(
    db: &impl ConnectionTrait,
    child_id: i32,
    eval_id: i32,
) -> Result<Option<evaluation::Model>, DbErr> {
    evaluation::Entity::find_by_id(eval_id)
        .filter(evaluation::Column::ChildId.eq(child_id))
        .one(db)
        .await
}
