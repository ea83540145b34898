use super::model::AgencyForm;
use crate::{
    entities::{Choice, agency},
    views::{
        Page,
        form::{Errors, Input, checkbox, csrf_field, error_summary, select, textarea},
        layout,
    },
};
use maud::{Markup, html};

pub fn list(p: &Page, rows: &[agency::Model], kind: &str, manage: bool) -> Markup {
    layout::page(
        p,
        "Agencies",
        "/agencies",
        html! {
            h1 { "Community agencies" }
            @if manage { p { a class="button" href="/agencies/new" { "Add an agency" } } }
            form method="get" action="/agencies" class="filters" {
                div class="field" {
                    label for="f-kind" { "Kind" }
                    select id="f-kind" name="kind" {
                        option value="" { "All kinds" }
                        @for (k, l) in agency::Kind::options() { option value=(k) selected[k == kind] { (l) } }
                    }
                }
                button type="submit" { "Show" }
            }
            @if rows.is_empty() { p class="muted" { "No agencies yet." } }
            ul class="deliveries" {
                @for a in rows {
                    li class="card" id={"agency-" (a.id)} {
                        p { a href={"/agencies/" (a.id)} { strong { (a.name) } } " · " (a.kind.label())
                            @if !a.active { " " span class="badge badge-closed" { "Inactive" } } }
                        (details(a))
                    }
                }
            }
        },
    )
}

fn details(a: &agency::Model) -> Markup {
    html! {
        dl class="facts" {
            @if !a.service_area.is_empty() { dt { "Serves" } dd { (a.service_area.replace('\n', ", ")) } }
            @if !a.contact_name.is_empty() { dt { "Contact" } dd { (a.contact_name) } }
            @if !a.email.is_empty() { dt { "E-mail" } dd { (a.email) } }
            @if !a.phone.is_empty() { dt { "Phone" } dd { (a.phone) } }
            @if !a.fax.is_empty() { dt { "Fax" } dd { (a.fax) } }
            dt { "Prefers" } dd { (a.preferred_channel.label()) }
        }
    }
}

pub fn card_page(p: &Page, a: &agency::Model) -> Markup {
    layout::page(
        p,
        &a.name,
        "/agencies",
        html! {
            p class="breadcrumb" { a href="/agencies" { "Agencies" } }
            h1 { (a.name) }
            p { (a.kind.label()) }
            (details(a))
            @if !a.address.is_empty() { p class="prewrap" { (a.address) } }
        },
    )
}

pub fn form(p: &Page, a: Option<&agency::Model>, f: &AgencyForm, e: &Errors) -> Markup {
    let (title, action) = match a {
        Some(a) => (format!("Edit {}", a.name), format!("/agencies/{}", a.id)),
        None => ("Add an agency".to_owned(), "/agencies".to_owned()),
    };
    layout::page(
        p,
        &title,
        "/agencies",
        html! {
            p class="breadcrumb" { a href="/agencies" { "Agencies" } }
            h1 { (title) }
            (error_summary(e))
            form method="post" action=(action) {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
                (Input::new("name", "Name", &f.name).required().render(e))
                (select("kind", "Kind", &agency::Kind::options(), &f.kind, e, true))
                (textarea("service_area", "Counties or districts served", &f.service_area, Some("One per line, as written in families' addresses (e.g. Riverbend). Used to suggest the school district for a child."), e, false))
                (Input::new("contact_name", "Contact person", &f.contact_name).render(e))
                (Input::new("email", "E-mail", &f.email).kind("email").render(e))
                (Input::new("phone", "Phone", &f.phone).kind("tel").render(e))
                (Input::new("fax", "Fax", &f.fax).kind("tel").render(e))
                (textarea("address", "Postal address", &f.address, None, e, false))
                (select("preferred_channel", "Prefers to receive referrals by", &agency::Channel::options(), &f.preferred_channel, e, true))
                (checkbox("active", "Active (offered for notifications and referrals)", f.active.is_some(), None))
                button type="submit" class="primary" { "Save" }
            }
        },
    )
}
