//! C3 (child outcomes) and C2 (settings) on the indicators page, and their drill-downs.
use super::{
    Report,
    indicators::{
        c2::Setting618,
        c3::{C3Status, describe},
    },
    views::{HREF, child_link, query},
};
use crate::views::{
    pager::{self, Ask, Pager, grouped},
    table_wrap,
};
use crate::{
    entities::Choice,
    views::{Page, layout},
};
use maud::{Markup, html};

const LETTERS: [&str; 5] = ["a", "b", "c", "d", "e"];

/// The C3 and C2 sections of the indicators page.
pub(super) fn sections(p: &Page, r: &Report) -> Markup {
    let c3 = &r.c3;
    let c2 = &r.c2;
    html! {
        section id="c3" aria-labelledby="c3-h" {
            h2 id="c3-h" { a href={ (HREF) "/c3?" (query(p, r)) } { "C3" } ": child outcomes" }
            p { "Children who exited in the period after at least six months of service (from the initial IFSP meeting). Summary Statement 1 = (c+d)/(a+b+c+d); Summary Statement 2 = (d+e)/(a+b+c+d+e)." }
            (table_wrap::scrolling("C3: progress categories and summary statements", html! {
                table id="c3-table" {
                    caption class="visually-hidden" { "Progress categories and summary statements per outcome" }
                    thead { tr {
                        th scope="col" { "Outcome" }
                        @for l in LETTERS { th scope="col" { (l) } }
                        th scope="col" { "SS1" }
                        th scope="col" { "SS2" }
                        th scope="col" { "Missing data" }
                    } }
                    tbody {
                        @for (o, n) in c3.by_outcome() {
                            tr data-outcome=(o.as_str()) {
                                th scope="row" { (o.label()) }
                                @for (i, l) in LETTERS.iter().enumerate() { td data-n=(l) { (n.counts[i]) } }
                                td data-n="ss1" { (n.ss1_percent()) " (" (n.ss1().0) "/" (n.ss1().1) ")" }
                                td data-n="ss2" { (n.ss2_percent()) " (" (n.ss2().0) "/" (n.ss2().1) ")" }
                                td data-n="missing" { (n.missing) }
                            }
                        }
                    }
                }
            }))
            p { (c3.excluded) " exited in the period after fewer than six months (listed in the drill-down, not counted)." }
        }
        section id="c2" aria-labelledby="c2-h" {
            h2 id="c2-h" { a href={ (HREF) "/c2?" (query(p, r)) } { "C2" } ": settings on " (c2.count_date) }
            p { "Children with an active IFSP on the count date, primarily served (most planned minutes a month of their current services) in the home or community settings, of all served." }
            (table_wrap::scrolling("C2: primary service setting", html! {
                table id="c2-table" {
                    caption class="visually-hidden" { "Primary service setting on the count date" }
                    thead { tr {
                        th scope="col" { "Numerator" }
                        th scope="col" { "Denominator" }
                        th scope="col" { "Percent" }
                        @for s in Setting618::ALL { th scope="col" { (s.label()) } }
                        th scope="col" { "No current service" }
                        th scope="col" { "Excluded" }
                    } }
                    tbody { tr data-indicator="c2" {
                        td data-n="numerator" { (c2.numerator()) }
                        td data-n="denominator" { (c2.denominator()) }
                        td data-n="percent" { (c2.percent()) }
                        @for s in Setting618::ALL { td data-n=(s.key()) { (c2.served[s as usize]) } }
                        td data-n="no_current_service" { (c2.no_current_service) }
                        td data-n="excluded" { (c2.excluded) }
                    } }
                }
            }))
        }
    }
}

fn back(p: &Page, r: &Report) -> Markup {
    html! { p { a href={ (HREF) "?" (query(p, r)) } { "← All indicators" } } }
}

/// The C3 children by status, a page at a time (as the timeline drill-downs).
pub(super) fn c3_detail(p: &Page, r: &Report, ask: &Ask) -> Markup {
    let title = "C3: child outcomes (exited after at least six months of service)";
    let groups = [C3Status::Counted, C3Status::MissingData, C3Status::Excluded];
    let ordered = pager::in_groups(&r.c3.rows, &groups, |(_, d)| d.status);
    let pager = Pager::new(ask, ordered.len());
    let shown = pager.slice(&ordered);
    layout::page(
        p,
        title,
        HREF,
        html! {
            (back(p, r))
            h1 { (title) }
            (super::views::program_line(p, r))
            p class="lead" { "Children who exited from " (r.period.from) " to " (r.period.to) ". Service starts on the initial IFSP meeting; six calendar months of service are needed." }
            p { a href={ (HREF) "/c3.csv?" (query(p, r)) } { "Download as CSV" } }
            (pager.summary())
            @for status in groups {
                @let rows: Vec<_> = shown.iter().filter(|(_, d)| d.status == status).collect();
                @if !rows.is_empty() {
                    h2 { (status.label()) " (" (grouped(r.c3.rows.iter().filter(|(_, d)| d.status == status).count())) ")" }
                    (table_wrap::scrolling(status.label(), html! {
                        table class="drill" data-status=(status.key()) {
                            thead { tr {
                                th scope="col" { "Child" }
                                th scope="col" { "Service start" }
                                th scope="col" { "Exit" }
                                th scope="col" { "A" }
                                th scope="col" { "B" }
                                th scope="col" { "C" }
                                th scope="col" { "Why" }
                            } }
                            tbody {
                                @for (c, d) in rows {
                                    tr data-child=(c.id) data-status=(d.status.key()) {
                                        td { (child_link(p, c)) }
                                        td { (d.service_start) }
                                        td { (d.exit_date) }
                                        @for i in 0..3 { td { (describe(d, i)) } }
                                        td { (d.reason) }
                                    }
                                }
                            }
                        }
                    }))
                }
            }
            (pager.nav(&format!("{HREF}/c3?{}", query(p, r))))
        },
    )
}

/// The C2 children, a page at a time.
pub(super) fn c2_detail(p: &Page, r: &Report, ask: &Ask) -> Markup {
    let c2 = &r.c2;
    let title = format!("C2: primary service setting on {}", c2.count_date);
    let pager = Pager::new(ask, c2.rows.len());
    layout::page(
        p,
        &title,
        HREF,
        html! {
            (back(p, r))
            h1 { (title) }
            (super::views::program_line(p, r))
            p class="lead" id="figure" data-numerator=(c2.numerator()) data-denominator=(c2.denominator()) {
                (c2.numerator()) " of " (c2.denominator()) " (" (c2.percent()) "%) primarily served at home or in the community. "
                "Home and community minutes together must be more than every other setting's; a tie counts as other."
            }
            p { a href={ (HREF) "/c2.csv?" (query(p, r)) } { "Download as CSV" } }
            (pager.summary())
            (table_wrap::scrolling(title.as_str(), html! {
                table class="drill" {
                    thead { tr {
                        th scope="col" { "Child" }
                        th scope="col" { "Born" }
                        th scope="col" { "Plan met" }
                        th scope="col" { "Home min/month" }
                        th scope="col" { "Community min/month" }
                        th scope="col" { "Other min/month" }
                        th scope="col" { "Setting" }
                        th scope="col" { "Why" }
                    } }
                    tbody {
                        @for (c, d) in pager.slice(&c2.rows) {
                            tr data-child=(c.id) data-status=(d.status.key()) {
                                td { (child_link(p, c)) }
                                td { (c.date_of_birth) }
                                td { (d.plan_met) }
                                @for m in d.minutes { td { (m) } }
                                td { (d.status.label()) }
                                td { (d.reason) }
                            }
                        }
                    }
                }
            }))
            (pager.nav(&format!("{HREF}/c2?{}", query(p, r))))
        },
    )
}
