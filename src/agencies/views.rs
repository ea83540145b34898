use super::model::AgencyForm;
use crate::{
    entities::{Choice, agency},
    views::{
        Page, conflict,
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
    form_page(p, a, f, e, None)
}

/// The edit form after a save from a stale version: `current` is what is saved now, shown
/// beside what was typed (`mine`, sent again over `current`'s version).
pub fn conflict(p: &Page, current: &agency::Model, mine: &AgencyForm) -> Markup {
    form_page(
        p,
        Some(current),
        mine,
        &Errors::default(),
        Some(&AgencyForm::from_model(current)),
    )
}

/// The parts of an agency as the conflict view compares them: label, saved now, typed.
fn parts(saved: &AgencyForm, mine: &AgencyForm) -> Vec<(&'static str, String, String)> {
    let active = |f: &AgencyForm| if f.active.is_some() { "Yes" } else { "No" }.to_owned();
    type Get = fn(&AgencyForm) -> &String;
    let fields: [(&'static str, Get); 9] = [
        ("Name", |f| &f.name),
        ("Kind", |f| &f.kind),
        ("Counties or districts served", |f| &f.service_area),
        ("Contact person", |f| &f.contact_name),
        ("E-mail", |f| &f.email),
        ("Phone", |f| &f.phone),
        ("Fax", |f| &f.fax),
        ("Postal address", |f| &f.address),
        ("Prefers to receive referrals by", |f| &f.preferred_channel),
    ];
    let mut rows: Vec<(&'static str, String, String)> = fields
        .into_iter()
        .map(|(label, get)| (label, get(saved).clone(), get(mine).clone()))
        .collect();
    rows.push(("Active", active(saved), active(mine)));
    rows
}

fn form_page(
    p: &Page,
    a: Option<&agency::Model>,
    f: &AgencyForm,
    e: &Errors,
    theirs: Option<&AgencyForm>,
) -> Markup {
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
            @if let Some(saved) = theirs {
                (conflict::view("Someone saved this agency while you were editing", parts(saved, f)))
            }
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
