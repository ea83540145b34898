//! The visit-note form. It works without JavaScript; with it, `draft.js` keeps what is typed
//! in the browser so a reload, a dead battery or a failed submit loses nothing.
use super::{log_form::LogForm, model::PRACTICES, views::Context};
use crate::{
    assets,
    entities::{
        Choice,
        ifsp_service::Setting,
        visit::{self, Routine, VisitMethod},
    },
    views::{
        Page,
        form::{Errors, Input, csrf_field, error_summary, radios, select, textarea},
    },
};
use maud::{Markup, html};

const YES_NO: [(&str, &str); 2] = [("yes", "Yes"), ("no", "No")];

pub fn log_form(
    p: &Page,
    v: &visit::Model,
    ctx: &Context,
    typed: Option<&(LogForm, Errors)>,
) -> Markup {
    let saved = (LogForm::from_visit(v), Errors::default());
    let (f, errors) = typed.map(|(f, e)| (f, e)).unwrap_or((&saved.0, &saved.1));
    let outcome_error = errors.get("outcomes");
    html! {
        section aria-labelledby="log-h" {
            h2 id="log-h" { "Visit note" }
            p class="hint" { "Save as often as you like; sign when the note is complete. Once signed it is locked. Fields not marked optional are needed to sign." }
            p class="draft-status" data-draft-status hidden {}
            (error_summary(errors))
            form method="post" action={"/visits/" (v.id)} novalidate
                data-draft-key={"visit-" (v.id)} data-draft-version=(f.version) {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
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
                fieldset class="group" {
                    legend { "Coaching practices" }
                    @for pr in &PRACTICES {
                        @let (done, note) = f.practice(pr.key);
                        div class="practice yes-no" {
                            (radios(pr.done_field, pr.label, &YES_NO, done, errors))
                            p class="hint" { (pr.hint) }
                            (Input::new(pr.note_field, &format!("{}: note", pr.label), note).render(errors))
                        }
                    }
                }
                fieldset class="group" {
                    legend { "Until the next visit" }
                    (textarea("activities", "Activities used or given", &f.activities, None, errors, false))
                    (textarea("joint_plan", "Joint plan until the next visit", &f.joint_plan, Some("What the family will try, in which routines. The family receives this."), errors, true))
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
                @if let Some(e) = errors.get("sign") {
                    p class="error" id="f-sign" tabindex="-1" { span class="visually-hidden" { "Error: " } (e) }
                }
                div class="actions" {
                    button type="submit" name="intent" value="save" { "Save draft" } " "
                    button type="submit" name="intent" value="sign" class="primary" { "Sign and lock" }
                }
            }
            script src=(assets::url("js/draft.js")) defer {}
        }
    }
}
