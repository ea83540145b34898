//! Referrals and consents: how a child came to the program, and what the family agreed to.
use super::{Problems, choice, choice_list, micros};
use crate::entities::{CommaList, consent, referral, referral_packet::Document};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::views::fields::limit;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use sea_orm::{NotSet, Set};
use serde::{Deserialize, Serialize};

/// A referral: the 45-day clock starts on `received_on`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralRec {
    pub id: String,
    pub child: String,
    pub received_on: NaiveDate,
    #[schemars(schema_with = "choice::<referral::Source>")]
    pub source: referral::Source,
    pub source_name: String,
    pub concerns: String,
    #[serde(default)]
    pub first_contact_on: Option<NaiveDate>,
    /// The staff member who recorded it.
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl ReferralRec {
    pub fn from_model(m: &referral::Model, n: &Names) -> Self {
        ReferralRec {
            id: n.get(Kind::Referral, m.id),
            child: n.get(Kind::Child, m.child_id),
            received_on: m.received_on,
            source: m.source,
            source_name: m.source_name.clone(),
            concerns: m.concerns.clone(),
            first_contact_on: m.first_contact_on,
            created_by: n.get(Kind::Staff, m.created_by),
            created_at: micros(m.created_at),
        }
    }

    pub fn active(&self, l: &Locals) -> referral::ActiveModel {
        referral::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            received_on: Set(self.received_on),
            source: Set(self.source),
            source_name: Set(self.source_name.clone()),
            concerns: Set(self.concerns.clone()),
            first_contact_on: Set(self.first_contact_on),
            created_by: Set(l.get(Kind::Staff, &self.created_by)),
            created_at: Set(self.created_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("source_name", &self.source_name, limit::NAME, false);
        p.paragraph("concerns", &self.concerns, limit::PARAGRAPH);
        if let Some(d) = self.first_contact_on
            && d < self.received_on
        {
            p.push("first_contact_on", "before the referral was received");
        }
    }
}

/// A consent, given or refused, and its revocation (never retroactive).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentRec {
    pub id: String,
    pub child: String,
    #[schemars(schema_with = "choice::<consent::Kind>")]
    pub kind: consent::Kind,
    pub agency_name: String,
    pub purpose: String,
    pub given: bool,
    pub decided_on: NaiveDate,
    pub decided_by: String,
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
    #[serde(default)]
    pub revoked_on: Option<NaiveDate>,
    /// The staff member who recorded it.
    pub recorded_by: String,
    /// For a release of information: the records it covers.
    #[schemars(schema_with = "choice_list::<Document>")]
    pub records: Vec<Document>,
    pub created_at: DateTime<Utc>,
}

impl ConsentRec {
    pub fn from_model(m: &consent::Model, n: &Names) -> Self {
        ConsentRec {
            id: n.get(Kind::Consent, m.id),
            child: n.get(Kind::Child, m.child_id),
            kind: m.kind,
            agency_name: m.agency_name.clone(),
            purpose: m.purpose.clone(),
            given: m.given,
            decided_on: m.decided_on,
            decided_by: m.decided_by.clone(),
            expires_on: m.expires_on,
            revoked_on: m.revoked_on,
            recorded_by: n.get(Kind::Staff, m.recorded_by),
            records: m.records.0.clone(),
            created_at: micros(m.created_at),
        }
    }

    pub fn active(&self, l: &Locals) -> consent::ActiveModel {
        consent::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            kind: Set(self.kind),
            // The file names agencies by name; matched by name as older rows are.
            agency_id: Set(None),
            agency_name: Set(self.agency_name.clone()),
            purpose: Set(self.purpose.clone()),
            given: Set(self.given),
            decided_on: Set(self.decided_on),
            decided_by: Set(self.decided_by.clone()),
            expires_on: Set(self.expires_on),
            revoked_on: Set(self.revoked_on),
            recorded_by: Set(l.get(Kind::Staff, &self.recorded_by)),
            records: Set(CommaList(self.records.clone())),
            created_at: Set(self.created_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("agency_name", &self.agency_name, limit::NAME, false);
        p.paragraph("purpose", &self.purpose, limit::PARAGRAPH);
        p.line("decided_by", &self.decided_by, limit::NAME, false);
        if let Some(r) = self.revoked_on
            && r < self.decided_on
        {
            p.push("revoked_on", "before the decision");
        }
    }
}
