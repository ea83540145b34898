//! What signing a note needs besides a complete note: for a billable visit, a credential
//! of the provider's current on the visit's date. Pure functions with table tests.
use crate::entities::credential;
use chrono::NaiveDate;

/// Whether a credential covers a visit on `on`: it has no expiry, or expires that day or
/// later (a licence expiring on the visit day still covers the visit).
pub fn current_on(c: &credential::Model, on: NaiveDate) -> bool {
    c.expires_on.is_none_or(|e| e >= on)
}

/// What a note is signed with: the credentials current on the visit date, as "name number".
pub fn credential_text(held: &[credential::Model], on: NaiveDate) -> String {
    held.iter()
        .filter(|c| current_on(c, on))
        .map(|c| match c.number.as_str() {
            "" => c.name.clone(),
            n => format!("{} {n}", c.name),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a billable note cannot be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialProblem {
    NoneOnFile,
    /// The provider's latest credential lapsed before the visit.
    Expired {
        name: String,
        number: String,
        expired_on: NaiveDate,
    },
}

impl CredentialProblem {
    /// For the audit log.
    pub fn reason(&self) -> &'static str {
        match self {
            CredentialProblem::NoneOnFile => "no_credential",
            CredentialProblem::Expired { .. } => "expired",
        }
    }

    /// What the provider reads next to the sign button: what is wrong, and who can fix it.
    pub fn message(&self, visit_on: NaiveDate) -> String {
        let what = match self {
            CredentialProblem::NoneOnFile => "there is no credential on file for you".to_owned(),
            CredentialProblem::Expired {
                name,
                number,
                expired_on,
            } => {
                let number = if number.is_empty() {
                    String::new()
                } else {
                    format!(" ({number})")
                };
                format!(
                    "your {name}{number} expired on {expired_on}, before this visit on {visit_on}"
                )
            }
        };
        format!(
            "You cannot sign this note yet: {what}. A billable visit is signed with a credential current on the visit's date. Save the note as a draft; your program admin can add your current credential on your staff page, and you can sign it then."
        )
    }
}

/// The credential a note is signed with. A billable visit (one that yields at least one
/// unit) needs a credential current on the visit's date; one that bills nothing may be signed
/// with whatever is current, even nothing.
pub fn signing_credential(
    held: &[credential::Model],
    on: NaiveDate,
    units: i64,
) -> Result<String, CredentialProblem> {
    let text = credential_text(held, on);
    if units == 0 || !text.is_empty() {
        return Ok(text);
    }
    // Not current on the visit date, so every credential held has an expiry before it.
    match held.iter().max_by_key(|c| c.expires_on) {
        Some(c) => Err(CredentialProblem::Expired {
            name: c.name.clone(),
            number: c.number.clone(),
            expired_on: c.expires_on.unwrap_or(on),
        }),
        None => Err(CredentialProblem::NoneOnFile),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn licence(number: &str, expires: Option<&str>) -> credential::Model {
        credential::Model {
            id: 1,
            user_id: 1,
            kind: crate::entities::credential::Kind::License,
            name: "SLP licence".into(),
            number: number.into(),
            issuer: "State board".into(),
            expires_on: expires.map(d),
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn a_billable_visit_is_signed_with_a_credential_current_on_its_date() {
        let held = [licence("PA-1", Some("2026-11-20"))];
        // Expiring on the visit day is still current; the next day it is not.
        assert_eq!(
            signing_credential(&held, d("2026-11-20"), 4),
            Ok("SLP licence PA-1".into())
        );
        let lapsed = signing_credential(&held, d("2026-11-21"), 4).unwrap_err();
        assert_eq!(
            lapsed,
            CredentialProblem::Expired {
                name: "SLP licence".into(),
                number: "PA-1".into(),
                expired_on: d("2026-11-20")
            }
        );
        assert_eq!(lapsed.reason(), "expired");
        assert!(lapsed.message(d("2026-11-21")).contains(
            "your SLP licence (PA-1) expired on 2026-11-20, before this visit on 2026-11-21"
        ));
        // Nothing on file; a visit that bills nothing needs nothing.
        assert_eq!(
            signing_credential(&[], d("2026-11-21"), 1),
            Err(CredentialProblem::NoneOnFile)
        );
        assert!(
            CredentialProblem::NoneOnFile
                .message(d("2026-11-21"))
                .contains("no credential on file")
        );
        assert_eq!(
            signing_credential(&[], d("2026-11-21"), 0),
            Ok(String::new())
        );
        assert_eq!(
            signing_credential(&held, d("2026-11-21"), 0),
            Ok(String::new())
        );
    }

    #[test]
    fn the_latest_lapsed_credential_is_named_and_every_current_one_is_signed_with() {
        let held = [
            licence("OLD", Some("2025-01-31")),
            licence("NEW", Some("2026-10-31")),
            licence("", None),
        ];
        assert_eq!(
            signing_credential(&held[..2], d("2026-11-21"), 2),
            Err(CredentialProblem::Expired {
                name: "SLP licence".into(),
                number: "NEW".into(),
                expired_on: d("2026-10-31")
            })
        );
        // No expiry is always current; a number-less credential is signed by its name.
        assert_eq!(
            signing_credential(&held, d("2026-10-31"), 2),
            Ok("SLP licence NEW; SLP licence".into())
        );
    }
}
