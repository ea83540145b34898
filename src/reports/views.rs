//! The indicators table and one indicator's children. Tables scroll inside their box, so a
//! phone shows the page without sideways scrolling.
use super::{ChildRef, Indicator, Report, Verdict, handlers::PeriodForm};
use crate::entities::{program, user::Role};
use crate::policy::{self, Action};
use crate::views::{
    Page,
    form::{Errors, Input, error_summary},
    layout,
    pager::{self, Ask, Pager, grouped},
    table_wrap,
};
use maud::{Markup, html};

pub(super) const HREF: &str = "/reports/indicators";

/// The period (and the count date, when it is not the period's last day) as a query; for the
/// lead agency, who reads every program, the program too.
pub(super) fn query(p: &Page, r: &Report) -> String {
    let mut q = format!("from={}&to={}", r.period.from, r.period.to);
    if r.c2.count_date != r.period.to {
        q = format!("{q}&count={}", r.c2.count_date);
    }
    if p.user.role == Role::LeadAgency {
        q = format!("{q}&program={}", r.program_slug);
    }
    q
}

/// A child in a drill-down: a link to the record for those who may open it (staff of the
/// child's program); the name alone for the lead agency, which monitors but opens no record.
pub(super) fn child_link(p: &Page, c: &ChildRef) -> Markup {
    let opens = policy::role_allows(p.user.role, Action::ViewChild);
    html! {
        @if opens { a href={ "/children/" (c.id) } { (c.name) } } @else { (c.name) }
    }
}

/// The lead agency's program picker: every program of the installation, or all of them.
pub(super) fn picker(programs: &[program::Model], chosen: &str) -> Markup {
    html! {
        div class="field" {
            label for="program" { "Program" }
            select id="program" name="program" {
                option value="" selected[chosen.is_empty()] { "All programs" }
                @for prog in programs {
                    option value=(prog.slug) selected[prog.slug == chosen] { (prog.name) }
                }
            }
        }
    }
}

pub(super) fn period_form(
    form: &PeriodForm,
    errors: &Errors,
    programs: &[program::Model],
) -> Markup {
    html! {
        (error_summary(errors))
        form method="get" action=(HREF) class="filters" {
            @if !programs.is_empty() { (picker(programs, form.program.trim())) }
            (Input::new("from", "First day", &form.from).kind("date").hint("Empty: 1 July of this federal year").render(errors))
            (Input::new("to", "Last day", &form.to).kind("date").hint("Empty: 30 June").render(errors))
            (Input::new("count", "Child-count date", &form.count).kind("date").hint("C2 and the 618 tables. Empty: the last day").render(errors))
            div class="field" { button type="submit" { "Show" } }
        }
    }
}

pub(super) fn index(
    p: &Page,
    form: &PeriodForm,
    errors: &Errors,
    r: Option<&Report>,
    programs: &[program::Model],
) -> Markup {
    layout::page(
        p,
        "Federal indicators",
        HREF,
        html! {
            h1 { "Federal indicators" }
            @if let Some(r) = r {
                (program_line(p, r))
                p class="lead" { "From " (r.period.from) " to " (r.period.to) "; open deadlines judged on " (r.as_of) "." }
            }
            (period_form(form, errors, programs))
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
                                        a href={ (HREF) "/" (f.indicator.key()) "?" (query(p, r)) } { (f.indicator.code()) }
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
                (super::views_outcomes::sections(p, r))
                (super::views_c4::section(p, r))
                (super::views_618::section(p, r))
            }
        },
    )
}

/// One indicator's children, grouped by verdict (late first), a page of them at a time: the
/// groups' rows one after the other, cut into pages; each heading counts its whole group.
pub(super) fn detail(p: &Page, r: &Report, i: Indicator, ask: &Ask) -> Markup {
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
    let verdicts = groups.map(|(v, _)| v);
    let ordered = pager::in_groups(&f.rows, &verdicts, |(_, d)| d.verdict);
    let pager = Pager::new(ask, ordered.len());
    let shown = pager.slice(&ordered);
    layout::page(
        p,
        &title,
        HREF,
        html! {
            p { a href={ (HREF) "?" (query(p, r)) } { "← All indicators" } }
            h1 { (title) }
            (program_line(p, r))
            p class="lead" id="figure" data-numerator=(f.numerator) data-denominator=(f.denominator) {
                (f.numerator) " of " (f.denominator) " (" (f.percent()) "%), from " (r.period.from) " to " (r.period.to) ". "
                (f.family_delays) " family delays, " (f.excluded) " excluded, " (f.not_yet_due) " not yet due."
            }
            p { (i.population()) "." }
            p { a href={ (HREF) "/" (i.key()) ".csv?" (query(p, r)) } { "Download as CSV" } }
            (pager.summary())
            @for (verdict, heading) in groups {
                @let rows: Vec<_> = shown.iter().filter(|(_, d)| d.verdict == verdict).collect();
                @if !rows.is_empty() {
                    h2 { (heading) " (" (grouped(f.rows.iter().filter(|(_, d)| d.verdict == verdict).count())) ")" }
                    (table_wrap::cards(heading, html! {
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
                                        td { (child_link(p, c)) }
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
            (pager.nav(&format!("{HREF}/{}?{}", i.key(), query(p, r))))
        },
    )
}

/// The lead agency reads every program's drill-downs: each names the program it is about.
pub(super) fn program_line(p: &Page, r: &Report) -> Markup {
    html! {
        @if p.user.role == Role::LeadAgency { p id="program-name" { strong { (r.program_name) } } }
    }
}
