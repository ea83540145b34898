use super::handlers::LoginForm;
use crate::entities::Choice;
use crate::views::{
    Page,
    flash::Flash,
    form::{Errors, Input, csrf_field, error_summary},
    layout,
};
use maud::{Markup, html};

pub fn login(csrf: &str, form: &LoginForm, errors: &Errors, flash: Option<Flash>) -> Markup {
    crate::shell::bare(
        "Sign in",
        html! {
            div class="narrow" {
                h1 { "Sign in to Hearth" }
                @if let Some(f) = flash { div class=(f.kind.class()) role="status" { (f.message) } }
                (error_summary(errors))
                form method="post" action="/login" novalidate {
                    (csrf_field(csrf))
                    input type="hidden" name="next" value=(form.next);
                    (Input::new("email", "E-mail", &form.email).kind("email").required().autocomplete("username").render(errors))
                    (Input::new("password", "Password", "").kind("password").required().autocomplete("current-password").render(errors))
                    button type="submit" class="primary" { "Sign in" }
                }
            }
        },
    )
}

pub fn account(page: &Page, errors: &Errors) -> Markup {
    let u = &page.user;
    layout::page(
        page,
        "Your account",
        "/account",
        html! {
            h1 { "Your account" }
            dl class="facts" {
                dt { "Name" } dd { (u.display_name) }
                dt { "E-mail" } dd { (u.email) }
                dt { "Role" } dd { (u.role.label()) }
                @if let Some(d) = u.discipline { dt { "Discipline" } dd { (d.label()) } }
                dt { "Program" } dd { (u.program_name) }
            }
            section aria-labelledby="pw" {
                h2 id="pw" { "Change your password" }
                p { "Changing it signs you out on every other device." }
                (error_summary(errors))
                form method="post" action="/account" novalidate {
                    (csrf_field(&page.csrf))
                    (Input::new("current", "Current password", "").kind("password").required().autocomplete("current-password").render(errors))
                    (Input::new("new", "New password", "").kind("password").required().autocomplete("new-password").hint("At least 12 characters.").render(errors))
                    (Input::new("confirm", "New password again", "").kind("password").required().autocomplete("new-password").render(errors))
                    button type="submit" class="primary" { "Change password" }
                }
            }
        },
    )
}
