use super::ProgramCounts;
use crate::children::model::CaseloadRow;
use crate::entities::Choice;
use crate::entities::visit;
use crate::views::when;
use crate::visits::{model::HOME_DAYS, rules::note_due, views::status_badge};
use crate::{
    entities::user::Role,
    views::{Page, due, layout},
};
use maud::{Markup, html};

pub fn home(
    p: &Page,
    counts: Option<&ProgramCounts>,
    caseload: &[CaseloadRow],
    visits: &[visit::Line],
    said: &[crate::activities::voice::Answer],
) -> Markup {
    let today = p.user.today();
    let u = &p.user;
    let first = u
        .display_name
        .split_whitespace()
        .next()
        .unwrap_or(&u.display_name);
    let (heading, lead) = match u.role {
        Role::Admin => (
            "Program administration",
            "Staff accounts, the audit log and your program's settings.",
        ),
        Role::Supervisor => (
            "Program overview",
            "Your team, their caseloads and the notes waiting for your review.",
        ),
        Role::Coordinator => (
            "Your caseload",
            "The children and families you coordinate, and what is due next.",
        ),
        Role::Provider => (
            "Your visits",
            "Your home visits, notes to write and families to coach.",
        ),
        Role::LeadAgency => ("Every program", "Each program's indicators this year."),
    };
    layout::page(
        p,
        heading,
        "/",
        html! {
            p class="greeting" { "Hello, " (first) "." }
            h1 { (heading) }
            p class="lead" { (lead) }
            @if u.role == Role::Provider {
                (upcoming(p, caseload, visits))
                (crate::activities::voice::feed_view(said, true))
            }
            @if matches!(u.role, Role::Coordinator | Role::Provider) {
                section aria-labelledby="next" class="card" {
                    h2 id="next" { @if u.role == Role::Provider { "Families you serve" } @else { "Next on your caseload" } }
                    @let overdue = caseload.iter().filter(|r| r.overdue() > 0).count();
                    p { (caseload.len()) " open cases" @if overdue > 0 { ", " strong { (overdue) " with overdue items" } } "." }
                    ul class="due" {
                        @for r in caseload.iter().filter(|r| r.next_due().is_some()).take(5) {
                            @let i = r.next_due().expect("filtered");
                            li { a href={"/children/" (r.child.id)} { (r.child.full_name()) } " " (due::item(r.child.id, i, today)) }
                        }
                    }
                    @if u.role == Role::Coordinator { p { a href="/caseload" { "The whole caseload" } " · " a href="/children/new" { "New referral" } } }
                }
            }
            @if let Some(c) = counts {
                p id="dashboard-link" { a href="/dashboard" { "The program dashboard" } ": trends, overdue items by coordinator and the indicators against their targets." }
                @if !c.expiring.is_empty() {
                    section aria-labelledby="creds" class="card" {
                        h2 id="creds" { "Credentials expiring" }
                        ul class="due" {
                            @for (cred, who) in &c.expiring {
                                li {
                                    span { a href={"/staff/" (who.id)} { (who.display_name) } " — " (cred.name) }
                                    @if let Some(d) = cred.expires_on {
                                        @if d < today { span class="badge badge-overdue" { "Expired " (d) } }
                                        @else { span class="badge badge-due" { "Expires " (d) } }
                                    }
                                }
                            }
                        }
                    }
                }
                (super::refusals::section(&c.refused, u.timezone))
                section aria-labelledby="team" class="card" {
                    h2 id="team" { "Active staff" }
                    ul class="stats" {
                        @for (role, n) in &c.by_role {
                            li { span class="stat" { (n) } " " (role.label()) }
                        }
                    }
                    p { a href="/staff" { "See all staff" } }
                }
                @if u.role == Role::Admin {
                    section aria-labelledby="audit" class="card" {
                        h2 id="audit" { "Audit log" }
                        @if c.recent_events.is_empty() { p class="muted" { "No events yet." } }
                        @else {
                            p { "The latest events:" }
                            ul class="due" {
                                @for e in &c.recent_events {
                                    li { span { (e.action) } " " span class="muted" { (when::moment(e.created_at, u.timezone)) } }
                                }
                            }
                        }
                        p { a href="/audit" { "Open the audit log" } }
                    }
                }
            }
            @if matches!(u.role, Role::Coordinator | Role::Provider) {
                section class="card" aria-labelledby="acct" {
                    h2 id="acct" { "Your account" }
                    p { "Signed in as " (u.email) ". " a href="/account" { "Change your password" } }
                }
            }
        },
    )
}

/// Today's visits and the next week's, each a link straight to its note form. The child's
/// name comes from the caseload already read for the page: no statement per visit.
fn upcoming(p: &Page, caseload: &[CaseloadRow], visits: &[visit::Line]) -> Markup {
    let today = p.user.today();
    let name = |id: i32| {
        caseload
            .iter()
            .find(|r| r.child.id == id)
            .map(|r| r.child.full_name())
            .unwrap_or_default()
    };
    let (now, later): (Vec<&visit::Line>, Vec<&visit::Line>) =
        visits.iter().partition(|v| v.starts_at.date() == today);
    let row = |v: &visit::Line, with_day: bool| {
        html! {
            li {
                a href={"/visits/" (v.id) "#note"} {
                    @if with_day { (when::day(v.starts_at.date())) ", " }
                    (when::time(v.starts_at.time())) "–" (when::time(v.ends_at.time())) " " (name(v.child_id))
                }
                (status_badge(v, today, note_due(v.starts_at.date(), &p.user.rules)))
            }
        }
    };
    html! {
        section aria-labelledby="today-h" class="card" id="today" {
            h2 id="today-h" { "Today" }
            @if now.is_empty() { p class="muted" { "No visits today." } }
            ul class="due" { @for v in &now { (row(v, false)) } }
            h3 { "The next " (HOME_DAYS - 1) " days" }
            @if later.is_empty() { p class="muted" { "No visits scheduled." } }
            ul class="due" { @for v in &later { (row(v, true)) } }
            p { a href="/visits" { "The whole week's agenda" } }
        }
    }
}
