//! The signed-in page: skip link, header with program and user, navigation by role, flash
//! message, main content, in the document `crate::shell` draws (pages without a user use
//! `shell::bare`). Works without JavaScript and at 375 px wide.
use super::{Page, form::csrf_field};
use crate::entities::Choice;
use crate::{entities::user::Role, shell::head};
use maud::{DOCTYPE, Markup, html};

/// Navigation entries for a role: (href, label). Each domain adds its entries here.
fn nav_items(role: Role) -> Vec<(&'static str, &'static str)> {
    let mut items = vec![("/", "Home")];
    // The lead agency reads reports and nothing else: no library, no directory.
    if role == Role::LeadAgency {
        items.push(("/reports/indicators", "Indicators"));
        return items;
    }
    // Every role uses the activity library; it sits after the role's own entries.
    let library = ("/activities", "Activities");
    match role {
        Role::Admin => {
            items.push(("/dashboard", "Dashboard"));
            items.push(("/caseload", "Caseload"));
            items.push(("/staff", "Staff"));
            items.push(("/reviews", "Note reviews"));
            items.push(("/audit", "Audit log"));
            items.push(("/outbox", "E-mail"));
            items.push(("/reports/indicators", "Indicators"));
            items.push(("/settings", "Rules"));
        }
        Role::Supervisor => {
            items.push(("/dashboard", "Dashboard"));
            items.push(("/caseload", "Caseload"));
            items.push(("/reviews", "Note reviews"));
            items.push(("/mileage", "Mileage"));
            items.push(("/staff", "Staff"));
            items.push(("/reports/indicators", "Indicators"));
        }
        Role::Coordinator => {
            items.push(("/caseload", "Caseload"));
            items.push(("/visits", "Visits"));
            items.push(("/children/new", "New referral"));
        }
        Role::Provider => {
            items.push(("/visits", "Visits"));
            items.push(("/caseload", "Your families"));
            items.push(("/mileage", "Mileage"));
        }
        Role::LeadAgency => unreachable!("returned above"),
    }
    items.push(library);
    items.push(("/agencies", "Agencies"));
    items
}

/// A signed-in page. `current` is the nav entry to mark as the current page.
pub fn page(p: &Page, title: &str, current: &str, body: Markup) -> Markup {
    let u = &p.user;
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                a class="skip-link" href="#main" { "Skip to main content" }
                header class="site-header" {
                    div class="brand" {
                        a href="/" { "Hearth" }
                        span class="program" {
                            @if u.role == Role::LeadAgency { "Lead agency · every program" } @else { (u.program_name) }
                        }
                    }
                    nav aria-label="Main" {
                        ul {
                            @for (href, label) in nav_items(u.role) {
                                li { a href=(href) aria-current=[(href == current).then_some("page")] { (label) } }
                            }
                        }
                    }
                    div class="user" {
                        a href="/account" aria-current=[("/account" == current).then_some("page")] {
                            (u.display_name) span class="role" { " · " (u.role.label()) }
                        }
                        form method="post" action="/logout" class="inline" {
                            (csrf_field(&p.csrf))
                            button type="submit" class="link" { "Sign out" }
                        }
                    }
                }
                main id="main" tabindex="-1" {
                    @if let Some(f) = &p.flash {
                        div class=(f.kind.class()) role="status" { (f.message) }
                    }
                    (body)
                }
                // Keeps the provider's next notes on the phone and sends notes saved offline.
                script src=(crate::assets::url("js/offline.js")) defer {}
            }
        }
    }
}
