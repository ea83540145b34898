//! The draft plan's form. The draft page is one form (see `post`): the plan's fields, then
//! each part's fields with its own button posting the whole form to the part's route. Each
//! part re-renders with what was typed and its errors in place.
use super::{
    form::{FAMILY_MAX, NARRATIVE, OutcomeForm, PlanForm, ServiceForm, family_field},
    model::{Plan, required_to_sign},
    parts::{ConsentForm, consent_scope},
    post::scoped_name,
    progress::progress_scope,
    sign::SignForm,
};
use crate::{
    entities::{
        Choice, child, cos_rating::CosOutcome, ifsp_outcome, ifsp_service, ifsp_signature,
        outcome_progress, user, visit::VisitMethod,
    },
    views::{
        Page, conflict,
        form::{Errors, Input, checkbox, error_summary, radios, select, textarea, textarea_noted},
    },
};
use maud::{Markup, html};

/// The plan's own fields, first in the draft's form, with the hidden version every post
/// from the page is checked against.
pub fn narrative_form(
    plan: &Plan,
    typed: Option<&(PlanForm, Errors)>,
    conflict: bool,
    in_window: bool,
) -> Markup {
    let saved = PlanForm::from_model(&plan.ifsp);
    let none = Errors::default();
    let (f, errors) = typed.map(|(f, e)| (f, e)).unwrap_or((&saved, &none));
    let note = |field: &str| required_to_sign(field, in_window).then_some("required to sign");
    html! {
        section aria-labelledby="nar-h" {
            h2 id="nar-h" { "The plan" }
            @if conflict {
                (conflict::view(
                    "Someone else saved this draft while you were editing",
                    std::iter::once(("meeting_date", "Meeting date")).chain(NARRATIVE).map(|(field, label)| (label, saved.get(field), f.get(field))),
                ))
            }
            (error_summary(errors))
            input type="hidden" name="version" value=(f.version);
            (Input::new("meeting_date", "Meeting date", &f.meeting_date).kind("date").note(note("meeting_date")).render(errors))
            @for (field, label) in NARRATIVE {
                @if field == "family_concerns" {
                    (checkbox("family_agrees", "The family agrees to include their concerns, priorities and resources", f.family_agrees.is_some(), Some("Only with the family's agreement (303.344(b)).")))
                }
                (textarea_noted(field, label, f.get(field), None, errors, false, note(field)))
            }
            button type="submit" class="primary" { "Save the plan" }
        }
    }
}

/// An outcome's text in the family's language, part of the plan's typed fields (saved with
/// every button of the draft): what was typed, else what is saved, else a copy of the English
/// to translate (a copy left as it is is saved as "not translated").
pub fn family_statement(
    o: &ifsp_outcome::Model,
    l: crate::entities::Lang,
    typed: Option<&(PlanForm, Errors)>,
) -> Markup {
    let saved = (o.family_lang == Some(l) && !o.family_statement.is_empty())
        .then_some(o.family_statement.as_str());
    let text = typed
        .and_then(|(f, _)| f.family.get(&o.id))
        .map(String::as_str)
        .or(saved)
        .unwrap_or(&o.statement);
    let error = typed
        .and_then(|(_, e)| e.get("family_statement"))
        .filter(|_| text.trim().chars().count() > FAMILY_MAX);
    let id = format!("f-family-{}", o.id);
    html! {
        div class=(if error.is_some() { "field has-error" } else { "field" }) {
            label for=(id) { "In " (l.english_name()) " (what the family reads)" }
            p class="hint" id={(id) "-hint"} { "Starts as a copy of the English: translate it. Left as the copy, the family sees the English." }
            @if let Some(m) = error { p class="error" id={(id) "-error"} { (m) } }
            textarea id=(id) name=(family_field(o.id)) rows="2" lang=(l.code())
                aria-invalid=[error.map(|_| "true")]
                aria-describedby={(id) "-hint" @if error.is_some() { " " (id) "-error" }} { (text) }
        }
    }
}

pub fn outcome_form(ifsp_id: i32, typed: Option<&(OutcomeForm, Errors)>) -> Markup {
    let blank = (
        OutcomeForm {
            kind: ifsp_outcome::Kind::Child.to_string(),
            ..Default::default()
        },
        Errors::default(),
    );
    let (f, e) = typed.unwrap_or(&blank);
    html! {
        details open[typed.is_some()] class="card" {
            summary { "Add an outcome" }
            (error_summary(e))
            div class="subform" {
                (radios("kind", "Outcome for", &ifsp_outcome::Kind::options(), &f.kind, e))
                (textarea("statement", "Outcome", &f.statement, Some("Around a daily routine, e.g. “Maya will ask for more with a word or sign at snack.”"), e, true))
                (textarea("criteria", "We will know it is achieved when", &f.criteria, None, e, true))
                (textarea("procedures", "How progress is measured", &f.procedures, None, e, true))
                div class="grid-3" {
                    (Input::new("target_date", "Target date", &f.target_date).kind("date").required().render(e))
                    (Input::new("outcome_routines", "Routines where it is practised", &f.routines).render(e))
                    (select("cos_outcome", "Child outcome it serves", &CosOutcome::options(), &f.cos_outcome, e, true))
                }
                button type="submit" formaction={"/ifsps/" (ifsp_id) "/outcomes"} { "Add outcome" }
            }
        }
    }
}

pub fn service_form(
    ifsp_id: i32,
    providers: &[user::Person],
    typed: Option<&(ServiceForm, Errors)>,
) -> Markup {
    let blank = (
        ServiceForm {
            period: ifsp_service::Period::Month.to_string(),
            mode: ifsp_service::Mode::Individual.to_string(),
            method: VisitMethod::InPerson.to_string(),
            location: ifsp_service::Setting::Home.to_string(),
            payer: ifsp_service::Payer::PartC.to_string(),
            ..Default::default()
        },
        Errors::default(),
    );
    let (f, e) = typed.unwrap_or(&blank);
    let provider_opts: Vec<(String, String)> = providers
        .iter()
        .map(|u| {
            (
                u.id.to_string(),
                format!(
                    "{} ({})",
                    u.display_name,
                    u.discipline.map(|d| d.label()).unwrap_or("provider")
                ),
            )
        })
        .collect();
    let provider_refs: Vec<(&str, &str)> = provider_opts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    html! {
        details open[typed.is_some()] class="card" {
            summary { "Add a service" }
            (error_summary(e))
            div class="subform" {
                div class="grid-3" {
                    (select("service_type", "Service", &ifsp_service::ServiceType::options(), &f.service_type, e, true))
                    (select("provider_id", "Provider", &provider_refs, &f.provider_id, e, false))
                    (select("payer", "Paid by", &ifsp_service::Payer::options(), &f.payer, e, true))
                }
                div class="grid-3" {
                    (Input::new("frequency", "Sessions", &f.frequency).kind("number").required().render(e))
                    (select("period", "Per", &ifsp_service::Period::options(), &f.period, e, true))
                    (Input::new("minutes", "Minutes per session", &f.minutes).kind("number").required().render(e))
                    (select("mode", "Individual or group", &ifsp_service::Mode::options(), &f.mode, e, true))
                    (select("method", "Delivered", &VisitMethod::options(), &f.method, e, true))
                    (select("location", "Where", &ifsp_service::Setting::options(), &f.location, e, true))
                }
                (textarea("justification", "Why not at home or in the community", &f.justification, Some("Required for any setting other than home or community: how the outcomes cannot be achieved satisfactorily in a natural environment."), e, false))
                div class="grid-3" {
                    (Input::new("start_date", "Projected start", &f.start_date).kind("date").required().render(e))
                    (Input::new("end_date", "Projected end", &f.end_date).kind("date").render(e))
                }
                button type="submit" formaction={"/ifsps/" (ifsp_id) "/services"} { "Add service" }
            }
        }
    }
}

pub fn consent_form(
    ifsp_id: i32,
    service_id: i32,
    typed: Option<&(i32, ConsentForm, Errors)>,
) -> Markup {
    let none = Errors::default();
    let (given, date, e) = match typed {
        Some((_, f, e)) => (f.given.as_str(), f.consent_date.as_str(), e),
        None => ("", "", &none),
    };
    let field = |name: &str| format!("c{service_id}-{name}");
    let scope = consent_scope(service_id);
    let name = |f: &str| scoped_name(&scope, f);
    html! {
        div class="consent" {
            fieldset {
                legend class="visually-hidden" { "Parent's decision" }
                @if let Some(msg) = e.get("given") { p class="error" { (msg) } }
                label { input type="radio" name=(name("given")) value="yes" checked[given == "yes"]; " Consents" }
                " "
                label { input type="radio" name=(name("given")) value="no" checked[given == "no"]; " Declines" }
            }
            label for=(field("date")) { "Date" }
            @if let Some(msg) = e.get("consent_date") { p class="error" id=(field("date-error")) { (msg) } }
            input type="date" id=(field("date")) name=(name("consent_date")) value=(date) aria-invalid=[e.get("consent_date").map(|_| "true")];
            button type="submit" formaction={"/ifsps/" (ifsp_id) "/services/" (service_id) "/consent"} { "Record" }
        }
    }
}

pub fn sign_form(
    p: &Page,
    c: &child::Model,
    plan: &Plan,
    typed: Option<&(SignForm, Errors)>,
    problems: &[String],
) -> Markup {
    let blank = (
        SignForm {
            parent_method: ifsp_signature::Method::InPerson.to_string(),
            coordinator_name: p.user.display_name.clone(),
            ..Default::default()
        },
        Errors::default(),
    );
    let (f, e) = typed.unwrap_or(&blank);
    html! {
        section aria-labelledby="sign-h" class="card" {
            h2 id="sign-h" { "Sign the plan" }
            p { "Signing locks this version for good. Later changes start a review or an amendment." }
            @if problems.is_empty() {
                p class="ready" { "Everything required to sign is in the plan." }
            } @else {
                div class="to-sign" id="to-sign" role=[typed.is_some().then_some("alert")] {
                    h3 { "Before it can be signed" }
                    ul { @for pr in problems { li { (pr) } } }
                }
            }
            (error_summary(e))
            div class="subform" {
                div class="grid-3" {
                    (Input::new("parent_name", &format!("Parent of {} (typed name)", c.first_name), &f.parent_name).required().render(e))
                    (Input::new("parent_signed_on", "Parent signed on", &f.parent_signed_on).kind("date").required().render(e))
                }
                (radios("parent_method", "The parent signed", &ifsp_signature::Method::options(), &f.parent_method, e))
                div class="grid-3" {
                    (Input::new("coordinator_name", "Service coordinator (typed name)", &f.coordinator_name).required().render(e))
                    (Input::new("coordinator_signed_on", "Coordinator signed on", &f.coordinator_signed_on).kind("date").required().render(e))
                }
                button type="submit" class="primary" formaction={"/ifsps/" (plan.ifsp.id) "/sign"} { "Sign and lock" }
            }
        }
    }
}

pub fn progress_form(
    p: &Page,
    ifsp_id: i32,
    outcome_id: i32,
    typed: Option<&(i32, super::progress::ProgressForm, Errors)>,
) -> Markup {
    let none = Errors::default();
    let blank = super::progress::ProgressForm {
        rated_on: p.user.today().to_string(),
        ..Default::default()
    };
    let (f, e) = match typed {
        Some((_, f, e)) => (f, e),
        None => (&blank, &none),
    };
    let id = |n: &str| format!("p{outcome_id}-{n}");
    let scope = progress_scope(outcome_id);
    let name = |f: &str| scoped_name(&scope, f);
    html! {
        div class="filters" {
            div class="field" {
                label for=(id("rating")) { "Progress at this review" }
                @if let Some(m) = e.get("rating") { p class="error" id=(id("rating-error")) { (m) } }
                select id=(id("rating")) name=(name("rating")) aria-invalid=[e.get("rating").map(|_| "true")] {
                    option value="" { "Choose…" }
                    @for (v, l) in outcome_progress::Rating::options() { option value=(v) selected[v == f.rating] { (l) } }
                }
            }
            div class="field" {
                label for=(id("date")) { "Date" }
                @if let Some(m) = e.get("rated_on") { p class="error" { (m) } }
                input type="date" id=(id("date")) name=(name("rated_on")) value=(f.rated_on);
            }
            div class="field" {
                label for=(id("note")) { "Note" }
                @if let Some(m) = e.get("note") { p class="error" id=(id("note-error")) { (m) } }
                input id=(id("note")) name=(name("note")) value=(f.note) aria-invalid=[e.get("note").map(|_| "true")]
                    aria-describedby=[e.get("note").map(|_| id("note-error"))];
            }
            button type="submit" formaction={"/ifsps/" (ifsp_id) "/outcomes/" (outcome_id) "/progress"} { "Record progress" }
        }
    }
}
