//! The 618 tables on the indicators page (and alone at `/reports/indicators/618`): the
//! child count on the count date by age band, sex and race/ethnicity, the settings, and the
//! exits in the period by OSEP exit category.
use super::{
    Report, export,
    indicators::t618::AgeBand,
    views::{HREF, query},
};
use crate::views::table_wrap;
use crate::{
    entities::{
        Choice,
        child::{RaceEthnicity, Sex},
    },
    views::{Page, layout},
};
use maud::{Markup, html};

fn banded(id: &str, caption: &str, rows: Vec<(String, [usize; 3])>) -> Markup {
    html! {
        (table_wrap::scrolling(caption, html! {
            table id=(id) {
                caption { (caption) }
                thead { tr {
                    th scope="col" { "" }
                    @for b in AgeBand::ALL { th scope="col" { (b.label()) } }
                    th scope="col" { "Total" }
                } }
                tbody {
                    @for (label, row) in rows {
                        tr {
                            th scope="row" { (label) }
                            @for n in row { td { (n) } }
                            td data-n="total" { (row.iter().sum::<usize>()) }
                        }
                    }
                }
            }
        }))
    }
}

pub(super) fn section(p: &Page, r: &Report) -> Markup {
    let t = &r.t618;
    let by_sex = Sex::all()
        .zip(&t.by_sex)
        .map(|(s, row)| (s.label().to_owned(), *row))
        .collect();
    let by_race = RaceEthnicity::all()
        .zip(&t.by_race)
        .map(|(x, row)| (x.label().to_owned(), *row))
        .collect();
    html! {
        section id="t618" aria-labelledby="t618-h" {
            h2 id="t618-h" { "618 tables" }
            p {
                "Child count on " (r.c2.count_date) ": children with an active IFSP, under three (ages in whole months). Exits from " (r.period.from) " to " (r.period.to) ". "
                a href={ (HREF) "/618.csv?" (query(p, r)) } { "Download the 618 tables as CSV" }
            }
            (banded("t618-age", "Child count by age", vec![("All".to_owned(), t.by_age())]))
            (banded("t618-sex", "Child count by sex", by_sex))
            (banded("t618-race", "Child count by race/ethnicity", by_race))
            (table_wrap::scrolling("Primary service setting (C2)", html! {
                table id="t618-settings" {
                    caption { "Primary service setting (C2)" }
                    tbody {
                        @for (s, n) in export::settings(r) {
                            tr { th scope="row" { (s) } td { (n) } }
                        }
                    }
                }
            }))
            (child_find(r))
            (table_wrap::scrolling("Exits by OSEP exit category", html! {
                table id="t618-exits" {
                    caption { "Exits by OSEP exit category" }
                    tbody {
                        @for (label, n) in t.exit_rows() {
                            tr { th scope="row" { (label) } td { (n) } }
                        }
                    }
                }
            }))
        }
    }
}

/// C5 and C6 against the population the admin entered for the count date's year.
fn child_find(r: &Report) -> Markup {
    use super::indicators::c5c6::ChildFind;
    let cf = &r.child_find;
    html! {
        h3 id="c5c6" { "C5 and C6: child find (" (cf.year) ")" }
        @if cf.population.is_none() {
            p { "No population entered for " (cf.year) ": an admin enters it under " a href="/settings/population" { "Area population" } "." }
        }
        (table_wrap::scrolling("C5 and C6: child find", html! {
            table id="c5c6-table" {
                thead { tr { th scope="col" { "Indicator" } th scope="col" { "Children with an IFSP" } th scope="col" { "Population" } th scope="col" { "Percent" } } }
                tbody {
                    @for (code, label, v) in [("c5", "C5: birth to one", cf.c5()), ("c6", "C6: birth to three", cf.c6())] {
                        tr data-indicator=(code) {
                            th scope="row" { (label) }
                            td data-n="numerator" { (if code == "c5" { cf.under_one } else { cf.under_three }) }
                            td data-n="denominator" { @if let Some((_, d)) = v { (d) } @else { "—" } }
                            td data-n="percent" { (ChildFind::percent(v)) }
                        }
                    }
                }
            }
        }))
    }
}

pub(super) fn page(p: &Page, r: &Report) -> Markup {
    layout::page(
        p,
        "618 tables",
        HREF,
        html! {
            p { a href={ (HREF) "?" (query(p, r)) } { "← All indicators" } }
            h1 { "618 tables" }
            (super::views::program_line(p, r))
            (section(p, r))
        },
    )
}
