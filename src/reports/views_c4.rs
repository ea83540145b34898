//! C4 (family outcomes) on the indicators page, and its drill-down: counts only. No family,
//! child or answer is ever listed, and an area answered by too few families is withheld.
use super::{
    Report,
    indicators::c4::{AreaFigure, MIN_ANSWERS},
    views::{HREF, query},
};
use crate::views::table_wrap;
use crate::{
    entities::Choice,
    views::{Page, layout},
};
use maud::{Markup, html};

fn shown(n: Option<usize>) -> Markup {
    html! { @if let Some(n) = n { (n) } @else { "—" } }
}

fn area_rows(areas: &[AreaFigure]) -> Markup {
    html! {
        @for a in areas {
            tr data-indicator=(a.area.code().to_lowercase()) {
                th scope="row" { (a.area.code()) br; small { (a.area.label()) } }
                td data-n="numerator" { (shown(a.agree_shown())) }
                td data-n="denominator" { (a.answered) }
                td data-n="percent" { (a.percent()) }
                td data-n="prefer_not" { (a.prefer_not) }
            }
        }
    }
}

fn table(r: &Report) -> Markup {
    html! {
        (table_wrap::scrolling("Families agreeing, per area", html! {
            table id="c4-table" {
                caption class="visually-hidden" { "Families agreeing, per area" }
                thead { tr {
                    th scope="col" { "Area" }
                    th scope="col" { "Agree" }
                    th scope="col" { "Answered" }
                    th scope="col" { "Percent" }
                    th scope="col" { "Prefer not to say" }
                } }
                tbody { (area_rows(&r.c4.areas)) }
            }
        }))
    }
}

fn withheld(r: &Report) -> Markup {
    html! {
        @if r.c4.areas.iter().any(|a| !a.shown()) {
            p id="c4-withheld" { "An area answered by fewer than " (MIN_ANSWERS) " families shows no count or percent (—), so that no family's answer can be told from the figure." }
        }
    }
}

fn rate(r: &Report) -> Markup {
    let c4 = &r.c4;
    html! {
        p id="c4-rate" data-responded=(c4.responded) data-families=(c4.families) {
            "Response rate: " (c4.responded) " of " (c4.families) " families (" (c4.response_rate()) "%) — families who answered the survey in the period, of the families of children with an IFSP in the period (a signed plan met by its last day, not exited before its first)."
        }
    }
}

/// The C4 section of the indicators page.
pub(super) fn section(p: &Page, r: &Report) -> Markup {
    html! {
        section id="c4" aria-labelledby="c4-h" {
            h2 id="c4-h" { a href={ (HREF) "/c4?" (query(p, r)) } { "C4" } ": family outcomes" }
            p { "Families agreeing (agree or strongly agree) that early intervention helped them, of the families who answered that area (\"prefer not to say\" is not an answer to it)." }
            (table(r))
            (rate(r))
            (withheld(r))
        }
    }
}

/// The C4 drill-down: the same counts, with what was not counted. Never a name.
pub(super) fn detail(p: &Page, r: &Report) -> Markup {
    let c4 = &r.c4;
    let title = "C4: family outcomes (family survey)";
    layout::page(
        p,
        title,
        HREF,
        html! {
            p { a href={ (HREF) "?" (query(p, r)) } { "← All indicators" } }
            h1 { (title) }
            (super::views::program_line(p, r))
            p class="lead" { "Survey responses sent from " (r.period.from) " to " (r.period.to) ", counted by family. Answers are never shown by family or child." }
            p { a href={ (HREF) "/c4.csv?" (query(p, r)) } { "Download as CSV" } }
            (table(r))
            (rate(r))
            (withheld(r))
            dl id="c4-counts" {
                dt { "Families of children with an IFSP in the period" } dd data-n="families" { (c4.families) }
                dt { "Families who answered" } dd data-n="responded" { (c4.responded) }
                dt { "Families who said no to the survey" } dd data-n="declined" { (c4.declined) }
                dt { "Responses with a comment (comments are not shown)" } dd data-n="with_comment" { (c4.with_comment) }
                dt { "Responses not counted (the family had no child with an IFSP in the period)" } dd data-n="outside" { (c4.outside) }
            }
        },
    )
}
