//! The child page: who the child is, what is due, and the records behind the clocks, with
//! each domain's section (the plan, visits, activities, COS, transition) in its place.
use super::ChildCase;
use crate::views::table_wrap;
use crate::{
    children::{
        evaluations::is_basis_of_signed_plan,
        views::{evaluation_card, status_badge},
    },
    entities::{Choice, child::Status, user},
    policy::{self, Action, Target},
    timeline::{ClockKind, Compliance, age, late_referral},
    views::{
        Page, due,
        form::{Errors, Input, csrf_field},
        layout,
    },
};
use maud::{Markup, html};

/// The child page, optionally with the first-contact form's typed value and errors.
pub fn child_page(
    p: &Page,
    cp: &ChildCase,
    coordinators: &[user::Person],
    first_contact: Option<(&str, &Errors)>,
) -> Markup {
    let case = &cp.case;
    let c = &case.child;
    let today = p.user.today();
    let rules = &p.user.rules;
    let weeks = c.gestational_weeks.and_then(|w| u32::try_from(w).ok());
    let a = age(c.date_of_birth, weeks, today, rules);
    let clocks = case.clocks(rules, today);
    let t = clocks.dates;
    let referral = case.current_referral();
    let can_edit = policy::can(&p.user, Action::EditChild, &Target::child(c));
    let due = &clocks.items;
    let no_errors = Errors::default();
    let (fc_value, fc_errors) = first_contact.unwrap_or(("", &no_errors));
    layout::page(
        p,
        &c.full_name(),
        "/caseload",
        html! {
            p { a href="/caseload" { "← Caseload" } }
            h1 { (c.full_name()) " " (status_badge(c.status)) }
            dl class="facts" {
                dt { "Born" } dd { (c.date_of_birth) @if let Some(w) = c.gestational_weeks { " at " (w) " weeks" } }
                dt { "Age" } dd { (a.describe()) }
                dt { "Service coordinator" } dd { (case.coordinator.as_ref().map(|u| u.display_name.as_str()).unwrap_or("Not assigned")) }
                @if let Some(x) = &c.exit_category { dt { "Exit" } dd { (x.label()) @if let Some(d) = c.exit_date { " on " (d) } } }
            }
            @if can_edit {
                div class="actions" {
                    a class="button" href={"/children/" (c.id) "/edit"} { "Edit details" }
                    a class="button" href={"/children/" (c.id) "/caregivers/new"} { "Add a caregiver" }
                    @if c.status != Status::Exited { a class="button" href={"/children/" (c.id) "/exit"} { "Record exit" } }
                }
            }
            @if !coordinators.is_empty() {
                form method="post" action={"/children/" (c.id) "/coordinator"} class="filters" {
                    (csrf_field(&p.csrf))
                    div class="field" {
                        label for="f-coordinator_id" { "Reassign to" }
                        select id="f-coordinator_id" name="coordinator_id" {
                            @for u in coordinators { option value=(u.id) selected[Some(u.id) == c.coordinator_id] { (u.display_name) } }
                        }
                    }
                    button type="submit" { "Reassign" }
                }
            }
            section aria-labelledby="due-h" class="card" {
                h2 id="due-h" { "What is due" }
                @if due.is_empty() { p { "No clocks are running for this child." } }
                ul class="due" {
                    @for item in due { li { (due::item(c.id, item, today)) } }
                }
                @if can_edit && due.iter().any(|i| i.clock == ClockKind::InitialIfsp && i.status != Compliance::Timely) {
                    p { a href={"/children/" (c.id) "/delays/new"} { "Document a reason for delay" } }
                }
            }
            div class="two-col" {
                section aria-labelledby="ref-h" {
                    h2 id="ref-h" { "Referral" }
                    @if let Some(r) = referral {
                        dl class="facts" {
                            dt { "Received" } dd { (r.received_on) }
                            dt { "From" } dd { (r.source.label()) @if !r.source_name.is_empty() { " — " (r.source_name) } }
                            dt { "Concerns" } dd { (r.concerns) }
                            dt { "First contact" } dd { @match r.first_contact_on { Some(d) => (d), None => "Not yet" } }
                        }
                        p class="muted" { (late_referral(c.date_of_birth, r.received_on, rules).label()) }
                        @if can_edit && r.first_contact_on.is_none() {
                            form method="post" action={"/children/" (c.id) "/first-contact"} novalidate {
                                (csrf_field(&p.csrf))
                                (Input::new("first_contact_on", "Date of first contact", if fc_value.is_empty() { "" } else { fc_value }).kind("date").required().render(fc_errors))
                                button type="submit" { "Record first contact" }
                            }
                        }
                    }
                    @if case.referrals.len() > 1 { p class="muted" { (case.referrals.len()) " referrals on record." } }
                }
                section aria-labelledby="tr-h" {
                    h2 id="tr-h" { "Transition at three" }
                    dl class="facts" {
                        dt { "Third birthday" } dd { (t.third_birthday) }
                        dt { "Conference from" } dd { (t.earliest) span class="muted" { " (earliest, with agreement)" } }
                    }
                    ul class="due" {
                        @for item in clocks.transition_items() { li { (due::item(c.id, item, today)) } }
                    }
                    @let referred = clocks.referral.unwrap_or(today);
                    @if crate::transition::rules::workspace_open(c.date_of_birth, referred, today, rules) {
                        p { a class="button" href={"/children/" (c.id) "/transition"} { "Open the transition workspace" } }
                    } @else {
                        p class="muted" { "The transition workspace opens on " (t.earliest) ". " a href={"/children/" (c.id) "/transition"} { "See it now" } }
                    }
                    p { a href={"/children/" (c.id) "/disclosures"} { "Disclosure log" } }
                }
            }
            section aria-labelledby="fam-h" {
                h2 id="fam-h" { "Family" }
                @if !case.family.address_line.is_empty() || !case.family.county.is_empty() {
                    p { (case.family.address_line) @if !case.family.city.is_empty() { ", " (case.family.city) } @if !case.family.county.is_empty() { " · " (case.family.county) " County" } }
                }
                (table_wrap::cards("Family", html! {
                    table {
                        thead { tr { th scope="col" { "Caregiver" } th scope="col" { "Relationship" } th scope="col" { "Contact" } th scope="col" { "Language" } } }
                        tbody {
                            @for g in &case.caregivers {
                                tr {
                                    td { (g.name) @if g.is_primary { span class="muted" { " (primary)" } } }
                                    td { (g.relationship.label()) }
                                    td {
                                        (g.preferred_contact.label()) ": "
                                        @if let Some(ph) = &g.phone { (ph) " " }
                                        @if let Some(em) = &g.email { (em) }
                                    }
                                    td { (g.language.label()) @if g.interpreter_needed { " · interpreter needed" } }
                                }
                            }
                        }
                    }
                }))
            }
            section aria-labelledby="elig-h" id="eligibility" {
                h2 id="elig-h" { "Evaluation and eligibility" }
                @for ev in &case.evaluations {
                    (evaluation_card(p, c, ev, can_edit, is_basis_of_signed_plan(ev, &case.plans)))
                }
                @if can_edit && c.status.is_open() { p { a class="button" href={"/children/" (c.id) "/evaluations/new"} { "Record an evaluation" } } }
            }
            section aria-labelledby="plan-h" id="ifsp" {
                h2 id="plan-h" { "IFSP" }
                @if case.plans.is_empty() { p { "No plan yet." } }
                ul {
                    @for pl in &case.plans {
                        li { a href={"/ifsps/" (pl.id)} { (pl.kind.label()) } " — " (pl.status)
                            @if let Some(d) = pl.meeting_date { ", meeting " (d) } }
                    }
                }
                @if can_edit && case.plans.is_empty() && matches!(c.status, Status::Active | Status::Evaluating) {
                    form method="post" action={"/children/" (c.id) "/ifsps"} {
                        (csrf_field(&p.csrf))
                        button type="submit" class="primary" { @if c.status == Status::Active { "Start the initial IFSP" } @else { "Start an interim IFSP" } }
                    }
                }
            }
            (crate::visits::views::child_section(p, case, &cp.visits))
            (crate::activities::views::child_section(p, case, &cp.activities))
            (crate::ifsp::cos_pages::summary(c.id, &case.cos, can_edit))
            section aria-labelledby="con-h" {
                h2 id="con-h" { "Consents" }
                @if case.consents.is_empty() { p { "No consents recorded." } }
                ul {
                    @for k in &case.consents {
                        li {
                            strong { (k.kind.label()) } @if !k.agency_name.is_empty() { " (" (k.agency_name) ")" }
                            ": " (if k.given { "given" } else { "declined" }) " by " (k.decided_by) " on " (k.decided_on)
                            @if let Some(x) = k.expires_on { ", expires " (x) }
                            @if let Some(r) = k.revoked_on { strong { " — revoked " (r) } }
                            @else if can_edit && k.given {
                                form method="post" action={"/children/" (c.id) "/consents/" (k.id) "/revoke"} class="inline" {
                                    (csrf_field(&p.csrf)) " " button type="submit" class="link" { "Revoke" }
                                }
                            }
                        }
                    }
                }
                @if can_edit { p { a href={"/children/" (c.id) "/consents/new"} { "Record a consent" } } }
            }
            section aria-labelledby="hist-h" {
                h2 id="hist-h" { "What happened" }
                ol class="history" {
                    @for (d, what) in case.history() { li { time datetime=(d) { (d) } " — " (what) } }
                }
            }
            @if !case.delays.is_empty() {
                section aria-labelledby="del-h" {
                    h2 id="del-h" { "Documented delays" }
                    ul { @for d in &case.delays { li { (d.documented_on) ": " (d.reason.label()) " — " (d.note) } } }
                }
            }
        },
    )
}
