use super::IssueForm;
use crate::views::table_wrap;
use crate::views::when;
use crate::{
    entities::{
        Choice,
        api_token::{self, Access},
        user::{self, Role},
    },
    views::{
        Page,
        form::{Errors, Input, csrf_field, error_summary, select},
        layout,
    },
};
use maud::{Markup, html};

fn at(t: Option<chrono::DateTime<chrono::Utc>>, tz: chrono_tz::Tz) -> String {
    t.map(|t| when::moment(t, tz))
        .unwrap_or_else(|| "never".into())
}

/// The program's tokens and the form to issue one; `issued` is the token just issued,
/// shown this once.
pub fn index(
    page: &Page,
    tokens: &[api_token::Model],
    staff: &[user::Staff],
    form: &IssueForm,
    errors: &Errors,
    issued: Option<(&api_token::Model, &str)>,
) -> Markup {
    let roles: Vec<(&str, &str)> = Role::program_roles()
        .into_iter()
        .map(|r| (r.as_str(), r.label()))
        .collect();
    let access = Access::options();
    let people: Vec<(String, String)> = staff
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                format!("{} ({})", p.display_name, p.role.label()),
            )
        })
        .collect();
    let people: Vec<(&str, &str)> = people
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let name_of = |id: Option<i32>| {
        id.and_then(|id| staff.iter().find(|p| p.id == id))
            .map(|p| p.display_name.clone())
            .unwrap_or_else(|| "no one (a service)".into())
    };
    let now = chrono::Utc::now();
    let body = html! {
        h1 { "API tokens" }
        p { "A token lets another system (a state data system, a billing service) use Hearth's API for this program. It acts as the role you choose, with the same checks as a person in that role who has no caseload of their own: an admin or supervisor token reads every child of the program; a coordinator token reads them only when coordinators read every record; a provider token reads no child's record. " a href="/api/v1/docs" { "The API's documentation" } "." }
        @if let Some((row, token)) = issued {
            div class="notice success" role="status" {
                h2 { "Token for " (row.name) }
                p { "Copy it now: it is shown only this once. Send it as " code { "Authorization: Bearer …" } "." }
                pre { code id="issued-token" { (token) } }
            }
        }
        (table_wrap::cards("API tokens", html! { table {
            thead { tr { th { "Name" } th { "Role" } th { "Access" } th { "Acts for" } th { "Expires" } th { "Last used" } th { "State" } th {} } }
            tbody {
                @for t in tokens {
                    tr {
                        td { (t.name) }
                        td { (t.role.label()) }
                        td { (t.access.label()) }
                        td { (name_of(t.acts_for)) }
                        td { (at(Some(t.expires_at), page.user.timezone)) }
                        td class="last-used" { (at(t.last_used_at, page.user.timezone)) }
                        td {
                            @if let Some(r) = t.revoked_at { "revoked " (at(Some(r), page.user.timezone)) }
                            @else if t.expires_at <= now { "expired" }
                            @else { "active" }
                        }
                        td {
                            @if t.revoked_at.is_none() {
                                form method="post" action={"/settings/api-tokens/" (t.id) "/revoke"} {
                                    (csrf_field(&page.csrf))
                                    button type="submit" { "Revoke" }
                                }
                            }
                        }
                    }
                }
            }
        } }))
        h2 { "Issue a token" }
        (error_summary(errors))
        form method="post" action="/settings/api-tokens" novalidate {
            (csrf_field(&page.csrf))
            (Input::new("name", "For which system", &form.name).required().render(errors))
            (select("role", "Acts as", &roles, &form.role, errors, true))
            (select("access", "Access", &access, &form.access, errors, true))
            (select("acts_for", "Acts for (a staff member's own app; leave empty for a service)", &people, &form.acts_for, errors, false))
            (Input::new("days", "Valid for (days)", &form.days).kind("number").required().render(errors))
            button type="submit" { "Issue token" }
        }
    };
    layout::page(page, "API tokens", "/settings", body)
}
