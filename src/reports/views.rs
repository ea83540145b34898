//! The indicators table and one indicator's children. Tables scroll inside their box, so a
//! phone shows the page without sideways scrolling.
use super::{Indicator, Report, Verdict, handlers::PeriodForm};
use crate::views::table_wrap;
use crate::views::{
    Page,
    form::{Errors, Input, error_summary},
    layout,
};
use maud::{Markup, html};

pub(super) const HREF: &str = "/reports/indicators";

/// The period (and the count date, when it is not the period's last day) as a query.
pub(super) fn query(r: &Report) -> String {
    let q = format!("from={}&to={}", r.period.from, r.period.to);
    if r.c2.count_date == r.period.to {
        q
    } else {
        format!("{q}&count={}", r.c2.count_date)
    }
}

fn period_form(form: &PeriodForm, errors: &Errors) -> Markup {
    html! {
        (error_summary(errors))
        form method="get" action=(HREF) class="filters" {
            (Input::new("from", "First day", &form.from).kind("date").hint("Empty: 1 July of this federal year").render(errors))
            (Input::new("to", "Last day", &form.to).kind("date").hint("Empty: 30 June").render(errors))
            (Input::new("count", "Child-count date", &form.count).kind("date").hint("C2 and the 618 tables. Empty: the last day").render(errors))
            div class="field" { button type="submit" { "Show" } }
        }
    }
}

pub(super) fn index(p: &Page, form: &PeriodForm, errors: &Errors, r: Option<&Report>) -> Markup {
    layout::page(
        p,
        "Federal indicators",
        HREF,
        html! {
            h1 { "Federal indicators" }
            @if let Some(r) = r {
                p class="lead" { "From " (r.period.from) " to " (r.period.to) "; open deadlines judged on " (r.as_of) "." }
            }
            (period_form(form, errors))
            @if let Some(r) = r {
                (table_wrap::scrolling("Indicators for the period", html! {
                    table id="indicators" {
                        caption class="visually-hidden" { "Indicators for the period" }
                        thead { tr {
                            th scope="col" { "Indicator" }
                            th scope="col" { "Numerator" }
                            th scope="col" { "Denominator" }
                            th scope="col" { "Percent" }
                            th scope="col" { "Family delays" }
                            th scope="col" { "Late" }
                            th scope="col" { "Excluded" }
                            th scope="col" { "Not yet due" }
                        } }
                        tbody {
                            @for f in &r.figures {
                                tr data-indicator=(f.indicator.key()) {
                                    th scope="row" {
                                        a href={ (HREF) "/" (f.indicator.key()) "?" (query(r)) } { (f.indicator.code()) }
                                        br; small { (f.indicator.title()) }
                                    }
                                    td data-n="numerator" { (f.numerator) }
                                    td data-n="denominator" { (f.denominator) }
                                    td data-n="percent" { (f.percent()) }
                                    td data-n="family_delays" { (f.family_delays) }
                                    td data-n="late" { (f.late) }
                                    td data-n="excluded" { (f.excluded) }
                                    td data-n="not_yet_due" { (f.not_yet_due) }
                                }
                            }
                        }
                    }
                }))
                p { "Documented delays for exceptional family circumstances count in both the numerator and the denominator (303.310(b)), and are shown as their own number." }
                (super::views_outcomes::sections(r))
                (super::views_c4::section(r))
                (super::views_618::section(r))
            }
        },
    )
}

pub(super) fn detail(p: &Page, r: &Report, i: Indicator) -> Markup {
    let f = r.figure(i);
    let title = format!("{}: {}", i.code(), i.title());
    let groups = [
        (Verdict::Late, "Late"),
        (
            Verdict::FamilyDelay,
            "Late for documented family circumstances (counted as timely)",
        ),
        (Verdict::Timely, "On time"),
        (
            Verdict::Excluded,
            "Excluded from the denominator (reported)",
        ),
        (Verdict::NotYetDue, "Not yet due"),
    ];
    layout::page(
        p,
        &title,
        HREF,
        html! {
            p { a href={ (HREF) "?" (query(r)) } { "← All indicators" } }
            h1 { (title) }
            p class="lead" id="figure" data-numerator=(f.numerator) data-denominator=(f.denominator) {
                (f.numerator) " of " (f.denominator) " (" (f.percent()) "%), from " (r.period.from) " to " (r.period.to) ". "
                (f.family_delays) " family delays, " (f.excluded) " excluded, " (f.not_yet_due) " not yet due."
            }
            p { (i.population()) "." }
            p { a href={ (HREF) "/" (i.key()) ".csv?" (query(r)) } { "Download as CSV" } }
            @for (verdict, heading) in groups {
                @let rows: Vec<_> = f.rows.iter().filter(|(_, d)| d.verdict == verdict).collect();
                @if !rows.is_empty() {
                    h2 { (heading) " (" (rows.len()) ")" }
                    (table_wrap::scrolling(heading, html! {
                        table class="drill" data-verdict=(verdict.key()) {
                            thead { tr {
                                th scope="col" { "Child" }
                                th scope="col" { "Born" }
                                th scope="col" { "Due" }
                                th scope="col" { "Done" }
                                th scope="col" { "Result" }
                                th scope="col" { "Why" }
                            } }
                            tbody {
                                @for (c, d) in rows {
                                    tr data-child=(c.id) data-verdict=(d.verdict.key()) {
                                        td { a href={ "/children/" (c.id) } { (c.name) } }
                                        td { (c.date_of_birth) }
                                        td { @if let Some(x) = d.due { (x) } @else { "—" } }
                                        td { @if let Some(x) = d.done { (x) } @else { "—" } }
                                        td { (d.verdict.label()) }
                                        td { (d.reason) }
                                    }
                                }
                            }
                        }
                    }))
                }
            }
        },
    )
}
