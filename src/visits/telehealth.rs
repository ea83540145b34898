//! Telehealth visits: the video meeting link, the family's consent to telehealth, and how
//! coaching worked by video in the note.
//!
//! A missing telehealth consent **warns, never refuses**. Scheduling warns (the flash after
//! booking, and the visit page): a program books a video visit while the consent form is on
//! its way, and refusing would only push the booking onto paper. Logging and signing the note
//! warn too (the visit page): the note records a visit that happened, and refusing it would
//! lose the record of a service delivered, which the program must keep whatever the
//! paperwork. The warning names the gap so the coordinator records the consent and the
//! supervisor sees it at review.
use crate::{
    entities::{
        Choice, consent,
        visit::{RemoteCoaching, VisitMethod},
    },
    views::{fields::paragraph, form::Errors},
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// The longest meeting link taken, in characters: refused beyond it, never cut.
pub const LINK_MAX: usize = 500;
/// The longest note on how coaching worked by video.
pub const NOTE_MAX: usize = 1000;

/// What the visit page and the flash say when the family has no telehealth consent in force.
pub const NO_CONSENT: &str = "The family has no consent to telehealth in force: record it (Record a consent, \"Services by telehealth\") before the video visit.";

/// A video meeting link: `https://`, a host, no user name or password in it, no spaces, at
/// most `LINK_MAX` characters. Only a value that passed `parse` exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingLink(String);

impl MeetingLink {
    /// An empty field is no link (`Ok(None)`); anything else must be a link as above.
    pub fn parse(v: &str) -> Result<Option<MeetingLink>, &'static str> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        if v.chars().count() > LINK_MAX {
            return Err("The link is too long (500 characters at most).");
        }
        // `https:///x` would read as the host `x`: the host must follow the scheme.
        let scheme_ok = v
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
            && !v[8..].starts_with(['/', '\\']);
        let url = url::Url::parse(v).ok().filter(|_| scheme_ok);
        match url {
            Some(u)
                if u.scheme() == "https"
                    && u.host_str().is_some_and(|h| !h.is_empty())
                    && u.username().is_empty()
                    && u.password().is_none()
                    && !v.chars().any(|c| c.is_whitespace() || c.is_control()) =>
            {
                Ok(Some(MeetingLink(v.to_owned())))
            }
            _ => Err(
                "Enter the video link as it starts with https://, like https://meet.example.org/abc-123.",
            ),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// The form's link field parsed into `field`'s message or the link (empty for none).
pub fn parse_link(e: &mut Errors, field: &'static str, v: &str) -> String {
    match MeetingLink::parse(v) {
        Ok(link) => link.map(MeetingLink::into_string).unwrap_or_default(),
        Err(msg) => {
            e.add(field, msg);
            String::new()
        }
    }
}

/// How coaching worked by video, from the note form: needed to sign a telehealth note (with
/// the text when the way is "another"); for other methods nothing is kept.
pub fn parse_remote(
    e: &mut Errors,
    method: Option<VisitMethod>,
    sign: bool,
    choice: &str,
    note: &str,
) -> (RemoteCoaching, String) {
    let way = e
        .choice::<RemoteCoaching>(
            "remote_coaching",
            choice,
            "Choose how coaching worked by video from the list.",
        )
        .unwrap_or(RemoteCoaching::Unset);
    let note = paragraph(e, "remote_coaching_note", note, NOTE_MAX);
    if method != Some(VisitMethod::Telehealth) {
        return (RemoteCoaching::Unset, String::new());
    }
    if sign && way == RemoteCoaching::Unset {
        e.add(
            "remote_coaching",
            "Say how coaching worked by video: a telehealth note records it.",
        );
    }
    if sign && way == RemoteCoaching::Other && note.is_empty() {
        e.add(
            "remote_coaching_note",
            "Describe how coaching worked by video.",
        );
    }
    (way, note)
}

/// Whether the child's family has a telehealth consent in force on `day`.
pub async fn consent_in_force(
    db: &impl ConnectionTrait,
    child_id: i32,
    day: NaiveDate,
) -> Result<bool, DbErr> {
    let rows = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(child_id))
        .filter(consent::Column::Kind.eq(consent::Kind::Telehealth))
        .all(db)
        .await?;
    Ok(rows.iter().any(|k| k.in_force_on(day)))
}

/// The telehealth ways a note form offers.
pub fn ways() -> Vec<(&'static str, &'static str)> {
    RemoteCoaching::offered()
}

/// The label of a stored way (empty when none was chosen).
pub fn label(way: RemoteCoaching) -> &'static str {
    if way == RemoteCoaching::Unset {
        ""
    } else {
        way.label()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_link_is_https_with_a_host_and_nothing_else() {
        assert_eq!(MeetingLink::parse("  "), Ok(None));
        let ok = MeetingLink::parse(" https://meet.example.org/abc-123?pwd=x ").unwrap();
        assert_eq!(
            ok.unwrap().as_str(),
            "https://meet.example.org/abc-123?pwd=x"
        );
        assert!(
            MeetingLink::parse("HTTPS://Meet.example.org/a")
                .unwrap()
                .is_some()
        );
        for bad in [
            "http://meet.example.org/abc",
            "meet.example.org/abc",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://user:pw@meet.example.org/",
            "https://meet.example.org/a b",
            "ftp://meet.example.org/",
            "not a link",
        ] {
            assert!(MeetingLink::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://meet.example.org/{}", "a".repeat(LINK_MAX));
        assert!(MeetingLink::parse(&long).is_err());
    }

    #[test]
    fn only_a_signed_telehealth_note_needs_the_way_coaching_worked() {
        let tele = Some(VisitMethod::Telehealth);
        let mut e = Errors::default();
        parse_remote(&mut e, tele, false, "", "");
        assert!(e.is_empty(), "a draft may leave it");
        parse_remote(&mut e, tele, true, "", "");
        assert!(e.get("remote_coaching").is_some());
        let mut e = Errors::default();
        parse_remote(&mut e, tele, true, "other", " ");
        assert!(e.get("remote_coaching_note").is_some());
        let mut e = Errors::default();
        let got = parse_remote(
            &mut e,
            tele,
            true,
            "caregiver_hands_on",
            " Mum held the spoon ",
        );
        assert!(e.is_empty());
        assert_eq!(
            got,
            (
                RemoteCoaching::CaregiverHandsOn,
                "Mum held the spoon".into()
            )
        );
        let mut e = Errors::default();
        let got = parse_remote(&mut e, Some(VisitMethod::InPerson), true, "", "x");
        assert!(e.is_empty(), "not asked of an in-person note");
        assert_eq!(got, (RemoteCoaching::Unset, String::new()));
        parse_remote(&mut e, Some(VisitMethod::InPerson), true, "nonsense", "");
        assert!(e.get("remote_coaching").is_some());
    }
}
