use super::Filter;
use crate::views::table_wrap;
use crate::{
    children::{caseload::CaseloadPage, views::status_badge},
    entities::{Choice, child::Status, user},
    policy::{self, Action},
    timeline::age,
    views::{Page, due, layout},
};
use maud::{Markup, html};
use std::collections::BTreeMap;

pub fn index(
    p: &Page,
    shown: &CaseloadPage,
    f: &Filter,
    coordinators: &[user::Person],
    program_wide: bool,
) -> Markup {
    let today = p.user.today();
    let rows = &shown.rows;
    let overdue = shown.overdue;
    let title = if program_wide {
        "Program caseload"
    } else if p.user.role == crate::entities::user::Role::Provider {
        "Families you serve"
    } else {
        "Your caseload"
    };
    layout::page(
        p,
        title,
        "/caseload",
        html! {
            h1 { (title) }
            p class="lead" {
                (shown.total) " children"
                @if overdue > 0 { " · " strong { (overdue) " with overdue items" } }
                "."
                @if shown.total > rows.len() { " " (rows.len()) " on this page." }
            }
            @if policy::role_allows(p.user.role, Action::CreateReferral) { p { a class="button primary" href="/children/new" { "New referral" } } }
            form method="get" action="/caseload" class="filters" {
                div class="field" {
                    label for="f-status" { "Status" }
                    select id="f-status" name="status" {
                        option value="open" selected[f.status.is_empty() || f.status == "open"] { "Open cases" }
                        @for s in Status::all() { option value=(s.as_str()) selected[f.status == s.as_str()] { (s.label()) } }
                        option value="all" selected[f.status == "all"] { "All" }
                    }
                }
                div class="field" {
                    label for="f-within" { "Due within (days)" }
                    input id="f-within" name="within" type="number" min="0" value=(f.within);
                }
                @if program_wide {
                    div class="field" {
                        label for="f-coordinator" { "Coordinator" }
                        select id="f-coordinator" name="coordinator" {
                            option value="" { "Everyone" }
                            @for u in coordinators { option value=(u.id) selected[f.coordinator == u.id.to_string()] { (u.display_name) } }
                        }
                    }
                } @else if p.user.rules.team_visibility {
                    div class="field" {
                        label for="f-coordinator" { "Show" }
                        select id="f-coordinator" name="coordinator" {
                            option value="" { "My caseload" }
                            option value="team" selected[f.coordinator == "team"] { "The whole team" }
                        }
                    }
                }
                button type="submit" { "Show" }
            }
            @if program_wide && f.coordinator.is_empty() { (summary(shown, coordinators)) }
            @if rows.is_empty() {
                p { "No children match." }
            } @else {
                (table_wrap::cards("Children, overdue items first", html! {
                    table class="caseload" {
                        caption class="visually-hidden" { "Children, overdue items first" }
                        thead { tr {
                            th scope="col" { "Child" } th scope="col" { "Age" } th scope="col" { "Status" }
                            th scope="col" { "Next due" }
                            @if program_wide { th scope="col" { "Coordinator" } }
                        } }
                        tbody {
                            @for r in rows {
                                @let c = &r.child;
                                tr class=[(r.overdue() > 0).then_some("overdue")] {
                                    td { a href={"/children/" (c.id)} { (c.full_name()) } @if r.overdue() > 1 { span class="muted" { " (" (r.overdue()) " overdue)" } } }
                                    td { (age(c.date_of_birth, c.gestational_weeks.and_then(|w| u32::try_from(w).ok()), today, &p.user.rules).describe()) }
                                    td { (status_badge(c.status)) }
                                    @match r.next_due() {
                                        Some(i) => { td { (due::item(c.id, i, today)) } }
                                        None => { td { "—" } }
                                    }
                                    @if program_wide { td { (coordinators.iter().find(|u| Some(u.id) == c.coordinator_id).map(|u| u.display_name.as_str()).unwrap_or("Unassigned")) } }
                                }
                            }
                        }
                    }
                }))
            }
            @if shown.next.is_some() || !f.after.is_empty() {
                nav class="filters" aria-label="Pages" {
                    @if !f.after.is_empty() { a href=(link(f, None)) { "← First page" } }
                    @if !f.after.is_empty() && shown.next.is_some() { " · " }
                    @if let Some(last) = shown.next { a rel="next" href=(link(f, Some(last))) { "Next " (super::PER_PAGE) " →" } }
                }
            }
        },
    )
}

/// The same filters, from the start or after a child.
fn link(f: &Filter, after: Option<i32>) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("status", &f.status),
        ("within", &f.within),
        ("coordinator", &f.coordinator),
    ] {
        if !v.is_empty() {
            q.append_pair(k, v);
        }
    }
    if let Some(id) = after {
        q.append_pair("after", &id.to_string());
    }
    format!("/caseload?{}", q.finish())
}

/// Counts per coordinator over the whole (filtered) caseload, for supervisors.
fn summary(shown: &CaseloadPage, coordinators: &[user::Person]) -> Markup {
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (id, (n, late)) in &shown.by_coordinator {
        let name = coordinators
            .iter()
            .find(|u| Some(u.id) == *id)
            .map(|u| u.display_name.clone())
            .unwrap_or_else(|| "Unassigned".into());
        let e = by.entry(name).or_default();
        e.0 += n;
        e.1 += late;
    }
    html! {
        section class="card" aria-labelledby="by-coord" {
            h2 id="by-coord" { "By coordinator" }
            (table_wrap::cards("By coordinator", html! { table {
                thead { tr { th scope="col" { "Coordinator" } th scope="col" { "Children" } th scope="col" { "With overdue items" } } }
                tbody { @for (name, (n, o)) in &by { tr { td { (name) } td { (n) } td { (o) } } } }
            } }))
        }
    }
}
