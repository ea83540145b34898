//! The lead agency's "all programs" page: each measure summed across the programs (how, in
//! words, per row and above the table), then each program's figures, one click from its own
//! indicators and dashboard.
use super::{
    combined::{Combined, How},
    handlers::PeriodForm,
    targets::Measure,
    views::{HREF, period_form},
};
use crate::views::{Page, form::Errors, layout, table_wrap};
use maud::{Markup, html};

fn query(c: &Combined) -> String {
    let q = format!("from={}&to={}", c.period.from, c.period.to);
    if c.count_date == c.period.to {
        q
    } else {
        format!("{q}&count={}", c.count_date)
    }
}

pub(super) fn page(p: &Page, form: &PeriodForm, c: &Combined) -> Markup {
    let programs: Vec<_> = c.reports.iter().map(|(prog, _)| prog.clone()).collect();
    let q = query(c);
    layout::page(
        p,
        "Federal indicators: all programs",
        HREF,
        html! {
            h1 { "Federal indicators: all programs" }
            p class="lead" { "From " (c.period.from) " to " (c.period.to) ", " (c.reports.len()) " programs; each program's open deadlines are judged on its own today." }
            (period_form(form, &Errors::default(), &programs))
            section aria-labelledby="how-h" {
                h2 id="how-h" { "How the programs are added up" }
                ul id="how" {
                    li { "C1, C2, C3 and C7, C8A–C8C: the numerators are added and the denominators are added, and the percent is of those sums — never an average of the programs' percents. A child belongs to one program, so none is counted twice." }
                    li { "C4: the same, only when every program with answers shows its figure; if one program's area is withheld (too few families answered), the sum is withheld too, so it cannot be worked back." }
                    li { "C5 and C6: children and populations are added, only when every program has its population for the year." }
                }
            }
            (table_wrap::scrolling("All programs", html! {
                table id="all-programs" {
                    caption class="visually-hidden" { "Indicators summed across all programs" }
                    thead { tr {
                        th scope="col" { "Indicator" }
                        th scope="col" { "Numerator" }
                        th scope="col" { "Denominator" }
                        th scope="col" { "Percent" }
                        th scope="col" { "How" }
                    } }
                    tbody {
                        @for s in &c.sums {
                            tr data-measure=(s.measure.key()) data-how=(s.how.key()) {
                                th scope="row" { (s.measure.code()) br; small { (s.measure.title()) } }
                                td data-n="numerator" { @if let Some((n, _)) = s.figure { (n) } @else { "—" } }
                                td data-n="denominator" { @if let Some((_, d)) = s.figure { (d) } @else { "—" } }
                                td data-n="percent" { (s.percent()) }
                                td { @if s.how == How::Added { "Added" } @else { (s.how.explain()) } }
                            }
                        }
                    }
                }
            }))
            p { a href={ (HREF) "/all.csv?" (q) } { "Download as CSV" } }
            section aria-labelledby="programs-h" {
                h2 id="programs-h" { "Each program" }
                (table_wrap::scrolling("Each program", html! {
                    table id="by-program" {
                        thead { tr {
                            th scope="col" { "Program" }
                            @for m in Measure::all() { th scope="col" { (m.code()) " (%)" } }
                        } }
                        tbody {
                            @for (prog, r) in &c.reports {
                                tr data-program=(prog.slug) {
                                    th scope="row" {
                                        a href={ (HREF) "?" (q) "&program=" (prog.slug) } { (prog.name) }
                                        br; small { a href={ "/dashboard?program=" (prog.slug) } { "Dashboard" } }
                                    }
                                    @for m in Measure::all() { td data-measure=(m.key()) { (m.percent(m.figure(r))) } }
                                }
                            }
                        }
                    }
                }))
            }
        },
    )
}

/// A drill-down asked for without a program: the lead agency picks one (the children behind
/// a figure are listed program by program).
pub(super) fn choose(
    p: &Page,
    key: &str,
    form: &PeriodForm,
    c: &[crate::entities::program::Model],
) -> Markup {
    let q = format!(
        "from={}&to={}&count={}",
        form.from.trim(),
        form.to.trim(),
        form.count.trim()
    );
    layout::page(
        p,
        "Choose a program",
        HREF,
        html! {
            h1 { "Choose a program" }
            p class="lead" { "The children behind a figure are listed program by program." }
            ul id="programs" {
                @for prog in c {
                    li { a href={ (HREF) "/" (key) "?" (q) "&program=" (prog.slug) } { (prog.name) } }
                }
            }
        },
    )
}
