//! The caregiver's confirmation on the note form (the step before "Sign and lock"), and the
//! stored confirmation on the signed visit's page. The drawn signature is SVG path data,
//! checked to hold only path characters before it was stored, and always written through a
//! maud attribute (escaped), never as raw markup.
use super::{log_form::LogForm, schedule::span};
use crate::{
    entities::{
        Choice, Lang,
        visit_confirmation::{ConfirmationMethod, Model},
    },
    views::{
        form::{Errors, Input},
        when,
    },
};
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use maud::{Markup, html};

/// The pad's drawing area: the page script scales pointer positions into it.
const VIEW_BOX: &str = "0 0 300 120";

fn pad_path(d: &str, label: &str) -> Markup {
    html! {
        svg class="signature" viewBox=(VIEW_BOX) role="img" aria-label=(label) {
            path d=(d) fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" {}
        }
    }
}

/// Who the confirmation step is for: the family's language (the caregiver's words), the
/// provider they confirm, and the program's rules for it.
pub struct StepFor<'a> {
    pub lang: Lang,
    pub provider: &'a str,
    pub required: bool,
    /// `Some(ticked)` where the program allows keeping the location.
    pub location: Option<bool>,
}

/// What the caregiver confirms: the visit's day and times as the form holds them, written
/// the family's way; without a readable date, the visit alone.
fn statement(f: &LogForm, to: &StepFor) -> String {
    let day = NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d").ok();
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    match (day, time(&f.start), time(&f.end)) {
        (Some(d), Some(s), Some(e)) => to.lang.tr(
            "confirm.statement",
            &[
                ("provider", to.provider),
                ("date", &to.lang.date(d)),
                ("start", &to.lang.time(s)),
                ("end", &to.lang.time(e)),
            ],
        ),
        _ => to
            .lang
            .tr("confirm.statement_undated", &[("provider", to.provider)]),
    }
}

/// The confirmation step, handed to the caregiver: what they read and touch is in the
/// family's language (from the catalogue, marked with its `lang`); the provider's hint, the
/// device's time zone and the location stay in English. Without JavaScript the pad stays
/// hidden and the typed name is the confirmation; `confirm.js` shows the pad, fills the
/// hidden path, the device's time zone and, when shared, the location at the start and at
/// signing.
pub fn step(f: &LogForm, errors: &Errors, to: &StepFor) -> Markup {
    let l = to.lang;
    let pad_error = errors.get("caregiver_path");
    let tz_error = errors.get("caregiver_tz");
    let loc_error = errors.get("share_location");
    let (label, name_hint, optional) = (
        l.t("confirm.name"),
        l.t("confirm.name_hint"),
        l.t("confirm.optional"),
    );
    html! {
        fieldset class="group" id="f-caregiver" data-caregiver-confirm lang=(l.code()) {
            legend { (l.t("confirm.heading")) }
            p class="hint" lang="en" {
                "Last step before signing: hand the phone to the caregiver, who signs on the screen with a finger, or types their name. "
                @if to.required { strong { "This program needs it to sign the note." } } @else { "Optional." }
                " Kept with the signed note only."
            }
            p class="confirm-statement" { (statement(f, to)) }
            div id="f-caregiver_path" class=(if pad_error.is_some() { "field has-error" } else { "field" }) data-signature-pad hidden {
                p class="pad-label" { (l.t("confirm.sign_here")) }
                @if let Some(e) = pad_error { p class="error" { span class="visually-hidden" { "Error: " } (e) } }
                div class="signature-pad" { (pad_path(&f.caregiver_path, &l.t("confirm.pad"))) }
                button type="button" data-pad-clear { (l.t("confirm.clear")) }
            }
            input type="hidden" name="caregiver_path" value=(f.caregiver_path);
            input type="hidden" name="caregiver_tz" value=(f.caregiver_tz);
            @if let Some(e) = tz_error { p class="error" id="f-caregiver_tz" lang="en" { span class="visually-hidden" { "Error: " } (e) } }
            @let name = Input::new("caregiver_name", &label, &f.caregiver_name).hint(&name_hint);
            @if to.required { (name.required().render(errors)) } @else { (name.note(Some(&optional)).render(errors)) }
            p class="hint" { (l.tr("confirm.hand_back", &[("provider", to.provider)])) }
            @if let Some(shared) = to.location {
                div id="f-share_location" lang="en" class=(if loc_error.is_some() { "checkbox has-error" } else { "checkbox" }) {
                    @if let Some(e) = loc_error { p class="error" { span class="visually-hidden" { "Error: " } (e) } }
                    input type="checkbox" id="f-share-location" name="share_location" value="yes" checked[shared];
                    label for="f-share-location" { "Keep this device's location at the start and the end of the visit (optional; remembered for your next note)" }
                }
                @for (name, value) in [
                    ("start_lat", &f.start_lat), ("start_lon", &f.start_lon), ("start_accuracy", &f.start_accuracy),
                    ("end_lat", &f.end_lat), ("end_lon", &f.end_lon), ("end_accuracy", &f.end_accuracy),
                ] {
                    input type="hidden" name=(name) value=(value);
                }
            }
        }
    }
}

fn degrees(e6: i32) -> String {
    format!("{:.6}", f64::from(e6) / 1e6)
}

fn place(lat: Option<i32>, lon: Option<i32>, acc: Option<i32>) -> Option<String> {
    Some(format!(
        "{}, {} (within {} m)",
        degrees(lat?),
        degrees(lon?),
        acc?
    ))
}

/// The stored verification, on the signed visit's page.
pub fn signed(c: &Model, tz: Tz) -> Markup {
    let name = c.signer_name.clone().unwrap_or_default();
    let start = place(c.start_lat_e6, c.start_lon_e6, c.start_accuracy_m);
    let end = place(c.end_lat_e6, c.end_lon_e6, c.end_accuracy_m);
    html! {
        section aria-labelledby="confirm-h" class="card" id="confirmation" {
            h2 id="confirm-h" { "Caregiver's confirmation" }
            @match (c.method, c.signature_path.as_deref()) {
                (Some(ConfirmationMethod::Drawn), Some(d)) => {
                    figure class="signature-shown" {
                        (pad_path(d, &format!("Signature of {name}")))
                        figcaption { (name) }
                    }
                }
                _ => {}
            }
            dl class="facts" {
                dt { "Confirmed by" }
                dd {
                    @match c.method {
                        Some(m) => { (name) " (" (m.label().to_lowercase()) ")" }
                        None => { "No caregiver confirmation" }
                    }
                }
                dt { "Signed" } dd { (when::moment(c.signed_at, tz)) }
                @if let Some(z) = &c.device_time_zone { dt { "Device's time zone" } dd { (z) } }
                dt { "Actual times" } dd { (span(c.actual_starts_at, c.actual_ends_at)) }
                @if let Some(s) = &start { dt { "Location at the start" } dd { (s) } }
                @if let Some(e) = &end { dt { "Location at signing" } dd { (e) } }
            }
        }
    }
}
