use super::{credentials::CredentialForm, model::NewStaffForm};
use crate::views::table_wrap;
use crate::{
    entities::{
        Choice, credential,
        user::{self, Discipline, Role},
    },
    policy::{Action, role_allows},
    views::{
        Page,
        form::{Errors, Input, csrf_field, error_summary, select},
        layout,
    },
};
use maud::{Markup, html};

pub fn index(p: &Page, staff: &[user::Staff]) -> Markup {
    let can_manage = role_allows(p.user.role, Action::ManageStaff);
    layout::page(
        p,
        "Staff",
        "/staff",
        html! {
            h1 { "Staff" }
            @if can_manage { p { a class="button" href="/staff/new" { "Add a staff member" } } }
            (table_wrap::cards("Staff", html! {
                table {
                    caption class="visually-hidden" { "Staff of " (p.user.program_name) }
                    thead { tr { th scope="col" { "Name" } th scope="col" { "Role" } th scope="col" { "Discipline" } th scope="col" { "E-mail" } th scope="col" { "Status" } } }
                    tbody {
                        @for u in staff {
                            tr {
                                td { a href={"/staff/" (u.id)} { (u.display_name) } }
                                td { (u.role.label()) }
                                td { (u.discipline.map(|d| d.label()).unwrap_or("—")) }
                                td { (u.email) }
                                td { @if u.active { "Active" } @else { "Deactivated" } }
                            }
                        }
                    }
                }
            }))
        },
    )
}

pub fn new(p: &Page, form: &NewStaffForm, errors: &Errors) -> Markup {
    let roles: Vec<(&str, &str)> = Role::program_roles()
        .into_iter()
        .map(|r| (r.as_str(), r.label()))
        .collect();
    let disciplines = Discipline::options();
    layout::page(
        p,
        "Add a staff member",
        "/staff",
        html! {
            h1 { "Add a staff member" }
            (error_summary(errors))
            form method="post" action="/staff" novalidate {
                (csrf_field(&p.csrf))
                (Input::new("display_name", "Name", &form.display_name).required().autocomplete("off").render(errors))
                (Input::new("email", "E-mail", &form.email).kind("email").required().autocomplete("off").hint("They sign in with this address.").render(errors))
                (select("role", "Role", &roles, &form.role, errors, true))
                (select("discipline", "Discipline", &disciplines, &form.discipline, errors, false))
                (Input::new("password", "First password", "").kind("password").required().autocomplete("new-password").hint("At least 12 characters. Give it to them in person; they can change it under Your account.").render(errors))
                button type="submit" class="primary" { "Add staff member" }
                " " a href="/staff" { "Cancel" }
            }
        },
    )
}

pub fn show(
    p: &Page,
    u: &user::Model,
    active_sessions: u64,
    creds: &[credential::Model],
    form: &CredentialForm,
    errors: &Errors,
) -> Markup {
    let today = p.user.today();
    let can_manage = role_allows(p.user.role, Action::ManageStaff);
    layout::page(
        p,
        &u.display_name,
        "/staff",
        html! {
            h1 { (u.display_name) }
            dl class="facts" {
                dt { "E-mail" } dd { (u.email) }
                dt { "Role" } dd { (u.role.label()) }
                dt { "Discipline" } dd { (u.discipline.map(|d| d.label()).unwrap_or("—")) }
                dt { "Status" } dd { @if u.active { "Active" } @else { "Deactivated" } }
                dt { "Signed-in sessions" } dd { (active_sessions) }
            }
            @if can_manage {
                div class="actions" {
                    form method="post" action={"/staff/" (u.id) "/sign-out"} {
                        (csrf_field(&p.csrf))
                        button type="submit" { "Sign out everywhere" }
                    }
                    form method="post" action={"/staff/" (u.id) "/active"} {
                        (csrf_field(&p.csrf))
                        @if u.active {
                            input type="hidden" name="active" value="false";
                            button type="submit" class="danger" { "Deactivate" }
                        } @else {
                            input type="hidden" name="active" value="true";
                            button type="submit" { "Reactivate" }
                        }
                    }
                }
            }
            section aria-labelledby="cred-h" {
                h2 id="cred-h" { "Credentials" }
                @if creds.is_empty() { p { "None recorded." } }
                ul {
                    @for c in creds {
                        li {
                            strong { (c.name) } " (" (c.kind.label()) @if !c.number.is_empty() { " " (c.number) } ")"
                            @if !c.issuer.is_empty() { ", " (c.issuer) }
                            @match c.expires_on {
                                Some(d) if d < today => { " — " span class="badge badge-overdue" { "Expired " (d) } }
                                Some(d) if (d - today).num_days() <= p.user.rules.credential_warning_days => { " — " span class="badge badge-due" { "Expires " (d) } }
                                Some(d) => { " — expires " (d) }
                                None => {}
                            }
                        }
                    }
                }
                @if can_manage {
                    (error_summary(errors))
                    form method="post" action={"/staff/" (u.id) "/credentials"} novalidate {
                        (csrf_field(&p.csrf))
                        div class="grid-3" {
                            (select("kind", "Kind", &credential::Kind::options(), &form.kind, errors, true))
                            (Input::new("name", "Credential", &form.name).required().render(errors))
                            (Input::new("number", "Number", &form.number).render(errors))
                            (Input::new("issuer", "Issued by", &form.issuer).render(errors))
                            (Input::new("expires_on", "Expires on", &form.expires_on).kind("date").render(errors))
                        }
                        button type="submit" { "Add credential" }
                    }
                }
            }
            p { a href="/staff" { "All staff" } }
        },
    )
}
