//! What left the program about a child: referral packets sent to an agency under a release,
//! and the disclosure log (34 CFR 303.406) of who received what, when and why.
use super::{Problems, choice, choice_list, micros};
use crate::entities::{disclosure, referral_packet};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::views::fields::limit;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use sea_orm::{NotSet, Set};
use serde::{Deserialize, Serialize};

/// The most a disclosure's `content` (the released fields, as JSON) may hold.
const CONTENT: usize = 200_000;

/// Documents sent to one agency under the release (a consent) naming it. The link's secret
/// is not in the format: an imported packet's link does not open at the receiver.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralPacketRec {
    pub id: String,
    pub child: String,
    pub agency: String,
    /// The release-of-information consent the packet was sent under.
    pub consent: String,
    #[schemars(schema_with = "choice_list::<referral_packet::Document>")]
    pub documents: Vec<referral_packet::Document>,
    pub message: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    #[serde(default)]
    pub revoked_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub opened_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// What the agency reported back; empty until it does.
    #[schemars(schema_with = "choice::<referral_packet::Outcome>")]
    pub outcome: referral_packet::Outcome,
    #[serde(default)]
    pub outcome_on: Option<NaiveDate>,
    pub outcome_note: String,
}

impl ReferralPacketRec {
    pub fn from_model(m: &referral_packet::Model, n: &Names) -> Self {
        ReferralPacketRec {
            id: n.get(Kind::ReferralPacket, m.id),
            child: n.get(Kind::Child, m.child_id),
            agency: n.get(Kind::Agency, m.agency_id),
            consent: n.get(Kind::Consent, m.consent_id),
            documents: m.documents.0.clone(),
            message: m.message.clone(),
            created_by: n.get(Kind::Staff, m.created_by),
            created_at: micros(m.created_at),
            expires_at: micros(m.expires_at),
            revoked_at: m.revoked_at.map(micros),
            opened_at: m.opened_at.map(micros),
            acknowledged_at: m.acknowledged_at.map(micros),
            outcome: m.outcome,
            outcome_on: m.outcome_on,
            outcome_note: m.outcome_note.clone(),
        }
    }

    /// Without the link's secret: a new packet gets an unguessable one of its own (the hash
    /// of nothing anyone holds), an updated one keeps its own.
    pub fn active(&self, l: &Locals) -> referral_packet::ActiveModel {
        referral_packet::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            agency_id: Set(l.get(Kind::Agency, &self.agency)),
            consent_id: Set(l.get(Kind::Consent, &self.consent)),
            documents: Set(referral_packet::Documents(self.documents.clone())),
            message: Set(self.message.clone()),
            token_hash: NotSet,
            created_by: Set(l.get(Kind::Staff, &self.created_by)),
            created_at: Set(self.created_at),
            expires_at: Set(self.expires_at),
            revoked_at: Set(self.revoked_at),
            opened_at: Set(self.opened_at),
            acknowledged_at: Set(self.acknowledged_at),
            outcome: Set(self.outcome),
            outcome_on: Set(self.outcome_on),
            outcome_note: Set(self.outcome_note.clone()),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        if self.documents.is_empty() {
            p.push("documents", "at least one document");
        }
        if self
            .documents
            .iter()
            .enumerate()
            .any(|(i, d)| self.documents[..i].contains(d))
        {
            p.push("documents", "a document twice");
        }
        p.paragraph("message", &self.message, limit::PARAGRAPH);
        p.paragraph("outcome_note", &self.outcome_note, limit::PARAGRAPH);
        if self.expires_at <= self.created_at {
            p.push("expires_at", "must be after created_at");
        }
        if self.outcome == referral_packet::Outcome::Unanswered && self.outcome_on.is_some() {
            p.push("outcome_on", "an unanswered packet has no outcome day");
        }
    }
}

/// A release of a child's information to an outside party: exactly which fields, to whom,
/// for what, and how. Never changed once written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DisclosureRec {
    pub id: String,
    pub child: String,
    #[serde(default)]
    pub agency: Option<String>,
    pub recipient: String,
    #[schemars(schema_with = "choice::<disclosure::Kind>")]
    pub kind: disclosure::Kind,
    pub what: String,
    pub purpose: String,
    #[schemars(schema_with = "choice::<disclosure::Channel>")]
    pub channel: disclosure::Channel,
    /// Exactly the fields released, as the JSON text that was recorded (kept verbatim: it
    /// is the record of what left the program).
    pub content: String,
    /// The staff member who released it (none for what the system sent on its own).
    #[serde(default)]
    pub by_user: Option<String>,
    #[serde(default)]
    pub packet: Option<String>,
    pub at: DateTime<Utc>,
}

impl DisclosureRec {
    pub fn from_model(m: &disclosure::Model, n: &Names) -> Self {
        DisclosureRec {
            id: n.get(Kind::Disclosure, m.id),
            child: n.get(Kind::Child, m.child_id),
            agency: m.agency_id.map(|a| n.get(Kind::Agency, a)),
            recipient: m.recipient.clone(),
            kind: m.kind,
            what: m.what.clone(),
            purpose: m.purpose.clone(),
            channel: m.channel,
            content: m.content.clone(),
            by_user: m.by_user.map(|u| n.get(Kind::Staff, u)),
            packet: m.packet_id.map(|p| n.get(Kind::ReferralPacket, p)),
            at: micros(m.at),
        }
    }

    pub fn active(&self, l: &Locals) -> disclosure::ActiveModel {
        disclosure::ActiveModel {
            id: NotSet,
            child_id: Set(l.get(Kind::Child, &self.child)),
            agency_id: Set(self.agency.as_ref().map(|a| l.get(Kind::Agency, a))),
            recipient: Set(self.recipient.clone()),
            kind: Set(self.kind),
            what: Set(self.what.clone()),
            purpose: Set(self.purpose.clone()),
            channel: Set(self.channel),
            content: Set(self.content.clone()),
            by_user: Set(self.by_user.as_ref().map(|u| l.get(Kind::Staff, u))),
            packet_id: Set(self.packet.as_ref().map(|p| l.get(Kind::ReferralPacket, p))),
            at: Set(self.at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("recipient", &self.recipient, limit::LINE, true);
        p.paragraph("what", &self.what, limit::PARAGRAPH);
        p.paragraph("purpose", &self.purpose, limit::PARAGRAPH);
        if self.content.chars().count() > CONTENT {
            p.push("content", format!("longer than {CONTENT} characters"));
        } else if serde_json::from_str::<serde_json::Value>(&self.content).is_err() {
            p.push("content", "not JSON");
        }
    }
}
