//! The transition workspace page, the notice as e-mailed and as a printable document.
use super::{
    handlers::{Part, TransitionForm},
    model::{self, Workspace},
    notify::{Notice, PURPOSE},
};
use crate::{
    entities::{Choice, disclosure, referral_packet, transition},
    timeline::{LateReferral, case::Stopped},
    views::{
        Page, due,
        form::{Errors, Input, checkbox, csrf_field, error_summary, radios, textarea},
        layout,
    },
};
use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, html};
use std::collections::HashMap;

/// What was typed in a form that is sent back, and its errors.
#[derive(Default)]
pub struct Forms {
    pub typed: Option<(Part, TransitionForm, Errors)>,
    pub notice: Option<Errors>,
    pub steps: Option<(HashMap<String, String>, Errors)>,
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn saved_form(r: &transition::Model) -> TransitionForm {
    TransitionForm {
        version: r.version.to_string(),
        potentially_eligible: match r.potentially_eligible {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        },
        eligibility_reason: r.eligibility_reason.clone(),
        opt_out_informed_on: day(r.opt_out_informed_on),
        conference_on: day(r.conference_on),
        participants: model::participants(r)
            .iter()
            .map(|p| {
                if p.role.is_empty() {
                    p.name.clone()
                } else {
                    format!("{} — {}", p.name, p.role)
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        family_approved_on: day(r.family_approved_on),
        family_declined_conference: r.family_declined_conference.then(|| "yes".into()),
        conference_held_on: day(r.conference_held_on),
        conference_notes: r.conference_notes.clone(),
    }
}

pub fn page(p: &Page, ws: &Workspace, forms: Forms) -> Markup {
    let c = &ws.case.child;
    let d = &ws.clocks.dates;
    let saved = saved_form(&ws.record);
    let none = Errors::default();
    let form_for = |part: Part| -> (&TransitionForm, &Errors) {
        match &forms.typed {
            Some((pt, f, e)) if *pt == part => (f, e),
            _ => (&saved, &none),
        }
    };
    let all_errors = forms
        .typed
        .as_ref()
        .map(|(_, _, e)| e)
        .or(forms.notice.as_ref())
        .or(forms.steps.as_ref().map(|(_, e)| e));
    let f = |d: NaiveDate| d.format("%a %-d %b %Y").to_string();
    let late = ws.clocks.late_referral;
    let late_label = late.map(|l| l.label()).unwrap_or("No referral on record");
    let deadlines_apply = !matches!(
        late,
        Some(LateReferral::NotifyAsSoonAsPossible | LateReferral::NoEvaluationRequired)
    );
    let today = p.user.today();
    layout::page(
        p,
        &format!("Transition — {}", c.full_name()),
        "/caseload",
        html! {
            p class="breadcrumb" { a href={"/children/" (c.id)} { (c.full_name()) } }
            h1 { "Transition at age three" }
            @if let Some(e) = all_errors { (error_summary(e)) }
            @if let Some(e) = forms.typed.as_ref().map(|(_, _, e)| e) { @if let Some(msg) = e.get("version") { div class="dup" role="alert" { p { (msg) } } } }
            @if !ws.open { p class="muted" { "The transition window opens on " (f(d.earliest)) " (nine months before age three)." } }
            dl class="facts" {
                dt { "Third birthday" } dd { (f(d.third_birthday)) }
                dt { "Conference possible from" } dd { (f(d.earliest)) " (with everyone's agreement; not a deadline)" }
                @if deadlines_apply {
                    dt { "Transition plan and conference by" } dd { (f(d.latest)) }
                    dt { "School-district notification by" } dd { (f(d.notification_due)) }
                }
                dt { "Referred" } dd { (f(ws.referred_on)) " — " (late_label) }
            }
            section aria-labelledby="st-h" class="card" {
                h2 id="st-h" { "Where things stand" }
                @if ws.clocks.stopped == Some(Stopped::Closed) { p { "The case is closed: no clock runs." } }
                ul class="due" {
                    @for item in ws.clocks.transition_items() { li { (due::item(c.id, item, today)) } }
                }
            }
            (eligibility(p, form_for(Part::Eligibility), ws))
            (notification(p, ws, form_for(Part::OptOut), forms.notice.as_ref()))
            (conference(p, form_for(Part::Conference), ws))
            (steps(p, ws, forms.steps.as_ref()))
            (packets(p, ws))
            section aria-labelledby="more-h" {
                h2 id="more-h" { "Records" }
                ul {
                    li { a href={"/children/" (c.id) "/disclosures"} { "Disclosure log (printable for the family)" } }
                    li { a href={"/children/" (c.id) "/exit"} { "Record the exit (OSEP category and date)" } }
                    li { a href="/agencies" { "Agency directory" } }
                }
            }
        },
    )
}

fn eligibility(p: &Page, (f, e): (&TransitionForm, &Errors), ws: &Workspace) -> Markup {
    html! {
        section aria-labelledby="el-h" {
            h2 id="el-h" { "Potentially eligible for Part B?" }
            form method="post" action={"/children/" (ws.case.child.id) "/transition/eligibility"} {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
                (radios("potentially_eligible", "Potentially eligible for Part B preschool services", &[("yes", "Yes"), ("no", "No")], &f.potentially_eligible, e))
                (textarea("eligibility_reason", "Reason", &f.eligibility_reason, None, e, true))
                button type="submit" { "Save" }
            }
        }
    }
}

fn notification(
    p: &Page,
    ws: &Workspace,
    (f, e): (&TransitionForm, &Errors),
    notice: Option<&Errors>,
) -> Markup {
    let id = ws.case.child.id;
    let none = Errors::default();
    let ne = notice.unwrap_or(&none);
    let sent: Vec<&disclosure::Model> = ws
        .disclosures
        .iter()
        .filter(|d| d.kind == disclosure::Kind::LeaNotification)
        .collect();
    html! {
        section aria-labelledby="no-h" {
            h2 id="no-h" { "Notification to the state and the school district" }
            p class="hint" { "Only the child's name, date of birth and parent contact information are sent, and only for a child potentially eligible for Part B, after the family's objection period ("
                (p.user.rules.lea_opt_out_days) " days) has passed without an objection." }
            @if ws.objected { p class="error" { "The family objected in writing (opt-out recorded on the child's consents): no notification." } }
            form method="post" action={"/children/" (id) "/transition/opt-out"} class="filters" {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
                (Input::new("opt_out_informed_on", "Day the family was told of the notification and their right to object", &f.opt_out_informed_on).kind("date").render(e))
                button type="submit" { "Save" }
            }
            @if sent.is_empty() {
                form method="post" action={"/children/" (id) "/transition/notify"} {
                    (csrf_field(&p.csrf))
                    input type="hidden" name="version" value=(ws.record.version);
                    fieldset id="f-agency" class=(if ne.get("agency").is_some() { "field has-error" } else { "field" }) {
                        legend { "Send to" }
                        @if let Some(msg) = ne.get("agency") { p class="error" id="f-agency-error" { (msg) } }
                        @if ws.leas.is_empty() { p class="muted" { "No school district in the directory serves " (ws.case.family.county) " County. " a href="/agencies/new" { "Add it" } "." } }
                        @for a in ws.leas.iter().chain(ws.seas.iter()) {
                            div class="checkbox" {
                                input type="checkbox" id={"ag-" (a.id)} name="agency" value=(a.id) checked;
                                label for={"ag-" (a.id)} { (a.name) @if a.email.is_empty() { " (printable document)" } @else { " (" (a.email) ")" } }
                            }
                        }
                    }
                    button type="submit" class="primary" { "Send the notification" }
                }
            } @else {
                ul { @for d in &sent { li { "Sent to " (d.recipient) ", " (d.at.format("%-d %b %Y")) " by " (d.channel) " — "
                    a href={"/children/" (id) "/transition/notices/" (d.id)} { "the notice" } } } }
            }
        }
    }
}

fn conference(p: &Page, (f, e): (&TransitionForm, &Errors), ws: &Workspace) -> Markup {
    html! {
        section aria-labelledby="co-h" {
            h2 id="co-h" { "Transition conference" }
            form method="post" action={"/children/" (ws.case.child.id) "/transition/conference"} {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
                (Input::new("conference_on", "Scheduled for", &f.conference_on).kind("date").render(e))
                (textarea("participants", "Participants", &f.participants, Some("One per line: name — role (family, service coordinator, school district representative, …)."), e, false))
                (Input::new("family_approved_on", "Family approved the conference on", &f.family_approved_on).kind("date").render(e))
                (checkbox("family_declined_conference", "The family declined a transition conference", f.family_declined_conference.is_some(), None))
                (Input::new("conference_held_on", "Held on", &f.conference_held_on).kind("date").render(e))
                (textarea("conference_notes", "Notes", &f.conference_notes, None, e, false))
                button type="submit" { "Save the conference" }
            }
        }
    }
}

fn steps(p: &Page, ws: &Workspace, typed: Option<&(HashMap<String, String>, Errors)>) -> Markup {
    html! {
        section aria-labelledby="sp-h" {
            h2 id="sp-h" { "Transition steps from the IFSP" }
            @if ws.steps.is_empty() {
                p class="muted" { "The signed plan has no transition steps yet. Write them in the next IFSP version (one per line)." }
            } @else {
                form method="post" action={"/children/" (ws.case.child.id) "/transition/steps"} {
                    (csrf_field(&p.csrf))
                    @if let Some((_, e)) = typed { @if let Some(msg) = e.get("steps") { p class="error" { (msg) } } }
                    @for s in &ws.steps {
                        @let name = format!("done_{}", s.position);
                        @let value = typed.and_then(|(m, _)| m.get(&name).cloned()).unwrap_or_else(|| day(s.done_on));
                        div class="field" {
                            label for={"f-" (name)} { (s.position) ". " (s.text) }
                            input type="date" id={"f-" (name)} name=(name) value=(value);
                        }
                    }
                    button type="submit" { "Save done dates" }
                }
            }
        }
    }
}

/// The notice e-mailed to an agency: (text, HTML), only the notice's fields.
pub fn notice_mail(n: &Notice, program: &str) -> (String, String) {
    let mut text = format!(
        "{program} notifies you, as required by 34 CFR 303.209(b)(1), of a toddler potentially eligible for Part B preschool services.\n\nChild: {}\nDate of birth: {}\n",
        n.child_name, n.date_of_birth
    );
    for g in &n.parents {
        text.push_str(&format!(
            "\nParent: {}\nAddress: {}\nPhone: {}\nE-mail: {}\n",
            g.name, g.address, g.phone, g.email
        ));
    }
    let html = html! {
        (DOCTYPE)
        html lang="en" { body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5" {
            p { (program) " notifies you, as required by 34 CFR 303.209(b)(1), of a toddler potentially eligible for Part B preschool services." }
            (notice_facts(n))
        } }
    };
    (text, html.into_string())
}

fn notice_facts(n: &Notice) -> Markup {
    html! {
        dl {
            dt { strong { "Child" } } dd { (n.child_name) }
            dt { strong { "Date of birth" } } dd { (n.date_of_birth.format("%-d %B %Y")) }
            @for g in &n.parents {
                dt { strong { "Parent" } } dd { (g.name) br; (g.address) br; (g.phone) " · " (g.email) }
            }
        }
    }
}

pub fn notice_document(program: &str, d: &disclosure::Model, n: &Notice) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { "Transition notification" } link rel="stylesheet" href=(crate::assets::url("css/app.css")); }
            body class="printable" { main {
                h1 { "Part C transition notification" }
                p { "To: " (d.recipient) }
                p { "From: " (program) ", " (d.at.format("%-d %B %Y")) }
                p { (PURPOSE) "." }
                (notice_facts(n))
            } }
        }
    }
}

fn packets(p: &Page, ws: &Workspace) -> Markup {
    let id = ws.case.child.id;
    html! {
        section aria-labelledby="pk-h" id="packets" {
            h2 id="pk-h" { "Referral packets to agencies" }
            @if ws.clocks.late_referral == Some(LateReferral::NoEvaluationRequired) {
                p class="hint" { "Referred fewer than 45 days before age three: no evaluation or IFSP is needed. With the parent's consent, refer the child to the school district with a packet." }
            }
            p { a class="button" href={"/children/" (id) "/packets/new"} { "Send a referral packet" } }
            @if ws.packets.is_empty() { p class="muted" { "None sent." } }
            ul class="deliveries" {
                @for (pk, name) in &ws.packets {
                    li class="card" id={"packet-" (pk.id)} {
                        p { strong { (name) } " · sent " (pk.created_at.format("%-d %b %Y")) }
                        p class="muted" { (pk.documents.0.iter().map(|d| d.label()).collect::<Vec<_>>().join("; ")) }
                        p {
                            @if let Some(at) = pk.revoked_at { "Link withdrawn " (at.format("%-d %b %Y")) ". " }
                            @if let Some(at) = pk.opened_at { "Opened " (at.format("%-d %b %Y")) ". " } @else { "Not opened yet. " }
                            @if let Some(at) = pk.acknowledged_at { "Receipt acknowledged " (at.format("%-d %b %Y")) ". " }
                            @if pk.outcome != referral_packet::Outcome::Unanswered {
                                strong { "Outcome: " (pk.outcome.label()) }
                                @if let Some(d) = pk.outcome_on { " (" (d) ")" }
                                @if !pk.outcome_note.is_empty() { " — " (pk.outcome_note) }
                            }
                        }
                        @if pk.revoked_at.is_none() {
                            form method="post" action={"/children/" (id) "/packets/" (pk.id) "/revoke"} class="inline" {
                                (csrf_field(&p.csrf))
                                button type="submit" class="link" { "Withdraw the agency's link" }
                            }
                        }
                    }
                }
            }
        }
    }
}
