//! Child outcomes (COS) ratings and the transition record: where a child's skills stood at
//! entry and exit, and the steps towards leaving Part C at three.
use super::{Problems, choice, micros};
use crate::entities::{cos_rating, transition};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::views::fields::limit;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use sea_orm::{NotSet, Set};
use serde::{Deserialize, Serialize};

/// A COS rating of the three child outcomes (1–7 each), at entry or exit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CosRatingRec {
    pub id: String,
    pub child: String,
    #[schemars(schema_with = "choice::<cos_rating::Phase>")]
    pub phase: cos_rating::Phase,
    pub rated_on: NaiveDate,
    pub rating_a: i16,
    pub rating_b: i16,
    pub rating_c: i16,
    #[serde(default)]
    pub new_skills_a: Option<bool>,
    #[serde(default)]
    pub new_skills_b: Option<bool>,
    #[serde(default)]
    pub new_skills_c: Option<bool>,
    pub evidence: String,
    pub team: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl CosRatingRec {
    pub fn from_model(m: &cos_rating::Model, n: &Names) -> Self {
        CosRatingRec {
            id: n.get(Kind::CosRating, m.id),
            child: n.get(Kind::Child, m.child_id),
            phase: m.phase,
            rated_on: m.rated_on,
            rating_a: m.rating_a,
            rating_b: m.rating_b,
            rating_c: m.rating_c,
            new_skills_a: m.new_skills_a,
            new_skills_b: m.new_skills_b,
            new_skills_c: m.new_skills_c,
            evidence: m.evidence.clone(),
            team: m.team.clone(),
            created_by: n.get(Kind::Staff, m.created_by),
            created_at: micros(m.created_at),
        }
    }

    pub fn active(&self, l: &Locals) -> cos_rating::ActiveModel {
        cos_rating::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            phase: Set(self.phase),
            rated_on: Set(self.rated_on),
            rating_a: Set(self.rating_a),
            rating_b: Set(self.rating_b),
            rating_c: Set(self.rating_c),
            new_skills_a: Set(self.new_skills_a),
            new_skills_b: Set(self.new_skills_b),
            new_skills_c: Set(self.new_skills_c),
            evidence: Set(self.evidence.clone()),
            team: Set(self.team.clone()),
            created_by: Set(l.get(Kind::Staff, &self.created_by)),
            created_at: Set(self.created_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        for (field, r) in [
            ("rating_a", self.rating_a),
            ("rating_b", self.rating_b),
            ("rating_c", self.rating_c),
        ] {
            if !(1..=7).contains(&r) {
                p.push(field, "a rating from 1 to 7");
            }
        }
        p.paragraph("evidence", &self.evidence, limit::PARAGRAPH);
        p.paragraph("team", &self.team, limit::PARAGRAPH);
    }
}

/// A child's transition record: the LEA notice, the opt-out, the conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRec {
    pub id: String,
    pub child: String,
    #[serde(default)]
    pub potentially_eligible: Option<bool>,
    pub eligibility_reason: String,
    #[serde(default)]
    pub opt_out_informed_on: Option<NaiveDate>,
    /// The day the school district (LEA) was notified.
    #[serde(default)]
    pub notified_on: Option<NaiveDate>,
    #[serde(default)]
    pub conference_on: Option<NaiveDate>,
    pub participants: String,
    #[serde(default)]
    pub family_approved_on: Option<NaiveDate>,
    pub family_declined_conference: bool,
    #[serde(default)]
    pub conference_held_on: Option<NaiveDate>,
    pub conference_notes: String,
    pub updated_at: DateTime<Utc>,
}

impl TransitionRec {
    pub fn from_model(m: &transition::Model, n: &Names) -> Self {
        TransitionRec {
            id: n.get(Kind::Transition, m.id),
            child: n.get(Kind::Child, m.child_id),
            potentially_eligible: m.potentially_eligible,
            eligibility_reason: m.eligibility_reason.clone(),
            opt_out_informed_on: m.opt_out_informed_on,
            notified_on: m.notified_on,
            conference_on: m.conference_on,
            participants: m.participants.clone(),
            family_approved_on: m.family_approved_on,
            family_declined_conference: m.family_declined_conference,
            conference_held_on: m.conference_held_on,
            conference_notes: m.conference_notes.clone(),
            updated_at: micros(m.updated_at),
        }
    }

    /// Without the version: 1 on insert, bumped on update.
    pub fn active(&self, l: &Locals) -> transition::ActiveModel {
        transition::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            potentially_eligible: Set(self.potentially_eligible),
            eligibility_reason: Set(self.eligibility_reason.clone()),
            opt_out_informed_on: Set(self.opt_out_informed_on),
            notified_on: Set(self.notified_on),
            conference_on: Set(self.conference_on),
            participants: Set(self.participants.clone()),
            family_approved_on: Set(self.family_approved_on),
            family_declined_conference: Set(self.family_declined_conference),
            conference_held_on: Set(self.conference_held_on),
            conference_notes: Set(self.conference_notes.clone()),
            version: NotSet,
            updated_at: Set(self.updated_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.paragraph(
            "eligibility_reason",
            &self.eligibility_reason,
            limit::PARAGRAPH,
        );
        p.paragraph("participants", &self.participants, limit::PARAGRAPH);
        p.paragraph("conference_notes", &self.conference_notes, limit::PARAGRAPH);
    }
}
