use super::form::{NUMBERS, SettingsForm};
use crate::views::table_wrap;
use crate::views::{
    Page,
    form::{Errors, Input, checkbox, csrf_field, error_summary, radios, textarea},
    layout,
};
use maud::{Markup, html};

/// The rules a conflict notice compares: each whole-number rule, then the choices.
fn differences<'a>(
    saved: &'a SettingsForm,
    mine: &'a SettingsForm,
) -> Vec<(&'static str, &'a str, &'a str)> {
    let mut rows: Vec<(&'static str, &'a str, &'a str)> = NUMBERS
        .iter()
        .map(|(field, label, ..)| (*label, saved.value(field), mine.value(field)))
        .collect();
    rows.extend([
        (
            "Percent delay in one area",
            saved.percent_one_area.as_str(),
            mine.percent_one_area.as_str(),
        ),
        (
            "Percent delay in each of two areas",
            &saved.percent_two_areas,
            &mine.percent_two_areas,
        ),
        (
            "Standard deviations, one area",
            &saved.sd_one_area,
            &mine.sd_one_area,
        ),
        (
            "Standard deviations, each of two areas",
            &saved.sd_two_areas,
            &mine.sd_two_areas,
        ),
        (
            "Qualifying diagnoses",
            &saved.qualifying_conditions,
            &mine.qualifying_conditions,
        ),
        (
            "Partial billing unit",
            &saved.unit_rounding,
            &mine.unit_rounding,
        ),
        ("29 February birthday", &saved.feb29, &mine.feb29),
        (
            "A family's reply goes to",
            &saved.family_reply_to,
            &mine.family_reply_to,
        ),
    ]);
    let yes = |v: &Option<String>| if v.is_some() { "yes" } else { "no" };
    rows.extend([
        (
            "A diagnosed condition qualifies",
            yes(&saved.diagnosed_condition_qualifies),
            yes(&mine.diagnosed_condition_qualifies),
        ),
        (
            "Informed clinical opinion qualifies",
            yes(&saved.informed_clinical_opinion_qualifies),
            yes(&mine.informed_clinical_opinion_qualifies),
        ),
        (
            "Coordinators read every record",
            yes(&saved.team_visibility),
            yes(&mine.team_visibility),
        ),
        (
            "Caregiver signature required",
            yes(&saved.require_caregiver_signature),
            yes(&mine.require_caregiver_signature),
        ),
        (
            "Visit location allowed",
            yes(&saved.allow_visit_location),
            yes(&mine.allow_visit_location),
        ),
    ]);
    rows.retain(|(_, theirs, yours)| theirs.trim() != yours.trim());
    rows
}

/// The settings form; with `conflict`, the rules another admin saved since this form was
/// opened are listed beside the ones typed here, where they differ, and nothing was saved.
pub fn settings(
    p: &Page,
    f: &SettingsForm,
    errors: &Errors,
    conflict: Option<&SettingsForm>,
) -> Markup {
    layout::page(
        p,
        "Program rules",
        "/settings",
        html! {
            h1 { "Program rules" }
            p { a href="/settings/population" { "Area population per year (child find, C5 and C6)" } }
            p { a href="/settings/targets" { "Indicator targets (the dashboard compares each indicator with them)" } }
            p { a href="/settings/api-tokens" { "API tokens for other systems" } }
            p class="lead" { "The numbers your state sets. Federal requirements are noted beside each; Hearth refuses values the federal rules do not allow." }
            @if let Some(saved) = conflict {
                div class="dup" role="alert" {
                    h2 { "Another admin saved the rules while you were editing" }
                    p { "Nothing was overwritten. Your values are in the form below; save again to replace theirs." }
                    (table_wrap::cards("Rules saved now and yours", html! { table {
                        thead { tr { th scope="col" { "Rule" } th scope="col" { "Saved now" } th scope="col" { "Yours" } } }
                        tbody {
                            @for (label, theirs, mine) in differences(saved, f) {
                                tr class="overdue" { th scope="row" { (label) } td { (theirs) } td { (mine) } }
                            }
                        }
                    } }))
                }
            }
            (error_summary(errors))
            form method="post" action="/settings" novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="seen" value=(f.seen);
                fieldset class="group" {
                    legend { "Timelines" }
                    div class="grid-3" {
                        @for (field, label, default, _, _) in NUMBERS {
                            (Input::new(field, label, f.value(field)).kind("number").required().hint(&format!("Default: {default}")).render(errors))
                        }
                    }
                    (radios("unit_rounding", "A partial billing unit counts when", &[("nearest", "it is at least half a unit"), ("up", "it is any part of a unit"), ("down", "never (whole units only)")], &f.unit_rounding, errors))
                    (radios("feb29", "A 29 February birthday turns three on", &[("feb28", "28 February"), ("mar1", "1 March")], &f.feb29, errors))
                }
                fieldset class="group" {
                    legend { "Families" }
                    (radios("family_reply_to", "A family's reply to a coaching-note e-mail goes to", &[("nobody", "no one (the e-mail asks them to call)"), ("provider", "the provider who wrote the note"), ("coordinator", "the child's service coordinator")], &f.family_reply_to, errors))
                }
                fieldset class="group" {
                    legend { "Eligibility" }
                    div class="grid-3" {
                        (Input::new("percent_one_area", "Percent delay in one area", &f.percent_one_area).hint("PA 25, CO 33, MO 50. Empty: not used.").render(errors))
                        (Input::new("sd_one_area", "Standard deviations below the mean, one area", &f.sd_one_area).hint("PA 1.5, NY 2.").render(errors))
                        (Input::new("percent_two_areas", "Percent delay in each of two areas", &f.percent_two_areas).hint("NY 25.").render(errors))
                        (Input::new("sd_two_areas", "Standard deviations, each of two areas", &f.sd_two_areas).hint("NY 1.5.").render(errors))
                    }
                    (checkbox("diagnosed_condition_qualifies", "A diagnosed condition with a high probability of delay makes a child eligible", f.diagnosed_condition_qualifies.is_some(), None))
                    (textarea("qualifying_conditions", "Qualifying diagnoses, one per line", &f.qualifying_conditions, Some("Conditions with a high probability of delay on your state's list. A recorded diagnosis qualifies when it contains one of these; leave empty to accept any documented diagnosis."), errors, false))
                    (checkbox("informed_clinical_opinion_qualifies", "Informed clinical opinion may establish eligibility", f.informed_clinical_opinion_qualifies.is_some(), None))
                }
                fieldset class="group" {
                    legend { "Privacy" }
                    (checkbox("team_visibility", "Coordinators may read every child's record in the program (not only their own caseload)", f.team_visibility.is_some(), Some("Every view is audited either way.")))
                    (checkbox("allow_visit_location", "Providers may record the browser's location at a visit's start and end", f.allow_visit_location.is_some(), Some("Only providers who choose to share it, note by note; never required.")))
                }
                fieldset class="group" {
                    legend { "Visit notes" }
                    (checkbox("require_caregiver_signature", "Signing a visit note needs the caregiver's confirmation (a signature drawn on the device, or their typed name)", f.require_caregiver_signature.is_some(), None))
                }
                button type="submit" class="primary" { "Save rules" }
            }
        },
    )
}
