//! Home visits with their notes, and the addenda that correct a signed note. A signed note
//! travels whole (its signer, credential and time, and the supervisor's review): the receiver
//! stores it locked, as the database's triggers keep it (migration 000024).
use super::{Problems, choice, micros, opt_choice};
use crate::entities::{ifsp_service, visit, visit_addendum};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::views::fields::limit;
use crate::visits::model::{Abc, Coaching, PRACTICES, Practice, abc_entries};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use schemars::JsonSchema;
use sea_orm::{NotSet, Set};
use serde::{Deserialize, Serialize};

/// One of the five coaching practices of a note: whether it was used, and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeRec {
    /// `joint_planning`, `observation`, `practice`, `reflection` or `feedback` (the keys
    /// of `visits::model::PRACTICES`), each at most once.
    pub practice: String,
    #[serde(default)]
    pub done: Option<bool>,
    pub note: String,
}

/// One antecedent–behaviour–consequence observation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AbcRec {
    pub antecedent: String,
    pub behavior: String,
    pub consequence: String,
}

/// A home visit: scheduled, delivered (with its note) or cancelled. Times are the program's
/// local wall-clock times, as the visit has them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitRec {
    pub id: String,
    pub program: String,
    pub child: String,
    /// The IFSP service (`ifsp_service`) the visit delivers. Optional in the format; this
    /// installation needs one, since every visit here is delivered under a plan's service.
    #[serde(default)]
    pub service: Option<String>,
    pub provider: String,
    #[schemars(schema_with = "choice::<visit::Status>")]
    pub status: visit::Status,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    #[schemars(schema_with = "choice::<visit::VisitMethod>")]
    pub method: visit::VisitMethod,
    #[schemars(schema_with = "choice::<ifsp_service::Setting>")]
    pub location: ifsp_service::Setting,
    pub participants: String,
    pub parent_report: String,
    /// The IFSP outcomes (`ifsp_outcome`, the first version's) the visit worked on.
    #[serde(default)]
    pub outcomes: Vec<String>,
    /// The daily routine the visit was built around; empty until the note names one.
    #[schemars(schema_with = "choice::<visit::Routine>")]
    pub routine: visit::Routine,
    pub tried: String,
    pub caregiver_did: String,
    pub child_response: String,
    #[serde(default)]
    pub coaching: Vec<PracticeRec>,
    pub activities: String,
    pub joint_plan: String,
    /// The joint plan in the family's language, empty when it was not translated.
    #[serde(default)]
    pub joint_plan_family: String,
    #[serde(default)]
    #[schemars(schema_with = "opt_choice::<crate::entities::Lang>")]
    pub joint_plan_lang: Option<crate::entities::Lang>,
    #[serde(default)]
    pub next_visit_on: Option<NaiveDate>,
    #[serde(default)]
    pub abc_entries: Vec<AbcRec>,
    /// Tenths of a mile, so totals add up exactly.
    pub mileage_tenths: i32,
    #[serde(default)]
    #[schemars(schema_with = "opt_choice::<visit::CancelledBy>")]
    pub cancelled_by: Option<visit::CancelledBy>,
    pub cancel_reason: String,
    #[serde(default)]
    pub makeup_due: Option<NaiveDate>,
    /// For a make-up visit: the missed visit it makes up (in the file, or here); import
    /// writes the missed visit first.
    #[serde(default)]
    pub makeup_of: Option<String>,
    #[serde(default)]
    pub logged_at: Option<DateTime<Utc>>,
    /// Set on a signed note: the note is locked from then on.
    #[serde(default)]
    pub signed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub signed_name: Option<String>,
    #[serde(default)]
    pub signed_credential: Option<String>,
    #[serde(default)]
    pub reviewed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    pub review_comment: String,
    /// Coaching fidelity 1–5, from the supervisor's review.
    #[serde(default)]
    pub fidelity: Option<i32>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The fields a supervisor's review sets on a signed note, once; nothing else of a signed
/// note changes.
pub const REVIEW_FIELDS: [&str; 4] = ["reviewed_at", "reviewed_by", "review_comment", "fidelity"];

impl VisitRec {
    pub fn from_model(m: &visit::Model, n: &Names) -> Self {
        VisitRec {
            id: n.get(Kind::Visit, m.id),
            program: n.get(Kind::Program, m.program_id),
            child: n.get(Kind::Child, m.child_id),
            service: Some(n.get(Kind::IfspService, m.service_id)),
            provider: n.get(Kind::Staff, m.provider_id),
            status: m.status,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            method: m.method,
            location: m.location,
            participants: m.participants.clone(),
            parent_report: m.parent_report.clone(),
            outcomes: m
                .addressed_outcomes()
                .into_iter()
                .map(|o| n.get(Kind::IfspOutcome, o))
                .collect(),
            routine: m.routine,
            tried: m.tried.clone(),
            caregiver_did: m.caregiver_did.clone(),
            child_response: m.child_response.clone(),
            coaching: Coaching::parse(&m.coaching)
                .0
                .into_iter()
                .map(|(practice, p)| PracticeRec {
                    practice,
                    done: p.done,
                    note: p.note,
                })
                .collect(),
            activities: m.activities.clone(),
            joint_plan: m.joint_plan.clone(),
            joint_plan_family: m.joint_plan_family.clone(),
            joint_plan_lang: m.joint_plan_lang,
            next_visit_on: m.next_visit_on,
            abc_entries: abc_entries(m)
                .into_iter()
                .map(|a| AbcRec {
                    antecedent: a.antecedent,
                    behavior: a.behavior,
                    consequence: a.consequence,
                })
                .collect(),
            mileage_tenths: m.mileage_tenths,
            cancelled_by: m.cancelled_by,
            cancel_reason: m.cancel_reason.clone(),
            makeup_due: m.makeup_due,
            makeup_of: m.makeup_of_id.map(|v| n.get(Kind::Visit, v)),
            logged_at: m.logged_at.map(micros),
            signed_at: m.signed_at.map(micros),
            signed_name: m.signed_name.clone(),
            signed_credential: m.signed_credential.clone(),
            reviewed_at: m.reviewed_at.map(micros),
            reviewed_by: m.reviewed_by.map(|s| n.get(Kind::Staff, s)),
            review_comment: m.review_comment.clone(),
            fidelity: m.fidelity,
            created_by: n.get(Kind::Staff, m.created_by),
            created_at: micros(m.created_at),
            updated_at: micros(m.updated_at),
        }
    }

    /// Without the version: the import sets it (1 on insert; a draft's is bumped on update,
    /// a signed note's stays, as its lock requires).
    pub fn active(&self, l: &Locals) -> visit::ActiveModel {
        let coaching = Coaching(
            self.coaching
                .iter()
                .map(|p| {
                    let note = p.note.clone();
                    (p.practice.clone(), Practice { done: p.done, note })
                })
                .collect(),
        );
        let abc: Vec<Abc> = self
            .abc_entries
            .iter()
            .map(|a| Abc {
                antecedent: a.antecedent.clone(),
                behavior: a.behavior.clone(),
                consequence: a.consequence.clone(),
            })
            .collect();
        let outcomes: Vec<i32> = self
            .outcomes
            .iter()
            .map(|o| l.get(Kind::IfspOutcome, o))
            .collect();
        let service = self.service.as_deref().map(|s| l.get(Kind::IfspService, s));
        visit::ActiveModel {
            id: NotSet,
            program_id: Set(l.get(Kind::Program, &self.program)),
            child_id: Set(l.get(Kind::Child, &self.child)),
            service_id: Set(service.unwrap_or(0)),
            provider_id: Set(l.get(Kind::Staff, &self.provider)),
            status: Set(self.status),
            starts_at: Set(self.starts_at),
            ends_at: Set(self.ends_at),
            method: Set(self.method),
            location: Set(self.location),
            participants: Set(self.participants.clone()),
            parent_report: Set(self.parent_report.clone()),
            outcomes_addressed: Set(serde_json::to_string(&outcomes).unwrap_or_default()),
            routine: Set(self.routine),
            tried: Set(self.tried.clone()),
            caregiver_did: Set(self.caregiver_did.clone()),
            child_response: Set(self.child_response.clone()),
            coaching: Set(serde_json::to_string(&coaching).unwrap_or_default()),
            activities: Set(self.activities.clone()),
            joint_plan: Set(self.joint_plan.clone()),
            joint_plan_family: Set(self.joint_plan_family.clone()),
            joint_plan_lang: Set(self.joint_plan_lang),
            next_visit_on: Set(self.next_visit_on),
            abc_entries: Set(serde_json::to_string(&abc).unwrap_or_default()),
            mileage_tenths: Set(self.mileage_tenths),
            // Not in the interchange format (yet): a telehealth visit arrives without them.
            meeting_link: Set(String::new()),
            remote_coaching: Set(visit::RemoteCoaching::Unset),
            remote_coaching_note: Set(String::new()),
            cancelled_by: Set(self.cancelled_by),
            cancel_reason: Set(self.cancel_reason.clone()),
            makeup_due: Set(self.makeup_due),
            makeup_of_id: Set(self.makeup_of.as_ref().map(|v| l.get(Kind::Visit, v))),
            logged_at: Set(self.logged_at),
            signed_at: Set(self.signed_at),
            signed_name: Set(self.signed_name.clone()),
            signed_credential: Set(self.signed_credential.clone()),
            reviewed_at: Set(self.reviewed_at),
            reviewed_by: Set(self.reviewed_by.as_ref().map(|s| l.get(Kind::Staff, s))),
            review_comment: Set(self.review_comment.clone()),
            fidelity: Set(self.fidelity),
            version: NotSet,
            created_by: Set(l.get(Kind::Staff, &self.created_by)),
            created_at: Set(self.created_at),
            updated_at: Set(self.updated_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        if self.ends_at <= self.starts_at {
            p.push("ends_at", "must be after starts_at");
        }
        if !(0..=100_000).contains(&self.mileage_tenths) {
            p.push("mileage_tenths", "between 0 and 100000 (10,000 miles)");
        }
        if self.fidelity.is_some_and(|f| !(1..=5).contains(&f)) {
            p.push("fidelity", "a rating from 1 to 5");
        }
        for (field, v) in [
            ("participants", &self.participants),
            ("parent_report", &self.parent_report),
            ("tried", &self.tried),
            ("caregiver_did", &self.caregiver_did),
            ("child_response", &self.child_response),
            ("activities", &self.activities),
            ("joint_plan", &self.joint_plan),
            ("joint_plan_family", &self.joint_plan_family),
            ("cancel_reason", &self.cancel_reason),
            ("review_comment", &self.review_comment),
        ] {
            p.paragraph(field, v, limit::PARAGRAPH);
        }
        for (i, c) in self.coaching.iter().enumerate() {
            if !PRACTICES.iter().any(|k| k.key == c.practice) {
                p.push("coaching", format!("unknown practice {:?}", c.practice));
            } else if self.coaching[..i].iter().any(|o| o.practice == c.practice) {
                p.push("coaching", format!("{:?} twice", c.practice));
            }
            p.paragraph("coaching", &c.note, limit::PARAGRAPH);
        }
        for a in &self.abc_entries {
            for v in [&a.antecedent, &a.behavior, &a.consequence] {
                p.paragraph("abc_entries", v, limit::PARAGRAPH);
            }
        }
        if let Some(name) = &self.signed_name {
            p.line("signed_name", name, limit::NAME, true);
        }
        if let Some(c) = &self.signed_credential {
            p.line("signed_credential", c, limit::NAME, false);
        }
        if self.signed_at.is_some() != self.signed_name.is_some() {
            p.push(
                "signed_name",
                "a signed note has its signer's name, an unsigned one none",
            );
        }
        if self.signed_at.is_some() && self.status != visit::Status::Completed {
            p.push("signed_at", "only the note of a completed visit is signed");
        }
        if self.reviewed_at.is_some() && self.signed_at.is_none() {
            p.push("reviewed_at", "only a signed note is reviewed");
        }
        if self.cancelled_by.is_some() && self.status != visit::Status::Cancelled {
            p.push("cancelled_by", "only a cancelled visit has it");
        }
        if self.makeup_of.as_deref() == Some(self.id.as_str()) {
            p.push("makeup_of", "a visit cannot make up itself");
        }
    }
}

/// A dated, signed correction to a signed note; the note itself never changes, and an
/// addendum once written does not either.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitAddendumRec {
    pub id: String,
    pub visit: String,
    pub body: String,
    pub reason: String,
    pub signed_by: String,
    pub signed_name: String,
    pub created_at: DateTime<Utc>,
}

impl VisitAddendumRec {
    pub fn from_model(m: &visit_addendum::Model, n: &Names) -> Self {
        VisitAddendumRec {
            id: n.get(Kind::VisitAddendum, m.id),
            visit: n.get(Kind::Visit, m.visit_id),
            body: m.body.clone(),
            reason: m.reason.clone(),
            signed_by: n.get(Kind::Staff, m.signed_by),
            signed_name: m.signed_name.clone(),
            created_at: micros(m.created_at),
        }
    }

    pub fn active(&self, l: &Locals) -> visit_addendum::ActiveModel {
        visit_addendum::ActiveModel {
            id: NotSet,
            visit_id: Set(l.get(Kind::Visit, &self.visit)),
            body: Set(self.body.clone()),
            reason: Set(self.reason.clone()),
            signed_by: Set(l.get(Kind::Staff, &self.signed_by)),
            signed_name: Set(self.signed_name.clone()),
            created_at: Set(self.created_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        if self.body.trim().is_empty() {
            p.push("body", "must not be empty");
        }
        p.paragraph("body", &self.body, limit::PARAGRAPH);
        p.paragraph("reason", &self.reason, limit::PARAGRAPH);
        p.line("signed_name", &self.signed_name, limit::NAME, true);
    }
}
