//! The authoring form: both languages side by side, with errors next to each field.
use super::form::{ActivityForm, TEXT_FIELDS, field_name as field};
use crate::{
    entities::{
        Choice, cos_rating::CosOutcome, evaluation_result::DevelopmentalDomain, visit::Routine,
    },
    i18n::Lang,
    views::{
        Page, conflict,
        form::{Errors, Input, csrf_field, error_summary, select, textarea},
        layout,
    },
};
use maud::{Markup, html};

fn checkboxes(
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    chosen: &[String],
    errors: &Errors,
) -> Markup {
    let error = errors.get(name);
    html! {
        fieldset id={"f-" (name)} class=(if error.is_some() { "field has-error" } else { "field" }) {
            legend { (legend) }
            @if let Some(e) = error { p class="error" { span class="visually-hidden" { "Error: " } (e) } }
            @for (v, t) in options {
                div class="checkbox" {
                    input type="checkbox" id={"f-" (name) "-" (v)} name=(name) value=(v) checked[chosen.iter().any(|c| c == v)];
                    label for={"f-" (name) "-" (v)} { (t) }
                }
            }
        }
    }
}

pub fn form_page(p: &Page, id: Option<i32>, f: &ActivityForm, errors: &Errors) -> Markup {
    page(p, id, f, errors, None)
}

/// The edit form after a save from a stale version: `saved` is the activity as saved now,
/// shown beside what was typed (`mine`, sent again over the saved version).
pub fn conflict_page(p: &Page, id: i32, mine: &ActivityForm, saved: &ActivityForm) -> Markup {
    page(p, Some(id), mine, &Errors::default(), Some(saved))
}

/// The parts the conflict view compares: label, saved now, typed.
fn parts(saved: &ActivityForm, mine: &ActivityForm) -> Vec<(String, String, String)> {
    let list = |v: &[String]| v.join(", ");
    let mut rows = vec![
        ("Domains".into(), list(&saved.domains), list(&mine.domains)),
        (
            "Routines".into(),
            list(&saved.routines),
            list(&mine.routines),
        ),
        (
            "Child outcome".into(),
            saved.cos_outcome.clone(),
            mine.cos_outcome.clone(),
        ),
        (
            "From age (months)".into(),
            saved.age_min.clone(),
            mine.age_min.clone(),
        ),
        (
            "To age (months)".into(),
            saved.age_max.clone(),
            mine.age_max.clone(),
        ),
    ];
    for lang in Lang::all() {
        for (key, label) in TEXT_FIELDS {
            rows.push((
                format!("{label} ({})", lang.label()),
                saved.text(lang, key).to_owned(),
                mine.text(lang, key).to_owned(),
            ));
        }
    }
    rows
}

fn page(
    p: &Page,
    id: Option<i32>,
    f: &ActivityForm,
    errors: &Errors,
    theirs: Option<&ActivityForm>,
) -> Markup {
    let title = if id.is_some() {
        "Edit activity"
    } else {
        "Write a new activity"
    };
    let action = id
        .map(|i| format!("/activities/{i}"))
        .unwrap_or_else(|| "/activities".into());
    layout::page(
        p,
        title,
        "/activities",
        html! {
            p class="breadcrumb" { a href="/activities" { "Activity library" } }
            h1 { (title) }
            @if let Some(saved) = theirs {
                (conflict::view("Someone saved this activity while you were editing", parts(saved, f)))
            }
            p class="hint" { "New activities are drafts until an admin publishes them. Write the Spanish text when you can: until then it shows as missing and no Spanish handout is given." }
            (error_summary(errors))
            form method="post" action=(action) novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(f.version);
                (checkboxes("domains", "Domains", &DevelopmentalDomain::options(), &f.domains, errors))
                (checkboxes("routines", "Routines", &Routine::offered(), &f.routines, errors))
                div class="grid-3" {
                    (select("cos_outcome", "Child outcome", &CosOutcome::options(), &f.cos_outcome, errors, true))
                    (Input::new("age_min", "From age (months)", &f.age_min).kind("number").required().render(errors))
                    (Input::new("age_max", "To age (months)", &f.age_max).kind("number").required().render(errors))
                }
                div class="two-col" {
                    @for lang in Lang::all() {
                        fieldset class="group" lang=(lang) {
                            legend { (lang.label()) }
                            @for (key, label) in TEXT_FIELDS {
                                @if key == "title" {
                                    (Input::new(field(lang, key), label, f.text(lang, key)).render(errors))
                                } @else {
                                    (textarea(field(lang, key), label, f.text(lang, key), None, errors, false))
                                }
                            }
                        }
                    }
                }
                button type="submit" class="primary" { "Save" }
            }
        },
    )
}
