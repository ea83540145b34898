//! What hangs off a plan version: its outcomes and services (locked with a signed plan, like
//! its signatures), the transition steps of a signed plan with their done dates, and the
//! progress ratings of outcomes made in later versions.
use super::{Problems, choice, micros, opt_choice};
use crate::entities::{
    cos_rating, ifsp_outcome, ifsp_service, outcome_progress, transition_step, user, visit,
};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::views::fields::limit;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use sea_orm::{NotSet, Set};
use serde::{Deserialize, Serialize};

/// An outcome of a plan version, for the child or the family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IfspOutcomeRec {
    pub id: String,
    pub ifsp: String,
    /// Its place in the plan, from 1.
    pub position: i32,
    #[schemars(schema_with = "choice::<ifsp_outcome::Kind>")]
    pub kind: ifsp_outcome::Kind,
    pub statement: String,
    pub criteria: String,
    pub procedures: String,
    #[serde(default)]
    pub target_date: Option<NaiveDate>,
    pub routines: String,
    /// The child outcome (COS A, B or C) it serves.
    #[schemars(schema_with = "choice::<cos_rating::CosOutcome>")]
    pub cos_outcome: cos_rating::CosOutcome,
    /// The first version of this outcome, when this is its copy in a later plan version:
    /// progress is kept under that first one.
    #[serde(default)]
    pub origin: Option<String>,
    /// The statement in the family's language, empty when it was not translated.
    #[serde(default)]
    pub family_statement: String,
    #[serde(default)]
    #[schemars(schema_with = "opt_choice::<crate::entities::Lang>")]
    pub family_lang: Option<crate::entities::Lang>,
}

impl IfspOutcomeRec {
    pub fn from_model(m: &ifsp_outcome::Model, n: &Names) -> Self {
        IfspOutcomeRec {
            id: n.get(Kind::IfspOutcome, m.id),
            ifsp: n.get(Kind::Ifsp, m.ifsp_id),
            position: m.position,
            kind: m.kind,
            statement: m.statement.clone(),
            criteria: m.criteria.clone(),
            procedures: m.procedures.clone(),
            target_date: m.target_date,
            routines: m.routines.clone(),
            cos_outcome: m.cos_outcome,
            origin: m.origin_id.map(|o| n.get(Kind::IfspOutcome, o)),
            family_statement: m.family_statement.clone(),
            family_lang: m.family_lang,
        }
    }

    pub fn active(&self, l: &Locals) -> ifsp_outcome::ActiveModel {
        ifsp_outcome::ActiveModel {
            id: NotSet,
            ifsp_id: Set(l.get(Kind::Ifsp, &self.ifsp)),
            position: Set(self.position),
            kind: Set(self.kind),
            statement: Set(self.statement.clone()),
            criteria: Set(self.criteria.clone()),
            procedures: Set(self.procedures.clone()),
            target_date: Set(self.target_date),
            routines: Set(self.routines.clone()),
            cos_outcome: Set(self.cos_outcome),
            origin_id: Set(self.origin.as_ref().map(|o| l.get(Kind::IfspOutcome, o))),
            family_statement: Set(self.family_statement.clone()),
            family_lang: Set(self.family_lang),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        if self.position < 1 {
            p.push("position", "from 1");
        }
        if self.statement.trim().is_empty() {
            p.push("statement", "must not be empty");
        }
        p.paragraph("statement", &self.statement, limit::PARAGRAPH);
        p.paragraph("criteria", &self.criteria, limit::PARAGRAPH);
        p.paragraph("procedures", &self.procedures, limit::PARAGRAPH);
        p.paragraph("routines", &self.routines, limit::PARAGRAPH);
        p.paragraph("family_statement", &self.family_statement, limit::PARAGRAPH);
    }
}

/// A service of a plan version, with the parent's consent to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IfspServiceRec {
    pub id: String,
    pub ifsp: String,
    #[schemars(schema_with = "choice::<ifsp_service::ServiceType>")]
    pub service_type: ifsp_service::ServiceType,
    #[serde(default)]
    #[schemars(schema_with = "opt_choice::<user::Discipline>")]
    pub discipline: Option<user::Discipline>,
    /// The staff member who delivers it, when one is named.
    #[serde(default)]
    pub provider: Option<String>,
    /// Sessions per `period`.
    pub frequency: i32,
    #[schemars(schema_with = "choice::<ifsp_service::Period>")]
    pub period: ifsp_service::Period,
    #[schemars(schema_with = "choice::<ifsp_service::Mode>")]
    pub mode: ifsp_service::Mode,
    /// Minutes per session.
    pub minutes: i32,
    #[schemars(schema_with = "choice::<visit::VisitMethod>")]
    pub method: visit::VisitMethod,
    #[schemars(schema_with = "choice::<ifsp_service::Setting>")]
    pub location: ifsp_service::Setting,
    /// Why the service is not in a natural environment (required outside home and
    /// community).
    pub justification: String,
    pub start_date: NaiveDate,
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    #[schemars(schema_with = "choice::<ifsp_service::Payer>")]
    pub payer: ifsp_service::Payer,
    /// Given, declined, or not yet asked (`null`).
    #[serde(default)]
    pub consent_given: Option<bool>,
    #[serde(default)]
    pub consent_date: Option<NaiveDate>,
}

impl IfspServiceRec {
    pub fn from_model(m: &ifsp_service::Model, n: &Names) -> Self {
        IfspServiceRec {
            id: n.get(Kind::IfspService, m.id),
            ifsp: n.get(Kind::Ifsp, m.ifsp_id),
            service_type: m.service_type,
            discipline: m.discipline,
            provider: m.provider_id.map(|s| n.get(Kind::Staff, s)),
            frequency: m.frequency,
            period: m.period,
            mode: m.mode,
            minutes: m.minutes,
            method: m.method,
            location: m.location,
            justification: m.justification.clone(),
            start_date: m.start_date,
            end_date: m.end_date,
            payer: m.payer,
            consent_given: m.consent_given,
            consent_date: m.consent_date,
        }
    }

    pub fn active(&self, l: &Locals) -> ifsp_service::ActiveModel {
        ifsp_service::ActiveModel {
            id: NotSet,
            ifsp_id: Set(l.get(Kind::Ifsp, &self.ifsp)),
            service_type: Set(self.service_type),
            discipline: Set(self.discipline),
            provider_id: Set(self.provider.as_ref().map(|s| l.get(Kind::Staff, s))),
            frequency: Set(self.frequency),
            period: Set(self.period),
            mode: Set(self.mode),
            minutes: Set(self.minutes),
            method: Set(self.method),
            location: Set(self.location),
            justification: Set(self.justification.clone()),
            start_date: Set(self.start_date),
            end_date: Set(self.end_date),
            payer: Set(self.payer),
            consent_given: Set(self.consent_given),
            consent_date: Set(self.consent_date),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        if !(1..=31).contains(&self.frequency) {
            p.push("frequency", "from 1 to 31 sessions");
        }
        if !(1..=480).contains(&self.minutes) {
            p.push("minutes", "from 1 to 480 minutes");
        }
        p.paragraph("justification", &self.justification, limit::PARAGRAPH);
        if !self.location.is_natural() && self.justification.trim().is_empty() {
            p.push(
                "justification",
                "a service outside home and community needs a justification",
            );
        }
        if self.end_date.is_some_and(|e| e < self.start_date) {
            p.push("end_date", "before the start date");
        }
    }
}

/// One transition step of a signed plan, with the day it was done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionStepRec {
    pub id: String,
    pub child: String,
    pub ifsp: String,
    pub position: i32,
    pub step: String,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
    /// Who recorded the done date.
    #[serde(default)]
    pub recorded_by: Option<String>,
}

impl TransitionStepRec {
    pub fn from_model(m: &transition_step::Model, n: &Names) -> Self {
        TransitionStepRec {
            id: n.get(Kind::TransitionStep, m.id),
            child: n.get(Kind::Child, m.child_id),
            ifsp: n.get(Kind::Ifsp, m.ifsp_id),
            position: m.position,
            step: m.step.clone(),
            done_on: m.done_on,
            recorded_by: m.recorded_by.map(|s| n.get(Kind::Staff, s)),
        }
    }

    pub fn active(&self, l: &Locals) -> transition_step::ActiveModel {
        transition_step::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            ifsp_id: Set(l.get(Kind::Ifsp, &self.ifsp)),
            position: Set(self.position),
            step: Set(self.step.clone()),
            done_on: Set(self.done_on),
            recorded_by: Set(self.recorded_by.as_ref().map(|s| l.get(Kind::Staff, s))),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        if self.position < 1 {
            p.push("position", "from 1");
        }
        p.line("step", &self.step, limit::LINE, true);
    }
}

/// How an outcome was going when a later plan version rated it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeProgressRec {
    pub id: String,
    /// The outcome rated: its first version (the `origin` of its copies).
    pub outcome: String,
    /// The plan version the rating was made in.
    pub ifsp: String,
    pub rated_on: NaiveDate,
    #[schemars(schema_with = "choice::<outcome_progress::Rating>")]
    pub rating: outcome_progress::Rating,
    pub note: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl OutcomeProgressRec {
    pub fn from_model(m: &outcome_progress::Model, n: &Names) -> Self {
        OutcomeProgressRec {
            id: n.get(Kind::OutcomeProgress, m.id),
            outcome: n.get(Kind::IfspOutcome, m.origin_id),
            ifsp: n.get(Kind::Ifsp, m.ifsp_id),
            rated_on: m.rated_on,
            rating: m.rating,
            note: m.note.clone(),
            created_by: n.get(Kind::Staff, m.created_by),
            created_at: micros(m.created_at),
        }
    }

    pub fn active(&self, l: &Locals) -> outcome_progress::ActiveModel {
        outcome_progress::ActiveModel {
            id: NotSet,
            origin_id: Set(l.get(Kind::IfspOutcome, &self.outcome)),
            ifsp_id: Set(l.get(Kind::Ifsp, &self.ifsp)),
            rated_on: Set(self.rated_on),
            rating: Set(self.rating),
            note: Set(self.note.clone()),
            created_by: Set(l.get(Kind::Staff, &self.created_by)),
            created_at: Set(self.created_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.paragraph(
            "note",
            &self.note,
            crate::ifsp::progress::NOTE_MAX.min(limit::PARAGRAPH),
        );
    }
}
