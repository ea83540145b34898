//! The library's pages: search with filters, one activity in both languages, the handout.
use super::{handlers::ListQuery, model::AGE_BANDS};
use crate::{
    entities::{
        Choice, activity, activity_text, cos_rating::CosOutcome,
        evaluation_result::DevelopmentalDomain, visit::Routine,
    },
    i18n::Lang,
    views::{Page, form::csrf_field, layout},
};
use maud::{Markup, html};

pub use super::form_views::{conflict_page, form_page};
use std::collections::HashMap;

fn filter_select(name: &str, label: &str, options: &[(&str, &str)], selected: &str) -> Markup {
    html! {
        div class="field" {
            label for={"f-" (name)} { (label) }
            select id={"f-" (name)} name=(name) {
                option value="" { "Any" }
                @for (v, t) in options { option value=(v) selected[*v == selected] { (t) } }
            }
        }
    }
}

fn ages(a: &activity::Model) -> String {
    format!("{}–{} months", a.age_min, a.age_max)
}

fn domains(a: &activity::Model) -> String {
    a.domains.labels()
}

pub fn list_page(
    p: &Page,
    q: &ListQuery,
    total: u64,
    found: &[(activity::Model, HashMap<Lang, activity_text::Model>)],
) -> Markup {
    let bands: Vec<(&str, &str)> = AGE_BANDS.iter().map(|b| (b.0, b.1)).collect();
    layout::page(
        p,
        "Activities",
        "/activities",
        html! {
            h1 { "Activity library" }
            p { a class="button" href="/activities/new" { "Write a new activity" } }
            form method="get" action="/activities" class="filters" role="search" {
                div class="field" {
                    label for="f-q" { "Words (English or Spanish)" }
                    input id="f-q" type="search" name="q" value=(q.q);
                }
                div class="grid-3" {
                    (filter_select("domain", "Domain", &DevelopmentalDomain::options(), &q.domain))
                    (filter_select("band", "Age", &bands, &q.band))
                    (filter_select("routine", "Routine", &Routine::offered(), &q.routine))
                    (filter_select("outcome", "Child outcome", &CosOutcome::options(), &q.outcome))
                }
                button type="submit" class="primary" { "Search" }
            }
            p role="status" {
                (total) " activit" @if total == 1 { "y" } @else { "ies" }
                @if total > found.len() as u64 { ", the first " (found.len()) " shown: add words or filters to narrow" }
            }
            ul class="due" {
                @for (a, t) in found {
                    li {
                        a href={"/activities/" (a.id)} { (t.get(&Lang::En).map(|t| t.title.as_str()).unwrap_or("(no English title)")) }
                        span lang="es" class="muted" { (t.get(&Lang::Es).map(|t| t.title.as_str()).unwrap_or("(sin título en español)")) }
                        span { (ages(a)) " · " (domains(a)) }
                    }
                }
            }
        },
    )
}

fn text_block(lang: Lang, t: Option<&activity_text::Model>) -> Markup {
    let name = if lang == Lang::Es {
        "Spanish"
    } else {
        "English"
    };
    html! {
        section lang=(lang.code()) class="card" {
            h2 { (name) }
            @match t {
                None => p class="badge badge-overdue" { "Missing " (name) " translation" },
                Some(t) => {
                    @if !t.is_complete() { p class="badge badge-overdue" { "Incomplete " (name) " translation" } }
                    h3 { (t.title) }
                    p { (t.summary) }
                    (sections(lang, t, 4))
                }
            }
        }
    }
}

/// The parts of an activity, each under a heading one level below the activity's title
/// (`level` is the headings' own level: 4 under the library's h3, 2 on a handout's h1).
fn sections(lang: Lang, t: &activity_text::Model, level: u8) -> Markup {
    let h = |key: &str| -> Markup {
        let text = lang.t(key);
        html! {
            @match level {
                2 => h2 { (text) },
                3 => h3 { (text) },
                _ => h4 { (text) },
            }
        }
    };
    html! {
        (h("activity.materials")) p { (t.materials) }
        (h("activity.steps"))
        ol { @for s in t.steps.lines().filter(|s| !s.trim().is_empty()) { li { (s) } } }
        (h("activity.adapt")) p { (t.adapt) }
        (h("activity.watch_for")) p { (t.watch_for) }
        (h("activity.safety")) p { (t.safety) }
    }
}

pub fn activity_page(
    p: &Page,
    a: &activity::Model,
    texts: &HashMap<Lang, activity_text::Model>,
) -> Markup {
    let title = texts
        .get(&Lang::En)
        .map(|t| t.title.clone())
        .unwrap_or_else(|| format!("Activity {}", a.id));
    layout::page(
        p,
        &title,
        "/activities",
        html! {
            p class="breadcrumb" { a href="/activities" { "Activity library" } }
            h1 { (title) }
            dl class="facts" {
                dt { "Ages" } dd { (ages(a)) }
                dt { "Domains" } dd { (domains(a)) }
                dt { "Child outcome" } dd { (a.cos_outcome.label()) }
                dt { "Routines" } dd { (a.routines.labels()) }
                dt { "Status" } dd { (a.status) @if a.program_id.is_none() { " · Hearth starter library" } }
                @if let Some(d) = a.last_reviewed { dt { "Last reviewed" } dd { (d.format("%-d %b %Y")) } }
                dt { "Version" } dd { (a.version) }
            }
            p class="actions" {
                @if a.program_id.is_some() {
                    a class="button" href={"/activities/" (a.id) "/edit"} { "Edit" }
                } @else {
                    form method="post" action={"/activities/" (a.id) "/copy"} class="inline" {
                        (csrf_field(&p.csrf)) button type="submit" { "Copy to my program to adapt" }
                    }
                }
                @if a.status == activity::Status::Draft && p.user.role == crate::entities::user::Role::Admin {
                    form method="post" action={"/activities/" (a.id) "/publish"} class="inline" {
                        (csrf_field(&p.csrf)) button type="submit" class="primary" { "Publish" }
                    }
                }
                @for l in Lang::all() {
                    a class="button" href={"/activities/" (a.id) "/handout?lang=" (l.code())} { "Handout (" (l.t("lang.name")) ")" }
                }
            }
            div class="two-col" {
                (text_block(Lang::En, texts.get(&Lang::En)))
                (text_block(Lang::Es, texts.get(&Lang::Es)))
            }
        },
    )
}

/// The printable one-page family handout.
/// The printable handout; `back` is the page it was opened from, for a family on a phone.
pub fn handout(
    lang: Lang,
    a: &activity::Model,
    t: &activity_text::Model,
    back: Option<&str>,
) -> Markup {
    crate::ifsp::print::family_document(
        lang,
        &t.title,
        html! {
            @if let Some(href) = back { p class="no-print" { a href=(href) { (lang.t("family.back")) } } }
            p class="muted" { (lang.t("activity.handout")) " · " (lang.t("activity.ages")) ": " (a.age_min) "–" (a.age_max) }
            h1 { (t.title) }
            p class="lead" { (t.summary) }
            (sections(lang, t, 2))
        },
    )
}

/// The child page's activities: suggestions for this child with a handout in the family's
/// language, and what was shared, when, and what the family said.
pub fn child_section(
    p: &Page,
    case: &crate::children::model::Case,
    a: &super::child::ChildActivities,
) -> Markup {
    let lang = case
        .caregivers
        .first()
        .map(|g| g.language)
        .unwrap_or(Lang::En)
        .code();
    html! {
        section aria-labelledby="acts-h" id="activities" {
            h2 id="acts-h" { "Activities" }
            @if let Some(e) = &a.share_error {
                p class="error" id="f-activity_id-error" role="alert" { span class="visually-hidden" { "Error: " } (e) }
            }
            @if !a.suggested.is_empty() {
                h3 { "Suggested for this child" }
                ul class="due" {
                    @for (id, title, why) in &a.suggested {
                        li {
                            a href={"/activities/" (id)} { (title) }
                            span class="muted" { (why.join("; ")) }
                            a href={"/activities/" (id) "/handout?lang=" (lang)} { "Handout" }
                            form method="post" action={"/children/" (case.child.id) "/activities"} class="inline" {
                                (csrf_field(&p.csrf))
                                input type="hidden" name="activity_id" value=(id);
                                label for={"f-for-" (id)} { "For outcome" }
                                select id={"f-for-" (id)} name="outcome" {
                                    option value="" { "—" }
                                    @for (o, text) in &a.outcomes { option value=(o) { (text) } }
                                }
                                button type="submit" { "Share with the family" }
                            }
                        }
                    }
                }
            }
            h3 { "Shared with the family" }
            @if a.shared.is_empty() { p class="muted" { "Nothing shared yet." } }
            ul class="due" {
                @for (s, title) in &a.shared {
                    li {
                        span { (s.shared_on.format("%-d %b %Y")) ": " a href={"/activities/" (s.activity_id)} { (title) }
                            @if let Some(o) = s.outcome_origin.and_then(|o| a.outcomes.iter().find(|(id, _)| *id == o)) { span class="muted" { " · for: " (o.1) } }
                            @if let Some(v) = s.visit_id { " · " a href={"/visits/" (v)} { "at a visit" } } }
                        @let refused = a.feedback_error.as_ref().filter(|(id, _, _)| *id == s.id);
                        @let fid = format!("f-fb-{}", s.id);
                        form method="post" action={"/shares/" (s.id) "/feedback"} class="inline" {
                            (csrf_field(&p.csrf))
                            label for=(fid) { "What the family said" }
                            @if let Some((_, _, why)) = refused {
                                p class="error" id={(fid) "-error"} role="alert" { span class="visually-hidden" { "Error: " } (why) }
                            }
                            input type="hidden" name="seen" value=(s.family_feedback);
                            textarea id=(fid) name="feedback" rows="2" maxlength=(super::sharing::FEEDBACK_MAX)
                                aria-invalid=[refused.map(|_| "true")]
                                aria-describedby=[refused.map(|_| format!("{fid}-error"))] {
                                (refused.map_or(s.family_feedback.as_str(), |(_, typed, _)| typed.as_str()))
                            }
                            button type="submit" { "Save" }
                        }
                    }
                }
            }
        }
    }
}
