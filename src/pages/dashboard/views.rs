//! The dashboard page: the figures first (each a link to its list where there is one), then
//! the overdue items by coordinator, the monthly trends (chart and table), the indicators
//! against their targets (met or not in words) and the credentials expiring.
use super::{Dashboard, IndicatorRow, chart};
use crate::entities::{program, user::Role};
use crate::views::table_wrap;
use crate::views::when;
use crate::views::{Page, layout};
use maud::{Markup, html};

pub const HREF: &str = "/dashboard";

/// The dashboard of `program`. The lead agency reads it for any program: its links stay on
/// the reports (no caseload, staff or settings links, which it may not open).
pub fn page(p: &Page, d: &Dashboard, program: &program::Model) -> Markup {
    let lead = p.user.role == Role::LeadAgency;
    let visits_planned = d.visits.this_month("planned");
    let visits_delivered = d.visits.this_month("delivered");
    let notes_sent = d.notes.this_month("sent");
    let notes_opened = d.notes.this_month("opened");
    let overdue_total: usize = d.overdue.iter().map(|o| o.items).sum();
    let mut query = format!("from={}&to={}", d.period.from, d.period.to);
    if lead {
        query = format!("{query}&program={}", program.slug);
    }
    layout::page(
        p,
        "Program dashboard",
        HREF,
        html! {
            h1 { "Program dashboard" }
            @if lead { p id="program-name" { strong { (program.name) } " · " a href={ "/reports/indicators?program=" (program.slug) } { "Its indicators" } } }
            p class="lead" { @if lead { "The program on " } @else { "Your program on " } (when::date(d.today)) ". Monthly trends cover the last 12 months; indicators the federal year from " (when::date(d.period.from)) " to " (when::date(d.period.to)) "." }
            section aria-labelledby="glance-h" {
                h2 id="glance-h" { "At a glance" }
                ul class="stats" id="figures" {
                    li data-figure="active" {
                        @if lead { span class="stat" { (d.active) } " active children" }
                        @else { a href="/caseload?status=active" { span class="stat" { (d.active) } " active children" } }
                    }
                    li data-figure="referrals" { span class="stat" { (d.referrals.this_month("received")) } " referrals this month" }
                    li data-figure="overdue" { a href="#overdue-h" { span class="stat" { (overdue_total) } " overdue items" } }
                    li data-figure="visits" { span class="stat" { (visits_delivered) } " of " (visits_planned) " planned visits delivered this month" }
                    li data-figure="notes" { span class="stat" { (notes_sent) } " coaching notes sent this month, " (notes_opened) " opened" }
                    li data-figure="credentials" { a href="#credentials-h" { span class="stat" { (d.expiring.len()) } " credentials expiring or expired" } }
                }
            }
            section aria-labelledby="overdue-h" {
                h2 id="overdue-h" { "Overdue items by coordinator" }
                (table_wrap::cards("Overdue items by coordinator", html! {
                    table id="overdue" {
                        thead { tr {
                            th scope="col" { "Coordinator" }
                            th scope="col" { "Overdue items" }
                            th scope="col" { "Children with an overdue item" }
                        } }
                        tbody {
                            @for o in &d.overdue {
                                tr data-coordinator=(o.coordinator.as_ref().map_or(0, |c| c.id)) {
                                    th scope="row" {
                                        @match &o.coordinator {
                                            Some(c) if lead => (c.display_name),
                                            Some(c) => a href={ "/caseload?coordinator=" (c.id) } { (c.display_name) },
                                            None => "No coordinator assigned",
                                        }
                                    }
                                    td data-n="items" { (o.items) }
                                    td data-n="children" { (o.children) }
                                }
                            }
                        }
                    }
                }))
            }
            section aria-labelledby="trends-h" {
                h2 id="trends-h" { "Monthly trends" }
                (chart::figure(&d.referrals))
                (chart::figure(&d.visits))
                (chart::figure(&d.notes))
            }
            section aria-labelledby="targets-h" {
                h2 id="targets-h" { "Indicators this year against their targets" }
                @if lead { p { "Targets are set by each program's admin." } }
                @else { p { "Targets are set by an admin under " a href="/settings/targets" { "Indicator targets" } "." } }
                (table_wrap::scrolling("Indicators this year against their targets", html! {
                    table id="targets" {
                        thead { tr {
                            th scope="col" { "Indicator" }
                            th scope="col" { "This year (%)" }
                            th scope="col" { "Counted" }
                            th scope="col" { "Target (%)" }
                            th scope="col" { "Result" }
                        } }
                        tbody {
                            @for r in &d.indicators { (indicator_row(r, &query)) }
                        }
                    }
                }))
            }
            section aria-labelledby="credentials-h" {
                h2 id="credentials-h" { "Credentials expiring" }
                @if d.expiring.is_empty() {
                    p { "No credential expires within the warning period." }
                } @else {
                    ul class="due" id="credentials" {
                        @for (cred, who) in &d.expiring {
                            li {
                                @if lead { (who.display_name) } @else { a href={ "/staff/" (who.id) } { (who.display_name) } }
                                " — " (cred.name)
                                @if let Some(x) = cred.expires_on {
                                    @if x < d.today { " " span class="badge badge-overdue" { "Expired " (x) } }
                                    @else { " " span class="badge badge-due" { "Expires " (x) } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// One indicator beside its target; `query` is the period (and, for the lead agency, the
/// program) its link carries.
pub fn indicator_row(r: &IndicatorRow, query: &str) -> Markup {
    let m = r.measure;
    let (result, class) = match (r.met(), r.target) {
        (Some(true), _) => ("Met", "badge badge-ok"),
        (Some(false), _) => ("Not met", "badge badge-overdue"),
        (None, None) => ("No target", "badge"),
        (None, Some(_)) => ("No data yet", "badge"),
    };
    html! {
        tr data-indicator=(m.key()) {
            th scope="row" { a href={ (m.href()) "?" (query) } { (m.code()) } br; small { (m.title()) } }
            td data-n="percent" { (m.percent(r.figure)) }
            td data-n="of" { @match r.figure { Some((n, dn)) => { (n) " / " (dn) }, None => "—" } }
            td data-n="target" { @match r.target { Some(t) => (t), None => "—" } }
            td data-n="result" { span class=(class) { (result) } }
        }
    }
}
