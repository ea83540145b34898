//! One due item, rendered the same way on every page that shows clocks (the child page and
//! its transition box, the caseload, the home pages, the transition workspace, the IFSP's
//! timely-start table): what, when — or "as soon as possible" —, the state in words, and the
//! warnings. Each item carries its clock, date and state as data attributes, so tests can
//! check that pages agree.
use crate::entities::Choice;
use crate::timeline::{ClockKind, Compliance, DueItem};
use chrono::NaiveDate;
use maud::{Markup, html};

/// A status badge with words, never colour alone.
pub fn badge(item: &DueItem, today: NaiveDate) -> Markup {
    let days = (item.due - today).num_days();
    let plural = |n: i64| if n == 1 { "" } else { "s" };
    let (class, text) = match item.status {
        Compliance::Overdue => (
            "badge badge-overdue",
            format!("Overdue by {} day{}", -days, plural(-days)),
        ),
        Compliance::Pending if days == 0 => ("badge badge-due", "Due today".to_owned()),
        Compliance::Pending => (
            "badge badge-due",
            format!("{days} day{} left", plural(days)),
        ),
        Compliance::Timely => ("badge badge-ok", "Done on time".to_owned()),
        Compliance::ExcusedDelay => ("badge badge-ok", "Late, family reason (timely)".to_owned()),
        Compliance::Late => ("badge badge-late", "Done late".to_owned()),
        Compliance::Early => ("badge badge-late", "Too early".to_owned()),
        Compliance::NotRequired => ("badge badge-closed", "Not required".to_owned()),
    };
    html! { span class=(class) { (text) } }
}

/// The item with its title, for lists.
pub fn item(child_id: i32, it: &DueItem, today: NaiveDate) -> Markup {
    render(child_id, it, today, true)
}

/// The item without its title, where the row already says what it is (a service's row).
pub fn compact(child_id: i32, it: &DueItem, today: NaiveDate) -> Markup {
    render(child_id, it, today, false)
}

fn render(child_id: i32, it: &DueItem, today: NaiveDate, titled: bool) -> Markup {
    let done_word = if it.clock == ClockKind::ServiceStart {
        "first visit"
    } else {
        "done"
    };
    html! {
        span class="due-item" data-child=(child_id) data-clock=(it.clock.key())
            data-service=[it.service.as_ref().map(|s| s.id)] data-due=(it.due)
            data-state=(it.status.key()) data-asap=[it.asap.then_some("true")] {
            span class="due-what" {
                @if titled { (title(child_id, it)) }
                @if it.clock != ClockKind::RecordExit {
                    @if titled { " — " } @else { "due " }
                    @if it.asap { "as soon as possible (due " time datetime=(it.due) { (it.due) } ")" }
                    @else { time datetime=(it.due) { (it.due) } }
                    @if let (true, Some(d)) = (titled, it.done_on) { span class="muted" { " (" (done_word) " " (d) ")" } }
                }
            }
            " " (badge(it, today))
            @for w in &it.warnings { " " span class="due-warning" { (w.message(it.clock)) } }
        }
    }
}

fn title(child_id: i32, it: &DueItem) -> Markup {
    match (it.clock, &it.service) {
        (ClockKind::RecordExit, _) => html! {
            a href={"/children/" (child_id) "/exit"} { "Turned three on " (it.due) ": record the exit" }
        },
        (ClockKind::ServiceStart, Some(s)) => html! {
            strong { "Timely start: " (s.service_type.label()) }
        },
        (clock, _) => html! { strong { (clock.label()) } },
    }
}
