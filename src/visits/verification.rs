//! The caregiver's confirmation of a visit and the optional visit verification (issue 17),
//! parsed from the note form before anything is stored. It is kept only when the note is
//! signed: the confirmation is the last step before "Sign and lock".
//!
//! - A drawn signature is SVG path data the page script builds from pointer events: only
//!   `MmLlHhVvCcQqZz`, digits, space and `.,-`, at most `MAX_PATH` characters, starting with
//!   a move. The signer's name goes with it. Without a drawing, the typed name is the
//!   confirmation (the path that works without JavaScript).
//! - The device's time zone is an IANA name (checked against chrono-tz), as its browser said.
//! - Locations count only where the program allows them and the provider chose to share
//!   them; otherwise whatever was sent is ignored. Never required.
use super::log_form::LogForm;
use crate::{
    entities::{
        Lang, visit,
        visit_confirmation::{self, ConfirmationMethod},
    },
    program::rules::ProgramRules,
    views::form::Errors,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, sea_query::Query,
};

pub const MAX_PATH: usize = 20_000;
const MAX_NAME: usize = 120;
const MAX_ZONE: usize = 64;
/// A browser's accuracy beyond this (100 km) is no location at all.
const MAX_ACCURACY_M: f64 = 100_000.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaregiverSignature {
    pub name: String,
    pub method: ConfirmationMethod,
    /// The drawn path, for `Drawn`.
    pub path: Option<String>,
}

/// A browser position: microdegrees, and the accuracy in whole metres (rounded up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub lat_e6: i32,
    pub lon_e6: i32,
    pub accuracy_m: i32,
}

/// What the signing stores beside the note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    pub caregiver: Option<CaregiverSignature>,
    pub device_tz: Option<String>,
    pub share_location: bool,
    pub start: Option<Position>,
    pub end: Option<Position>,
}

/// SVG path data as drawn: refused (never cut) when it holds anything else. The refusal is
/// the catalogue key of what the caregiver reads.
pub fn parse_path(raw: &str) -> Result<String, &'static str> {
    let p = raw.trim();
    if p.chars().count() > MAX_PATH {
        return Err("confirm.error_path_long");
    }
    if !p
        .chars()
        .all(|c| "MmLlHhVvCcQqZz0123456789 .,-".contains(c))
    {
        return Err("confirm.error_path_unreadable");
    }
    if !p.starts_with(['M', 'm']) || !p.chars().any(|c| c.is_ascii_digit()) {
        return Err("confirm.error_path_unreadable");
    }
    Ok(p.to_owned())
}

/// An IANA time zone name, as the device's browser gave it.
pub fn parse_zone(raw: &str) -> Result<Option<String>, &'static str> {
    let z = raw.trim();
    if z.is_empty() {
        return Ok(None);
    }
    if z.len() > MAX_ZONE || z.parse::<chrono_tz::Tz>().is_err() {
        return Err("The device's time zone was not recognised. Reload the page and sign again.");
    }
    Ok(Some(z.to_owned()))
}

/// A position from its three fields; all empty is none.
pub fn parse_position(lat: &str, lon: &str, acc: &str) -> Result<Option<Position>, &'static str> {
    let (lat, lon, acc) = (lat.trim(), lon.trim(), acc.trim());
    if lat.is_empty() && lon.is_empty() && acc.is_empty() {
        return Ok(None);
    }
    let num = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite());
    match (num(lat), num(lon), num(acc)) {
        (Some(la), Some(lo), Some(ac))
            if (-90.0..=90.0).contains(&la)
                && (-180.0..=180.0).contains(&lo)
                && (0.0..=MAX_ACCURACY_M).contains(&ac) =>
        {
            Ok(Some(Position {
                lat_e6: (la * 1e6).round() as i32,
                lon_e6: (lo * 1e6).round() as i32,
                accuracy_m: ac.ceil() as i32,
            }))
        }
        _ => Err(
            "The location from this device could not be read; it was not kept. Sign again, or untick sharing the location.",
        ),
    }
}

/// The verification the form carries, for a note being signed (a draft keeps none). The
/// caregiver's fields are refused in `lang`, the family's language (they read them); the
/// device's time zone and the location are the provider's, in English.
pub fn parse(f: &LogForm, rules: &ProgramRules, lang: Lang) -> Result<Verification, Errors> {
    let mut e = Errors::default();
    if f.intent != "sign" {
        return Ok(Verification::default());
    }
    let name = f.caregiver_name.trim();
    if name.chars().count() > MAX_NAME || name.contains(['\n', '\r']) {
        e.add(
            "caregiver_name",
            lang.tr("confirm.error_name_line", &[("max", &MAX_NAME.to_string())]),
        );
    }
    let path = match f.caregiver_path.trim() {
        "" => None,
        raw => parse_path(raw)
            .map_err(|key| e.add("caregiver_path", lang.t(key)))
            .ok(),
    };
    if path.is_some() && name.is_empty() {
        e.add("caregiver_name", lang.t("confirm.error_name_missing"));
    }
    if name.is_empty() && f.caregiver_path.trim().is_empty() && rules.require_caregiver_signature {
        e.add("caregiver_name", lang.t("confirm.error_required"));
    }
    let device_tz = parse_zone(&f.caregiver_tz)
        .map_err(|m| e.add("caregiver_tz", m))
        .ok()
        .flatten();
    let share_location = rules.allow_visit_location && !f.share_location.is_empty();
    let (mut start, mut end) = (None, None);
    if share_location {
        start = parse_position(&f.start_lat, &f.start_lon, &f.start_accuracy)
            .map_err(|m| e.add("share_location", m))
            .ok()
            .flatten();
        end = parse_position(&f.end_lat, &f.end_lon, &f.end_accuracy)
            .map_err(|m| e.add("share_location", m))
            .ok()
            .flatten();
    }
    if !e.is_empty() {
        return Err(e);
    }
    let caregiver = (!name.is_empty()).then(|| CaregiverSignature {
        name: name.to_owned(),
        method: if path.is_some() {
            ConfirmationMethod::Drawn
        } else {
            ConfirmationMethod::Typed
        },
        path,
    });
    Ok(Verification {
        caregiver,
        device_tz,
        share_location,
        start,
        end,
    })
}

/// The verification stored with the signed note `visit`.
pub async fn stored(
    db: &impl ConnectionTrait,
    visit: i32,
) -> Result<Option<visit_confirmation::Model>, DbErr> {
    visit_confirmation::Entity::find()
        .filter(visit_confirmation::Column::VisitId.eq(visit))
        .one(db)
        .await
}

/// Whether the provider shared the location with their last signed note: the note form's
/// "share my location" starts as they left it.
pub async fn shares_location(db: &impl ConnectionTrait, provider: i32) -> Result<bool, DbErr> {
    let theirs = Query::select()
        .column(visit::Column::Id)
        .from(visit::Entity)
        .and_where(visit::Column::ProviderId.eq(provider))
        .to_owned();
    Ok(visit_confirmation::Entity::find()
        .filter(visit_confirmation::Column::VisitId.in_subquery(theirs))
        .order_by_desc(visit_confirmation::Column::SignedAt)
        .order_by_desc(visit_confirmation::Column::Id)
        .one(db)
        .await?
        .is_some_and(|c| c.location_shared))
}

#[cfg(test)]
#[path = "verification_tests.rs"]
mod tests;
