//! The visit-note form. It works without JavaScript; with it, `draft.js` keeps what is typed
//! in the browser so a reload, a dead battery or a failed submit loses nothing.
use super::{log_form::LogForm, model::PRACTICES, prefill, views::Context};
use crate::{
    assets,
    entities::{
        Choice,
        ifsp_service::Setting,
        visit::{self, Routine, VisitMethod},
    },
    views::{
        Page,
        form::{Errors, Input, csrf_field, error_summary, select, textarea},
    },
};
use maud::{Markup, html};

pub fn log_form(
    p: &Page,
    v: &visit::Model,
    ctx: &Context,
    typed: Option<&(LogForm, Errors)>,
) -> Markup {
    // A note never saved starts from the last signed note, the plan and the schedule.
    let stored = LogForm::from_visit(v);
    let stored = match &ctx.prefill {
        Some(pre) => prefill::apply(stored, pre),
        None => stored,
    };
    let saved = (stored, Errors::default());
    let (f, errors) = typed.map(|(f, e)| (f, e)).unwrap_or((&saved.0, &saved.1));
    let outcome_error = errors.get("outcomes");
    html! {
        section aria-labelledby="log-h" id="note" {
            h2 id="log-h" { "Visit note" }
            p class="hint" { "Save as often as you like; sign when the note is complete. Once signed it is locked. Fields not marked optional are needed to sign." }
            p class="draft-status" data-draft-status hidden {}
            (error_summary(errors))
            form method="post" action={"/visits/" (v.id)} novalidate
                data-draft-key={"visit-" (v.id)} data-draft-version=(f.version) data-offline-note {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
                // Filled by `offline.js` with a fresh UUID at each send; empty without it.
                input type="hidden" name="submission_key" value="";
                fieldset class="group" {
                    legend { "When and where" }
                    div class="grid-3" {
                        (Input::new("date", "Date", &f.date).kind("date").required().render(errors))
                        (Input::new("start", "Started", &f.start).kind("time").required().render(errors))
                        (Input::new("end", "Ended", &f.end).kind("time").required().render(errors))
                    }
                    div class="grid-3" {
                        (select("method", "Method", &VisitMethod::options(), &f.method, errors, true))
                        (select("location", "Location", &Setting::options(), &f.location, errors, true))
                        (Input::new("mileage", "Miles driven", &f.mileage).hint("To this visit, one decimal.").render(errors))
                    }
                    (Input::new("participants", "Who took part", &f.participants).required().render(errors))
                }
                fieldset class="group" {
                    legend { "The visit" }
                    (textarea("parent_report", "Parent's report since the last visit", &f.parent_report, None, errors, false))
                    fieldset id="f-outcomes" class=(if outcome_error.is_some() { "field has-error" } else { "field" }) {
                        legend { "IFSP outcomes addressed" }
                        @if let Some(e) = outcome_error { p class="error" { span class="visually-hidden" { "Error: " } (e) } }
                        @if ctx.outcomes.is_empty() { p class="muted" { "The child has no signed plan with outcomes." } }
                        @for (id, text) in &ctx.outcomes {
                            @let value = id.to_string();
                            div class="checkbox" {
                                input type="checkbox" id={"f-outcome-" (id)} name="outcomes" value=(value) checked[f.outcomes.contains(&value)];
                                label for={"f-outcome-" (id)} { (text) }
                            }
                        }
                    }
                    (select("routine", "Routine used", &Routine::offered(), &f.routine, errors, true))
                    (textarea("tried", "What was tried", &f.tried, None, errors, false))
                    (textarea("caregiver_did", "What the caregiver did", &f.caregiver_did, None, errors, false))
                    (textarea("child_response", "How the child responded", &f.child_response, None, errors, false))
                }
                (practices(f, errors))
                fieldset class="group" id="telehealth" {
                    legend { "Telehealth: how coaching worked by video" }
                    p class="hint" { "Only for a telehealth visit, where signing needs it." }
                    (select("remote_coaching", "How coaching worked by video", &super::telehealth::ways(), &f.remote_coaching, errors, false))
                    (textarea("remote_coaching_note", "What that looked like", &f.remote_coaching_note, Some("Camera placement, who handled the toys, what the caregiver practised."), errors, false))
                }
                fieldset class="group" {
                    legend { "Until the next visit" }
                    (library(ctx, f, errors))
                    (textarea("activities", "Other activities used or given", &f.activities, Some("Optional: anything not from the library."), errors, false))
                    @if let Some(a) = ctx.family_said.first() {
                        div class="family-latest" id="f-family-latest" {
                            p { strong { "The family said" } " (" (a.activity) ", " (crate::views::when::day(a.on)) "):" }
                            @if a.words.is_empty() { p class="muted" { "We tried it (no words)." } }
                            @else { blockquote lang=(a.lang.code()) { (a.words) } }
                            p class="hint" { "Reply to it in the joint plan: the family receives it." }
                        }
                    }
                    (textarea("joint_plan", "Joint plan until the next visit", &f.joint_plan, Some("What the family will try, in which routines. The family receives this."), errors, true))
                    @if ctx.family_lang != crate::entities::Lang::En {
                        @let saved = f.joint_plan_family.as_deref().filter(|t| !t.trim().is_empty());
                        (textarea("joint_plan_family", &format!("In {} (what the family reads)", ctx.family_lang.english_name()), saved.unwrap_or(&f.joint_plan), Some("Starts as a copy of the English joint plan: translate it. Left as the copy, the family reads the English."), errors, false))
                    }
                    (Input::new("next_visit_on", "Next visit", &f.next_visit_on).kind("date").render(errors))
                }
                details class="group" open[!f.abc1_b.is_empty() || !f.abc2_b.is_empty()] {
                    summary { "Behaviour support: antecedent, behaviour, consequence" }
                    @for (a, b, c, av, bv, cv) in [
                        ("abc1_a", "abc1_b", "abc1_c", &f.abc1_a, &f.abc1_b, &f.abc1_c),
                        ("abc2_a", "abc2_b", "abc2_c", &f.abc2_a, &f.abc2_b, &f.abc2_c),
                    ] {
                        div class="grid-3" {
                            (Input::new(a, "Before (antecedent)", av).render(errors))
                            (Input::new(b, "Behaviour", bv).render(errors))
                            (Input::new(c, "After (consequence)", cv).render(errors))
                        }
                    }
                }
                (super::confirm_views::step(f, errors, &super::confirm_views::StepFor {
                    lang: ctx.family_lang,
                    provider: &ctx.provider,
                    required: p.user.rules.require_caregiver_signature,
                    location: p.user.rules.allow_visit_location.then_some(if typed.is_some() { !f.share_location.is_empty() } else { ctx.share_location }),
                }))
                @if let Some(e) = errors.get("sign") {
                    p class="error" id="f-sign" tabindex="-1" { span class="visually-hidden" { "Error: " } (e) }
                }
                div class="actions" {
                    button type="submit" name="intent" value="save" { "Save draft" } " "
                    button type="submit" name="intent" value="sign" class="primary" { "Sign and lock" }
                }
            }
            script src=(assets::url("js/draft.js")) defer {}
            script src=(assets::url("js/filter.js")) defer {}
            script src=(assets::url("js/confirm.js")) defer {}
        }
    }
}

/// The five coaching practices as one group of checkboxes: ticked happened, unticked did
/// not (the hidden `practices_shown` says the group was on the form). Their notes are
/// optional and folded away.
fn practices(f: &LogForm, errors: &Errors) -> Markup {
    let error = errors.get("practices");
    let noted = PRACTICES.iter().any(|p| !f.practice(p.key).1.is_empty());
    html! {
        fieldset id="f-practices" class=(if error.is_some() { "group has-error" } else { "group" }) {
            legend { "Coaching practices used" }
            input type="hidden" name="practices_shown" value="1";
            @if let Some(e) = error { p class="error" { span class="visually-hidden" { "Error: " } (e) } }
            div class="checks" {
                @for pr in &PRACTICES {
                    div class="checkbox" {
                        input type="checkbox" id={"f-practice-" (pr.key)} name="practices" value=(pr.key) checked[f.practices.iter().any(|k| k == pr.key)];
                        label for={"f-practice-" (pr.key)} title=(pr.hint) { (pr.label) }
                    }
                }
            }
            details open[noted] {
                summary { "Notes on the practices (optional)" }
                @for pr in &PRACTICES {
                    (Input::new(pr.note_field, &format!("{}: note", pr.label), f.practice(pr.key).1).hint(pr.hint).render(errors))
                }
            }
        }
    }
}

/// Library activities picked inside the note, saved with it. Without JavaScript a plain
/// list of checkboxes; with it (`filter.js`), a search box narrows the list as one types.
fn library(ctx: &Context, f: &LogForm, errors: &Errors) -> Markup {
    let error = errors.get("activity_ids");
    let open: Vec<&(i32, String)> = ctx
        .choices
        .iter()
        .filter(|(id, _)| !ctx.shared.iter().any(|(s, _)| s == id))
        .collect();
    html! {
        fieldset id="f-activity_ids" class=(if error.is_some() { "field has-error" } else { "field" }) data-filter-list {
            legend { "Activities from the library" span class="optional" { " (optional)" } }
            @if let Some(e) = error { p class="error" { span class="visually-hidden" { "Error: " } (e) } }
            @if !ctx.shared.is_empty() {
                p class="hint" { "Already shared at this visit: " @for (i, (_, t)) in ctx.shared.iter().enumerate() { @if i > 0 { ", " } (t) } "." }
            }
            @if open.is_empty() { p class="muted" { "No more published activities for this age." } }
            @else {
                label for="f-activity-search" class="visually-hidden" data-filter-label hidden { "Search the activities" }
                input type="search" id="f-activity-search" placeholder="Search the activities" data-filter hidden autocomplete="off";
                div class="pick-list" {
                    @for (id, title) in &open {
                        @let value = id.to_string();
                        div class="checkbox" data-filter-item {
                            input type="checkbox" id={"f-activity-" (id)} name="activity_ids" value=(value) checked[f.activity_ids.contains(&value)];
                            label for={"f-activity-" (id)} { (title) }
                        }
                    }
                }
            }
        }
    }
}
