//! IFSP versions and their signatures. A signed or superseded version is locked in the
//! database (migration 000024's triggers), so import inserts it whole and never updates it:
//! what a file may say about a locked plan is checked in `import::plans`.
use super::{Problems, choice, micros};
use crate::entities::{ifsp, ifsp_signature};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::views::fields::limit;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use sea_orm::{NotSet, Set};
use serde::{Deserialize, Serialize};

/// One version of a child's plan: initial, interim, review, annual or amendment; a draft,
/// signed (the plan in effect) or superseded by the next signed version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IfspRec {
    pub id: String,
    pub child: String,
    pub program: String,
    #[schemars(schema_with = "choice::<ifsp::Kind>")]
    pub kind: ifsp::Kind,
    #[schemars(schema_with = "choice::<ifsp::Status>")]
    pub status: ifsp::Status,
    #[serde(default)]
    pub meeting_date: Option<NaiveDate>,
    pub participants: String,
    pub present_cognitive: String,
    pub present_physical: String,
    pub present_communication: String,
    pub present_social_emotional: String,
    pub present_adaptive: String,
    /// Whether the family agreed to include its concerns, priorities and resources.
    pub family_agrees: bool,
    pub family_concerns: String,
    pub family_priorities: String,
    pub family_resources: String,
    pub routines: String,
    pub other_services: String,
    /// The plan's transition steps as written in it (one a line); their done dates are the
    /// `transition_step` records.
    pub transition_steps: String,
    pub behavior_patterns: String,
    pub behavior_function: String,
    pub replacement_skills: String,
    pub caregiver_responses: String,
    /// The version this one follows (a review, annual plan or amendment starts as its copy).
    #[serde(default)]
    pub supersedes: Option<String>,
    /// When it was signed; set exactly when the status is not `draft`.
    #[serde(default)]
    pub signed_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl IfspRec {
    pub fn from_model(m: &ifsp::Model, n: &Names) -> Self {
        IfspRec {
            id: n.get(Kind::Ifsp, m.id),
            child: n.get(Kind::Child, m.child_id),
            program: n.get(Kind::Program, m.program_id),
            kind: m.kind,
            status: m.status,
            meeting_date: m.meeting_date,
            participants: m.participants.clone(),
            present_cognitive: m.present_cognitive.clone(),
            present_physical: m.present_physical.clone(),
            present_communication: m.present_communication.clone(),
            present_social_emotional: m.present_social_emotional.clone(),
            present_adaptive: m.present_adaptive.clone(),
            family_agrees: m.family_agrees,
            family_concerns: m.family_concerns.clone(),
            family_priorities: m.family_priorities.clone(),
            family_resources: m.family_resources.clone(),
            routines: m.routines.clone(),
            other_services: m.other_services.clone(),
            transition_steps: m.transition_steps.clone(),
            behavior_patterns: m.behavior_patterns.clone(),
            behavior_function: m.behavior_function.clone(),
            replacement_skills: m.replacement_skills.clone(),
            caregiver_responses: m.caregiver_responses.clone(),
            supersedes: m.supersedes_id.map(|s| n.get(Kind::Ifsp, s)),
            signed_at: m.signed_at.map(micros),
            created_by: n.get(Kind::Staff, m.created_by),
            created_at: micros(m.created_at),
            updated_at: micros(m.updated_at),
        }
    }

    /// Without the version: the writer sets it (1 on insert, bumped on a draft's update).
    pub fn active(&self, l: &Locals) -> ifsp::ActiveModel {
        ifsp::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            program_id: Set(l.get(Kind::Program, &self.program)),
            kind: Set(self.kind),
            status: Set(self.status),
            meeting_date: Set(self.meeting_date),
            participants: Set(self.participants.clone()),
            present_cognitive: Set(self.present_cognitive.clone()),
            present_physical: Set(self.present_physical.clone()),
            present_communication: Set(self.present_communication.clone()),
            present_social_emotional: Set(self.present_social_emotional.clone()),
            present_adaptive: Set(self.present_adaptive.clone()),
            family_agrees: Set(self.family_agrees),
            family_concerns: Set(self.family_concerns.clone()),
            family_priorities: Set(self.family_priorities.clone()),
            family_resources: Set(self.family_resources.clone()),
            routines: Set(self.routines.clone()),
            other_services: Set(self.other_services.clone()),
            transition_steps: Set(self.transition_steps.clone()),
            behavior_patterns: Set(self.behavior_patterns.clone()),
            behavior_function: Set(self.behavior_function.clone()),
            replacement_skills: Set(self.replacement_skills.clone()),
            caregiver_responses: Set(self.caregiver_responses.clone()),
            supersedes_id: Set(self.supersedes.as_ref().map(|s| l.get(Kind::Ifsp, s))),
            signed_at: Set(self.signed_at),
            version: NotSet,
            created_by: Set(l.get(Kind::Staff, &self.created_by)),
            created_at: Set(self.created_at),
            updated_at: Set(self.updated_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        for (field, v) in [
            ("participants", &self.participants),
            ("present_cognitive", &self.present_cognitive),
            ("present_physical", &self.present_physical),
            ("present_communication", &self.present_communication),
            ("present_social_emotional", &self.present_social_emotional),
            ("present_adaptive", &self.present_adaptive),
            ("family_concerns", &self.family_concerns),
            ("family_priorities", &self.family_priorities),
            ("family_resources", &self.family_resources),
            ("routines", &self.routines),
            ("other_services", &self.other_services),
            ("transition_steps", &self.transition_steps),
            ("behavior_patterns", &self.behavior_patterns),
            ("behavior_function", &self.behavior_function),
            ("replacement_skills", &self.replacement_skills),
            ("caregiver_responses", &self.caregiver_responses),
        ] {
            p.paragraph(field, v, limit::PARAGRAPH);
        }
        if (self.status == ifsp::Status::Draft) != self.signed_at.is_none() {
            p.push(
                "signed_at",
                "a signed or superseded plan has the time it was signed, a draft none",
            );
        }
    }
}

/// A typed signature on a plan version (the parent's or the service coordinator's).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IfspSignatureRec {
    pub id: String,
    pub ifsp: String,
    #[schemars(schema_with = "choice::<ifsp_signature::Role>")]
    pub role: ifsp_signature::Role,
    /// The name as typed.
    pub name: String,
    pub signed_on: NaiveDate,
    #[schemars(schema_with = "choice::<ifsp_signature::Method>")]
    pub method: ifsp_signature::Method,
}

impl IfspSignatureRec {
    pub fn from_model(m: &ifsp_signature::Model, n: &Names) -> Self {
        IfspSignatureRec {
            id: n.get(Kind::IfspSignature, m.id),
            ifsp: n.get(Kind::Ifsp, m.ifsp_id),
            role: m.role,
            name: m.name.clone(),
            signed_on: m.signed_on,
            method: m.method,
        }
    }

    pub fn active(&self, l: &Locals) -> ifsp_signature::ActiveModel {
        ifsp_signature::ActiveModel {
            id: NotSet,
            ifsp_id: Set(l.get(Kind::Ifsp, &self.ifsp)),
            role: Set(self.role),
            name: Set(self.name.clone()),
            signed_on: Set(self.signed_on),
            method: Set(self.method),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("name", &self.name, limit::NAME, true);
    }
}
