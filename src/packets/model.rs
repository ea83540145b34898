//! Referral packets: which records may go to which agency. A packet holds only documents a
//! release-of-information consent covers, and only for the agency that consent names.
use crate::entities::{Choice, agency, consent, referral_packet::Document};
use chrono::NaiveDate;

pub const AUDIENCE: &str = "agency";
pub const SESSION_AUDIENCE: &str = "agency-session";
/// An agency's link works this long.
pub const LINK_DAYS: i64 = 14;
/// A confirmed agency session lasts this long (less if the link ends sooner).
pub const SESSION_HOURS: i64 = 2;

/// Whether release `k` names `agency`: by the directory id it was chosen by; a release
/// without one (an agency typed as not in the directory, or a row older than the choice) by
/// its name, as it was matched before (trimmed, ignoring case).
pub fn names(k: &consent::Model, agency: &agency::Model) -> bool {
    match k.agency_id {
        Some(id) => id == agency.id,
        None => k
            .agency_name
            .trim()
            .eq_ignore_ascii_case(agency.name.trim()),
    }
}

/// The release that lets `documents` go to `agency` on `today`: given, not revoked or
/// expired, naming the agency, and covering every document. Otherwise the documents no
/// release for that agency covers (all of them when there is no release at all), in the
/// order of `Document`.
pub fn covering<'a>(
    consents: &'a [consent::Model],
    agency: &agency::Model,
    documents: &[Document],
    today: NaiveDate,
) -> Result<&'a consent::Model, Vec<Document>> {
    let in_force: Vec<&consent::Model> = consents
        .iter()
        .filter(|k| {
            k.kind == consent::Kind::ReleaseOfInformation
                && k.in_force_on(today)
                && names(k, agency)
        })
        .collect();
    let covers = |k: &consent::Model, d: Document| k.records.contains(d);
    if let Some(k) = in_force
        .iter()
        .find(|k| documents.iter().all(|d| covers(k, *d)))
    {
        return Ok(k);
    }
    Err(Document::all()
        .filter(|d| documents.contains(d))
        .filter(|d| !in_force.iter().any(|k| covers(k, *d)))
        .collect())
}

/// The consent form, preselecting a release to `agency` of `documents`: where a refusal
/// sends the user.
pub fn release_form_link(child_id: i32, agency_id: i32, documents: &[Document]) -> String {
    let records: Vec<&str> = documents.iter().map(|d| d.as_str()).collect();
    format!(
        "/children/{child_id}/consents/new?kind=release_of_information&agency={agency_id}&records={}",
        records.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn release(agency: &str, records: &str) -> consent::Model {
        consent::Model {
            id: 1,
            child_id: 1,
            kind: consent::Kind::ReleaseOfInformation,
            agency_id: None,
            agency_name: agency.into(),
            purpose: "Transition".into(),
            given: true,
            decided_on: d(1),
            decided_by: "Ana".into(),
            expires_on: None,
            revoked_on: None,
            recorded_by: 1,
            records: records.parse().unwrap(),
            created_at: Utc::now(),
        }
    }

    fn district() -> agency::Model {
        agency::Model {
            id: 1,
            program_id: 1,
            name: "Riverbend Area School District".into(),
            kind: agency::Kind::Lea,
            service_area: String::new(),
            contact_name: String::new(),
            email: "x@y.example".into(),
            phone: String::new(),
            fax: String::new(),
            address: String::new(),
            preferred_channel: agency::Channel::Email,
            active: true,
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn only_a_release_naming_the_agency_and_covering_every_document_will_do() {
        let a = district();
        let k = [release(
            "riverbend area school district ",
            "ifsp,evaluation",
        )];
        assert!(covering(&k, &a, &[Document::Ifsp], d(10)).is_ok());
        assert!(covering(&k, &a, &[Document::Ifsp, Document::Evaluation], d(10)).is_ok());
        assert_eq!(
            covering(&k, &a, &[Document::Ifsp, Document::VisitNotes], d(10)).unwrap_err(),
            [Document::VisitNotes]
        );
        let other = [release(
            "Riverbend Head Start",
            "ifsp,evaluation,visit_notes,cos",
        )];
        assert_eq!(
            covering(&other, &a, &[Document::Ifsp], d(10)).unwrap_err(),
            [Document::Ifsp]
        );
    }

    #[test]
    fn a_release_chosen_from_the_directory_names_its_agency_by_id_not_by_name() {
        let a = district();
        let mut by_id = release("", "ifsp");
        by_id.agency_id = Some(1);
        assert!(covering(&[by_id.clone()], &a, &[Document::Ifsp], d(10)).is_ok());
        // Another directory agency's release, even one typed with this agency's name.
        let mut other = release("Riverbend Area School District", "ifsp");
        other.agency_id = Some(2);
        assert_eq!(
            covering(&[other], &a, &[Document::Ifsp], d(10)).unwrap_err(),
            [Document::Ifsp]
        );
    }

    #[test]
    fn the_refusal_links_to_the_form_with_the_agency_and_the_records() {
        assert_eq!(
            release_form_link(7, 3, &[Document::Ifsp, Document::Cos]),
            "/children/7/consents/new?kind=release_of_information&agency=3&records=ifsp,cos"
        );
    }

    #[test]
    fn a_revoked_expired_declined_or_future_release_covers_nothing() {
        let a = district();
        let mut r = release("Riverbend Area School District", "ifsp");
        r.revoked_on = Some(d(10));
        assert!(covering(&[r.clone()], &a, &[Document::Ifsp], d(10)).is_err());
        assert!(
            covering(&[r], &a, &[Document::Ifsp], d(9)).is_ok(),
            "revocation is not retroactive"
        );
        let mut r = release("Riverbend Area School District", "ifsp");
        r.expires_on = Some(d(10));
        assert!(covering(&[r], &a, &[Document::Ifsp], d(10)).is_err());
        let mut r = release("Riverbend Area School District", "ifsp");
        r.given = false;
        assert!(covering(&[r], &a, &[Document::Ifsp], d(10)).is_err());
        let r = release("Riverbend Area School District", "ifsp");
        assert!(
            covering(
                &[r],
                &a,
                &[Document::Ifsp],
                NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
            )
            .is_err()
        );
    }
}
