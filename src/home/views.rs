use super::ProgramCounts;
use crate::{
    entities::user::Role,
    views::{Page, layout},
};
use maud::{Markup, html};

pub fn home(p: &Page, counts: Option<&ProgramCounts>) -> Markup {
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
    };
    layout::page(
        p,
        heading,
        "/",
        html! {
            p class="greeting" { "Hello, " (first) "." }
            h1 { (heading) }
            p class="lead" { (lead) }
            @if let Some(c) = counts {
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
                        p { (c.audit_rows) (if c.audit_rows == 1 { " event" } else { " events" }) " recorded for this program. " a href="/audit" { "Open the audit log" } }
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
