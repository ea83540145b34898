//! The page shell: skip link, header with program and user, navigation by role, flash
//! message, main content. Works without JavaScript and at 375 px wide.
use super::{Page, form::csrf_field};
use crate::entities::Choice;
use crate::{assets, entities::user::Role};
use maud::{DOCTYPE, Markup, html};

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · Hearth" }
            link rel="stylesheet" href=(assets::url("css/app.css"));
            link rel="icon" href=(assets::url("img/icon.svg")) type="image/svg+xml";
        }
    }
}

/// Navigation entries for a role: (href, label). Each domain adds its entries here.
fn nav_items(role: Role) -> Vec<(&'static str, &'static str)> {
    let mut items = vec![("/", "Home")];
    // Every role uses the activity library; it sits after the role's own entries.
    let library = ("/activities", "Activities");
    match role {
        Role::Admin => {
            items.push(("/caseload", "Caseload"));
            items.push(("/staff", "Staff"));
            items.push(("/reviews", "Note reviews"));
            items.push(("/audit", "Audit log"));
            items.push(("/outbox", "E-mail"));
            items.push(("/settings", "Rules"));
        }
        Role::Supervisor => {
            items.push(("/caseload", "Caseload"));
            items.push(("/reviews", "Note reviews"));
            items.push(("/mileage", "Mileage"));
            items.push(("/staff", "Staff"));
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
                        span class="program" { (u.program_name) }
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
            }
        }
    }
}

/// A page with no signed-in user: sign-in, error pages.
pub fn bare(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body class="bare" {
                a class="skip-link" href="#main" { "Skip to main content" }
                header class="site-header" {
                    div class="brand" { a href="/" { "Hearth" } }
                }
                main id="main" tabindex="-1" { (body) }
            }
        }
    }
}
