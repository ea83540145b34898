//! Evaluations and eligibility: the evaluation with the team's proposal and its confirmation,
//! its results by domain, and the documented reasons a clock was delayed.
use super::{Problems, choice, micros};
use crate::entities::{delay, evaluation, evaluation_result};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::views::fields::limit;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use sea_orm::{NotSet, Set};
use serde::{Deserialize, Serialize};

/// An evaluation, the eligibility it proposes, and (once confirmed) the decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationRec {
    pub id: String,
    pub child: String,
    pub evaluated_on: NaiveDate,
    pub tools: String,
    pub diagnosed_condition: String,
    pub informed_clinical_opinion: bool,
    pub notes: String,
    pub proposed_eligible: bool,
    pub reasons: String,
    #[serde(default)]
    pub confirmed_eligible: Option<bool>,
    #[serde(default)]
    pub confirmed_on: Option<NaiveDate>,
    /// The staff member who confirmed it.
    #[serde(default)]
    pub confirmed_by: Option<String>,
    #[serde(default)]
    pub notice_sent_on: Option<NaiveDate>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// `withdrawn` or `superseded` for an evaluation entered by mistake: it stays on the
    /// record and no longer counts for eligibility or the clocks; `superseded_by` names the
    /// correction.
    #[serde(default)]
    #[schemars(schema_with = "choice::<evaluation::Status>")]
    pub status: evaluation::Status,
    /// Why it was withdrawn or corrected.
    #[serde(default)]
    pub closed_reason: String,
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    /// The staff member who withdrew or corrected it.
    #[serde(default)]
    pub closed_by: Option<String>,
    /// The evaluation that corrected this one (usually later in the file: import writes it
    /// first).
    #[serde(default)]
    pub superseded_by: Option<String>,
}

impl EvaluationRec {
    pub fn from_model(m: &evaluation::Model, n: &Names) -> Self {
        EvaluationRec {
            id: n.get(Kind::Evaluation, m.id),
            child: n.get(Kind::Child, m.child_id),
            evaluated_on: m.evaluated_on,
            tools: m.tools.clone(),
            diagnosed_condition: m.diagnosed_condition.clone(),
            informed_clinical_opinion: m.informed_clinical_opinion,
            notes: m.notes.clone(),
            proposed_eligible: m.proposed_eligible,
            reasons: m.reasons.clone(),
            confirmed_eligible: m.confirmed_eligible,
            confirmed_on: m.confirmed_on,
            confirmed_by: m.confirmed_by.map(|s| n.get(Kind::Staff, s)),
            notice_sent_on: m.notice_sent_on,
            created_by: n.get(Kind::Staff, m.created_by),
            created_at: micros(m.created_at),
            status: m.status,
            closed_reason: m.closed_reason.clone(),
            closed_at: m.closed_at.map(micros),
            closed_by: m.closed_by.map(|s| n.get(Kind::Staff, s)),
            superseded_by: m.superseded_by.map(|e| n.get(Kind::Evaluation, e)),
        }
    }

    pub fn active(&self, l: &Locals) -> evaluation::ActiveModel {
        evaluation::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            evaluated_on: Set(self.evaluated_on),
            tools: Set(self.tools.clone()),
            diagnosed_condition: Set(self.diagnosed_condition.clone()),
            informed_clinical_opinion: Set(self.informed_clinical_opinion),
            notes: Set(self.notes.clone()),
            proposed_eligible: Set(self.proposed_eligible),
            reasons: Set(self.reasons.clone()),
            confirmed_eligible: Set(self.confirmed_eligible),
            confirmed_on: Set(self.confirmed_on),
            confirmed_by: Set(self.confirmed_by.as_ref().map(|s| l.get(Kind::Staff, s))),
            notice_sent_on: Set(self.notice_sent_on),
            created_by: Set(l.get(Kind::Staff, &self.created_by)),
            created_at: Set(self.created_at),
            status: Set(self.status),
            closed_reason: Set(self.closed_reason.clone()),
            closed_at: Set(self.closed_at),
            closed_by: Set(self.closed_by.as_ref().map(|s| l.get(Kind::Staff, s))),
            superseded_by: Set(self
                .superseded_by
                .as_ref()
                .map(|e| l.get(Kind::Evaluation, e))),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.paragraph("tools", &self.tools, limit::PARAGRAPH);
        p.paragraph(
            "diagnosed_condition",
            &self.diagnosed_condition,
            limit::PARAGRAPH,
        );
        p.paragraph("notes", &self.notes, limit::PARAGRAPH);
        p.paragraph("reasons", &self.reasons, limit::PARAGRAPH);
        p.paragraph("closed_reason", &self.closed_reason, limit::PARAGRAPH);
        if (self.status == evaluation::Status::Recorded) != self.closed_reason.trim().is_empty() {
            p.push(
                "closed_reason",
                "a withdrawn or superseded evaluation has a reason, a recorded one none",
            );
        }
        if self.superseded_by.is_some() && self.status != evaluation::Status::Superseded {
            p.push(
                "superseded_by",
                "only a superseded evaluation names its correction",
            );
        }
        if self.confirmed_eligible.is_some() != self.confirmed_on.is_some() {
            p.push(
                "confirmed_on",
                "a confirmation needs both confirmed_eligible and confirmed_on",
            );
        }
    }
}

/// One domain's result of an evaluation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationResultRec {
    pub id: String,
    pub evaluation: String,
    #[schemars(schema_with = "choice::<evaluation_result::DevelopmentalDomain>")]
    pub domain: evaluation_result::DevelopmentalDomain,
    #[serde(default)]
    pub developmental_months: Option<i32>,
    #[serde(default)]
    pub percent_delay: Option<f64>,
    /// Standard deviations below the mean.
    #[serde(default)]
    pub sd: Option<f64>,
}

impl EvaluationResultRec {
    pub fn from_model(m: &evaluation_result::Model, n: &Names) -> Self {
        EvaluationResultRec {
            id: n.get(Kind::EvaluationResult, m.id),
            evaluation: n.get(Kind::Evaluation, m.evaluation_id),
            domain: m.domain,
            developmental_months: m.developmental_months,
            percent_delay: m.percent_delay,
            sd: m.sd,
        }
    }

    pub fn active(&self, l: &Locals) -> evaluation_result::ActiveModel {
        evaluation_result::ActiveModel {
            id: NotSet,
            evaluation_id: Set(l.get(Kind::Evaluation, &self.evaluation)),
            domain: Set(self.domain),
            developmental_months: Set(self.developmental_months),
            percent_delay: Set(self.percent_delay),
            sd: Set(self.sd),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        if let Some(m) = self.developmental_months
            && !(0..=60).contains(&m)
        {
            p.push("developmental_months", "between 0 and 60");
        }
        if let Some(d) = self.percent_delay
            && !(0.0..=100.0).contains(&d)
        {
            p.push("percent_delay", "between 0 and 100");
        }
        if self.sd.is_some_and(|s| !s.is_finite()) {
            p.push("sd", "not a number");
        }
    }
}

/// A documented reason a Part C clock ran late (family circumstances count as excused).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DelayRec {
    pub id: String,
    pub child: String,
    #[schemars(schema_with = "choice::<delay::Clock>")]
    pub clock: delay::Clock,
    #[schemars(schema_with = "choice::<delay::DelayReason>")]
    pub reason: delay::DelayReason,
    pub documented_on: NaiveDate,
    pub note: String,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

impl DelayRec {
    pub fn from_model(m: &delay::Model, n: &Names) -> Self {
        DelayRec {
            id: n.get(Kind::Delay, m.id),
            child: n.get(Kind::Child, m.child_id),
            clock: m.clock,
            reason: m.reason,
            documented_on: m.documented_on,
            note: m.note.clone(),
            recorded_by: n.get(Kind::Staff, m.recorded_by),
            created_at: micros(m.created_at),
        }
    }

    pub fn active(&self, l: &Locals) -> delay::ActiveModel {
        delay::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            clock: Set(self.clock),
            reason: Set(self.reason),
            documented_on: Set(self.documented_on),
            note: Set(self.note.clone()),
            recorded_by: Set(l.get(Kind::Staff, &self.recorded_by)),
            created_at: Set(self.created_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.paragraph("note", &self.note, limit::PARAGRAPH);
    }
}
