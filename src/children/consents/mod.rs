//! Consents as records: purpose, recipient, date, expiry, revocation (303.7, 303.420).
//! The form parses here into a `NewConsent`; recording and revoking are `commands`, the
//! pages `handlers`.
pub mod commands;
pub(super) mod handlers;

use crate::{
    entities::{Choice, consent, referral_packet::Document},
    views::{
        fields::{parse_date, required},
        form::Errors,
    },
};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ConsentForm {
    pub kind: String,
    pub given: String,
    pub decided_on: String,
    pub decided_by: String,
    /// For a release of information: a directory agency's id, or `OTHER` (then `agency_name`).
    pub agency: String,
    pub agency_name: String,
    pub purpose: String,
    pub expires_on: String,
    /// For a release of information: the records it covers.
    pub records: Vec<String>,
}

/// The consent form's choice for an agency not in the directory.
pub const OTHER: &str = "other";

/// Who a release of information lets the records go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// An active agency of the program's directory, by id.
    Directory(i32),
    /// An agency not in the directory, by the name typed.
    Other(String),
}

/// A parent's decision, valid to store.
pub struct NewConsent {
    pub kind: consent::Kind,
    pub given: bool,
    pub decided_on: NaiveDate,
    pub decided_by: String,
    /// For a release of information: who may receive the records (else `None`).
    pub recipient: Option<Recipient>,
    /// The recipient's name: the directory's for a directory agency (else empty).
    pub agency_name: String,
    pub purpose: String,
    pub expires_on: Option<NaiveDate>,
    /// For a release of information: the records it covers (else none).
    pub records: Vec<Document>,
}

impl ConsentForm {
    /// `directory` is the program's active agencies, (id, name): the only ids a release may
    /// name (another program's agency, or a closed one, is refused on the field).
    pub fn parse(
        &self,
        today: NaiveDate,
        directory: &[(i32, String)],
    ) -> Result<NewConsent, Errors> {
        let mut e = Errors::default();
        let kind: Option<consent::Kind> =
            e.choice("kind", &self.kind, "Choose what the consent is for.");
        let release = kind == Some(consent::Kind::ReleaseOfInformation);
        let given = match self.given.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                e.add("given", "Say whether the parent gave or declined consent.");
                None
            }
        };
        let decided_on = parse_date(
            &mut e,
            "decided_on",
            &self.decided_on,
            "date of the parent's decision",
        );
        if decided_on.is_some_and(|d| d > today) {
            e.add("decided_on", "The decision date cannot be in the future.");
        }
        let decided_by = required(
            &mut e,
            "decided_by",
            &self.decided_by,
            "Enter the name of the parent who decided.",
            120,
        );
        let typed_name = crate::views::fields::text(
            &mut e,
            "agency_name",
            &self.agency_name,
            crate::views::fields::limit::NAME,
        );
        let purpose = crate::views::fields::paragraph(
            &mut e,
            "purpose",
            &self.purpose,
            crate::views::fields::limit::LINE,
        );
        let recipient = if release {
            recipient(&mut e, &self.agency, typed_name, directory)
        } else {
            None
        };
        let agency_name = match &recipient {
            Some(Recipient::Directory(id)) => directory
                .iter()
                .find(|(a, _)| a == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            Some(Recipient::Other(name)) => name.clone(),
            None => String::new(),
        };
        let records: Vec<Document> = Document::all()
            .filter(|k| self.records.iter().any(|r| r == k.as_str()))
            .collect();
        if release && records.is_empty() {
            e.add("records", "Tick the records the parent agreed to release.");
        }
        let expires_on = match self.expires_on.trim() {
            "" => None,
            _ => parse_date(&mut e, "expires_on", &self.expires_on, "expiry date"),
        };
        if let (Some(x), Some(d)) = (expires_on, decided_on)
            && x <= d
        {
            e.add(
                "expires_on",
                "The expiry date must be after the decision date.",
            );
        }
        match (kind, given, decided_on) {
            (Some(kind), Some(given), Some(decided_on)) if e.is_empty() => Ok(NewConsent {
                kind,
                given,
                decided_on,
                decided_by,
                recipient,
                agency_name,
                purpose,
                expires_on,
                records: if release { records } else { Vec::new() },
            }),
            _ => Err(e),
        }
    }
}

/// The agency a release names, from the select (`choice`) and, for `OTHER`, the typed name.
fn recipient(
    e: &mut Errors,
    choice: &str,
    typed: String,
    directory: &[(i32, String)],
) -> Option<Recipient> {
    match choice.trim() {
        "" => {
            e.add(
                "agency",
                "Choose the agency the information may be released to.",
            );
            None
        }
        OTHER if typed.is_empty() => {
            e.add(
                "agency_name",
                "Name the agency the information may be released to.",
            );
            None
        }
        OTHER => Some(Recipient::Other(typed)),
        id => match id.parse::<i32>() {
            Ok(id) if directory.iter().any(|(a, _)| *a == id) => Some(Recipient::Directory(id)),
            _ => {
                e.add(
                    "agency",
                    "Choose an agency from this program's directory, or \"Another agency\".",
                );
                None
            }
        },
    }
}
