//! Forms to schedule, move and cancel visits.
use super::schedule::span;
use crate::{
    entities::{Choice, child, ifsp_service, visit},
    views::{
        Page,
        form::{Errors, Input, csrf_field, error_summary, radios, select, textarea},
        layout,
    },
};
use maud::{Markup, html};
use serde::Deserialize;

/// How long a schedule repeats (weeks; 0 = once).
pub const REPEAT: [(&str, &str); 5] = [
    ("0", "Once"),
    ("4", "For 4 weeks"),
    ("8", "For 8 weeks"),
    ("12", "For 12 weeks"),
    ("26", "For 26 weeks"),
];

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ScheduleForm {
    pub date: String,
    pub time: String,
    pub minutes: String,
    pub weeks: String,
    /// For a make-up visit: the id of the missed visit.
    pub makeup_of: String,
    /// For a move: the version the user saw.
    pub version: String,
    /// For a telehealth service: the video meeting link (`telehealth::MeetingLink`).
    pub meeting_link: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CancelForm {
    pub cancelled_by: String,
    pub reason: String,
    pub version: String,
}

fn header(c: &child::Model) -> Markup {
    html! { p class="breadcrumb" { a href={"/children/" (c.id) "#visits"} { (c.full_name()) } } }
}

pub fn service_label(s: &ifsp_service::Model) -> String {
    format!(
        "{}, {}× per {}, {} min",
        s.service_type.label(),
        s.frequency,
        s.period,
        s.minutes
    )
}

pub fn schedule_page(
    p: &Page,
    c: &child::Model,
    s: &ifsp_service::Model,
    provider: &str,
    f: &ScheduleForm,
    errors: &Errors,
) -> Markup {
    let makeup = !f.makeup_of.is_empty();
    let title = if makeup {
        "Schedule a make-up visit"
    } else {
        "Schedule visits"
    };
    layout::page(
        p,
        title,
        "/visits",
        html! {
            (header(c))
            h1 { (title) }
            p class="lead" { (service_label(s)) " with " (provider) "." }
            (error_summary(errors))
            form method="post" action={"/services/" (s.id) "/visits"} novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="makeup_of" value=(f.makeup_of);
                div class="grid-3" {
                    (Input::new("date", "First visit on", &f.date).kind("date").required().render(errors))
                    (Input::new("time", "Starts at", &f.time).kind("time").required().render(errors))
                    (Input::new("minutes", "Minutes", &f.minutes).kind("number").required().render(errors))
                }
                @if s.method == visit::VisitMethod::Telehealth {
                    (Input::new("meeting_link", "Video meeting link", &f.meeting_link).kind("url").hint("The https:// link the family opens to join; shown to them with the visit. Leave empty to add it later.").render(errors))
                }
                @if makeup {
                    input type="hidden" name="weeks" value="0";
                } @else {
                    (select("weeks", "Repeat", &REPEAT, &f.weeks, errors, true))
                    p class="hint" { "Repeats follow the plan's frequency: each week's sessions are spread over the week; monthly sessions every four weeks divided by the number per month." }
                }
                button type="submit" class="primary" { (title) }
            }
        },
    )
}

pub fn reschedule_page(
    p: &Page,
    c: &child::Model,
    v: &visit::Model,
    f: &ScheduleForm,
    errors: &Errors,
) -> Markup {
    layout::page(
        p,
        "Move a visit",
        "/visits",
        html! {
            (header(c))
            h1 { "Move a visit" }
            p class="lead" { "Now: " (span(v.starts_at, v.ends_at)) }
            (error_summary(errors))
            form method="post" action={"/visits/" (v.id) "/reschedule"} novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
                div class="grid-3" {
                    (Input::new("date", "New date", &f.date).kind("date").required().render(errors))
                    (Input::new("time", "Starts at", &f.time).kind("time").required().render(errors))
                    (Input::new("minutes", "Minutes", &f.minutes).kind("number").required().render(errors))
                }
                button type="submit" class="primary" { "Move visit" }
            }
        },
    )
}

pub fn cancel_page(
    p: &Page,
    c: &child::Model,
    v: &visit::Model,
    f: &CancelForm,
    errors: &Errors,
) -> Markup {
    layout::page(
        p,
        "Cancel a visit",
        "/visits",
        html! {
            (header(c))
            h1 { "Record a missed visit" }
            p class="lead" { (span(v.starts_at, v.ends_at)) ". A make-up visit will be due within "
                (p.user.rules.makeup_due_days) " days." }
            (error_summary(errors))
            form method="post" action={"/visits/" (v.id) "/cancel"} novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
                (radios("cancelled_by", "Who cancelled", &visit::CancelledBy::options(), &f.cancelled_by, errors))
                (textarea("reason", "Reason", &f.reason, Some("Family reasons (illness, travel) explain a late service start; program reasons do not."), errors, true))
                button type="submit" class="primary" { "Cancel visit" }
            }
        },
    )
}
