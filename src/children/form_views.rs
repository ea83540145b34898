//! The forms of the children domain: intake, evaluation, consent, delay, decision.
use super::{
    caregivers::CaregiverForm,
    consents::{ConsentForm, OTHER},
    edit::{ChildForm, ExitForm},
    intake::ReferralForm,
    records::DelayForm,
};
use crate::{
    entities::{Choice, caregiver, child, consent, referral, referral_packet, user},
    i18n::Lang,
    timeline::DelayReason,
    views::{
        Page, conflict,
        form::{Errors, Input, checkbox, csrf_field, error_summary, radios, select, textarea},
        layout,
    },
};
use maud::{Markup, html};

pub fn referral_form(
    p: &Page,
    f: &ReferralForm,
    errors: &Errors,
    coordinators: &[user::Person],
    dups: &[child::Model],
) -> Markup {
    let coord_opts: Vec<(String, String)> = coordinators
        .iter()
        .map(|u| (u.id.to_string(), u.display_name.clone()))
        .collect();
    let coord_refs: Vec<(&str, &str)> = coord_opts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    layout::page(
        p,
        "New referral",
        "/children/new",
        html! {
            h1 { "New referral" }
            p class="lead" { "The 45-day clock starts on the day the referral was received." }
            p { a href="/referral-imports" { "Import several referrals from a spreadsheet" } }
            (error_summary(errors))
            form method="post" action="/children" novalidate {
                (csrf_field(&p.csrf))
                @if !dups.is_empty() {
                    div class="dup" role="alert" {
                        h2 { "This child may already have a record" }
                        p { "A child with the same name and date of birth is on file:" }
                        ul { @for d in dups { li { (d.full_name()) ", born " (d.date_of_birth) " — " (d.status.label()) } } }
                        div class="actions" {
                            @for d in dups {
                                button type="submit" name="duplicate" value={"merge:" (d.id)} class="primary" { "Add this referral to " (d.first_name) "'s record" }
                            }
                            button type="submit" name="duplicate" value="new" { "It is a different child: create a new record" }
                        }
                    }
                }
                fieldset class="group" {
                    legend { "Child" }
                    div class="grid-3" {
                        (Input::new("first_name", "First name", &f.first_name).required().autocomplete("off").render(errors))
                        (Input::new("last_name", "Last name", &f.last_name).required().autocomplete("off").render(errors))
                    }
                    div class="grid-3" {
                        (Input::new("date_of_birth", "Date of birth", &f.date_of_birth).kind("date").required().render(errors))
                        (Input::new("gestational_weeks", "Weeks of gestation at birth", &f.gestational_weeks).kind("number").hint("For the adjusted age of a baby born early.").render(errors))
                        (select("sex", "Sex", &child::Sex::options(), &f.sex, errors, false))
                        (select("race_ethnicity", "Race/ethnicity (optional)", &child::RaceEthnicity::options(), &f.race_ethnicity, errors, false))
                    }
                }
                fieldset class="group" {
                    legend { "Referral" }
                    div class="grid-3" {
                        (Input::new("received_on", "Date received", &f.received_on).kind("date").required().render(errors))
                        (select("source", "Referred by", &referral::Source::options(), &f.source, errors, true))
                        (Input::new("source_name", "Name of the referrer", &f.source_name).render(errors))
                    }
                    (textarea("concerns", "Concerns", &f.concerns, Some("In the words of the family or the referrer."), errors, true))
                    (select("coordinator_id", "Service coordinator", &coord_refs, &f.coordinator_id, errors, false))
                }
                fieldset class="group" {
                    legend { "Primary caregiver" }
                    div class="grid-3" {
                        (Input::new("caregiver_name", "Name", &f.caregiver_name).required().autocomplete("off").render(errors))
                        (select("relationship", "Relationship to the child", &caregiver::Relationship::options(), &f.relationship, errors, true))
                    }
                    div class="grid-3" {
                        (Input::new("phone", "Phone", &f.phone).kind("tel").render(errors))
                        (Input::new("email", "E-mail", &f.email).kind("email").render(errors))
                        (select("preferred_contact", "Prefers", &caregiver::Contact::options(), &f.preferred_contact, errors, true))
                    }
                    div class="grid-3" {
                        (select("language", "Language", &Lang::options(), &f.language, errors, true))
                    }
                    (checkbox("interpreter_needed", "An interpreter is needed", f.interpreter_needed.is_some(), None))
                }
                fieldset class="group" {
                    legend { "Home" }
                    (Input::new("address_line", "Street address", &f.address_line).render(errors))
                    div class="grid-3" {
                        (Input::new("city", "City", &f.city).render(errors))
                        (Input::new("county", "County", &f.county).render(errors))
                        (Input::new("postal_code", "ZIP code", &f.postal_code).render(errors))
                    }
                }
                button type="submit" class="primary" { "Save referral" }
            }
        },
    )
}

/// The way back to the child: the only thing of the record a small form page shows.
pub(super) fn child_header(c: &child::Model) -> Markup {
    html! { p { a href={"/children/" (c.id)} { "← " (c.full_name()) } } }
}

/// The consent form. `agencies` is the program's active directory, (id, name): a release
/// names one of them or "another agency" by name.
pub fn consent_form(
    p: &Page,
    c: &child::Model,
    agencies: &[(i32, String)],
    f: &ConsentForm,
    errors: &Errors,
) -> Markup {
    let ids: Vec<String> = agencies.iter().map(|(id, _)| id.to_string()).collect();
    let mut choices: Vec<(&str, &str)> = ids
        .iter()
        .zip(agencies)
        .map(|(id, (_, name))| (id.as_str(), name.as_str()))
        .collect();
    choices.push((OTHER, "Another agency (not in the directory)"));
    layout::page(
        p,
        "Record a consent",
        "/caseload",
        html! {
            (child_header(c))
            h1 { "Record a consent" }
            p class="lead" { "Consent is given or declined for one purpose at a time. Service consents are recorded per service on the IFSP." }
            (error_summary(errors))
            form method="post" action={"/children/" (c.id) "/consents"} novalidate {
                (csrf_field(&p.csrf))
                (select("kind", "Consent for", &consent::Kind::options(), &f.kind, errors, true))
                (radios("given", "The parent", &[("yes", "gave consent"), ("no", "declined")], &f.given, errors))
                div class="grid-3" {
                    (Input::new("decided_on", "Date", &f.decided_on).kind("date").required().render(errors))
                    (Input::new("decided_by", "Parent's name", &f.decided_by).required().render(errors))
                    (Input::new("expires_on", "Expires on", &f.expires_on).kind("date").render(errors))
                }
                fieldset class="field" {
                    legend { "Agency (for a release of information)" }
                    (select("agency", "Agency from the directory", &choices, &f.agency, errors, false))
                    (Input::new("agency_name", "Or, for another agency, its name", &f.agency_name).hint("Only for an agency not in the directory; choose \"Another agency\" above.").render(errors))
                }
                fieldset id="f-records" class=(if errors.get("records").is_some() { "field has-error" } else { "field" }) {
                    legend { "Records it covers (for a release of information)" }
                    @if let Some(msg) = errors.get("records") { p class="error" id="f-records-error" { (msg) } }
                    @for (k, label) in referral_packet::Document::options() {
                        div class="checkbox" {
                            input type="checkbox" id={"rec-" (k)} name="records" value=(k) checked[f.records.iter().any(|r| r == k)];
                            label for={"rec-" (k)} { (label) }
                        }
                    }
                }
                (textarea("purpose", "Purpose", &f.purpose, Some("What may be done or shared, and why."), errors, false))
                button type="submit" class="primary" { "Save consent" }
            }
        },
    )
}

pub fn delay_form(p: &Page, c: &child::Model, f: &DelayForm, errors: &Errors) -> Markup {
    let reasons = DelayReason::options();
    layout::page(
        p,
        "Document a delay",
        "/caseload",
        html! {
            (child_header(c))
            h1 { "Document a reason for delay" }
            p class="lead" { "Only documented family reasons excuse a late initial IFSP. Program reasons such as staffing or scheduling are recorded but never excuse it." }
            (error_summary(errors))
            form method="post" action={"/children/" (c.id) "/delays"} novalidate {
                (csrf_field(&p.csrf))
                (radios("reason", "Reason", &reasons, &f.reason, errors))
                (Input::new("documented_on", "Documented on", &f.documented_on).kind("date").required().render(errors))
                (textarea("note", "What happened", &f.note, Some("Dates, who was contacted and how."), errors, true))
                button type="submit" class="primary" { "Save" }
            }
        },
    )
}

pub fn caregiver_form(p: &Page, c: &child::Model, f: &CaregiverForm, errors: &Errors) -> Markup {
    layout::page(
        p,
        "Add a caregiver",
        "/caseload",
        html! {
            (child_header(c))
            h1 { "Add a caregiver" }
            (error_summary(errors))
            form method="post" action={"/children/" (c.id) "/caregivers"} novalidate {
                (csrf_field(&p.csrf))
                div class="grid-3" {
                    (Input::new("caregiver_name", "Name", &f.caregiver_name).required().autocomplete("off").render(errors))
                    (select("relationship", "Relationship to the child", &caregiver::Relationship::options(), &f.relationship, errors, true))
                }
                div class="grid-3" {
                    (Input::new("phone", "Phone", &f.phone).kind("tel").render(errors))
                    (Input::new("email", "E-mail", &f.email).kind("email").render(errors))
                    (select("preferred_contact", "Prefers", &caregiver::Contact::options(), &f.preferred_contact, errors, true))
                }
                (select("language", "Language", &Lang::options(), &f.language, errors, true))
                (checkbox("interpreter_needed", "An interpreter is needed", f.interpreter_needed.is_some(), None))
                button type="submit" class="primary" { "Add caregiver" }
            }
        },
    )
}

/// The edit form; with `conflict`, what someone else saved meanwhile is shown beside what
/// this person typed, and nothing has been overwritten.
pub fn child_edit(
    p: &Page,
    c: &child::Model,
    f: &ChildForm,
    errors: &Errors,
    conflict: Option<&ChildForm>,
) -> Markup {
    layout::page(
        p,
        "Edit details",
        "/caseload",
        html! {
            p { a href={"/children/" (c.id)} { "← " (c.full_name()) } }
            h1 { "Edit " (c.full_name()) }
            @if let Some(saved) = conflict {
                (conflict::view("Someone else saved changes while you were editing", [
                    ("First name", &saved.first_name, &f.first_name),
                    ("Last name", &saved.last_name, &f.last_name),
                    ("Date of birth", &saved.date_of_birth, &f.date_of_birth),
                    ("Weeks of gestation", &saved.gestational_weeks, &f.gestational_weeks),
                    ("Sex", &saved.sex, &f.sex),
                    ("Race/ethnicity", &saved.race_ethnicity, &f.race_ethnicity),
                ]))
            }
            (error_summary(errors))
            form method="post" action={"/children/" (c.id) "/edit"} novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
                div class="grid-3" {
                    (Input::new("first_name", "First name", &f.first_name).required().render(errors))
                    (Input::new("last_name", "Last name", &f.last_name).required().render(errors))
                }
                div class="grid-3" {
                    (Input::new("date_of_birth", "Date of birth", &f.date_of_birth).kind("date").required().render(errors))
                    (Input::new("gestational_weeks", "Weeks of gestation at birth", &f.gestational_weeks).kind("number").render(errors))
                    (select("sex", "Sex", &child::Sex::options(), &f.sex, errors, false))
                    (select("race_ethnicity", "Race/ethnicity (optional)", &child::RaceEthnicity::options(), &f.race_ethnicity, errors, false))
                }
                button type="submit" class="primary" { "Save" }
            }
        },
    )
}

pub fn exit_form(p: &Page, c: &child::Model, f: &ExitForm, errors: &Errors) -> Markup {
    layout::page(
        p,
        "Record exit",
        "/caseload",
        html! {
            p { a href={"/children/" (c.id)} { "← " (c.full_name()) } }
            h1 { "Record " (c.first_name) "'s exit from Part C" }
            (error_summary(errors))
            form method="post" action={"/children/" (c.id) "/exit"} novalidate {
                (csrf_field(&p.csrf))
                (radios("exit_category", "Exit category (OSEP)", &child::ExitCategory::options(), &f.exit_category, errors))
                (Input::new("exit_date", "Exit date", &f.exit_date).kind("date").required().render(errors))
                button type="submit" class="primary" { "Record exit" }
            }
        },
    )
}
