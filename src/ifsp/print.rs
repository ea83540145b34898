//! The printable plan a family takes home, in their language. Labels come from the i18n
//! catalogue; what the team wrote is shown as written.
use super::{load_plan, model::Plan};
use crate::{
    assets,
    audit::{Actor, Event},
    children::model::{self as cases, Case},
    entities::{Choice, evaluation_result::DevelopmentalDomain, ifsp_service},
    error::AppResult,
    i18n::Lang,
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::Page,
};
use axum::extract::{Path, Query, State};
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct PrintQuery {
    lang: Option<String>,
}

pub async fn print(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Query(q): Query<PrintQuery>,
) -> AppResult<Markup> {
    let (case, plan, lang) =
        load_for_family(&state, &page, &meta, id, q.lang.as_deref(), "ifsp.printed").await?;
    Ok(render(&case, &plan, lang))
}

/// Loads the plan and its case for a family-facing document, picks the language (asked
/// for, or the primary caregiver's), and audits the document as `action`.
async fn load_for_family(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    asked: Option<&str>,
    action: &'static str,
) -> AppResult<(Case, Plan, Lang)> {
    let (c, plan) = load_plan(state, page, meta, id, Action::ViewChild).await?;
    let case = cases::load_case(&state.db, c).await?;
    let lang = match asked {
        Some(code) => Lang::from_code(code),
        None => case.caregivers.first().map_or(Lang::En, |g| g.language),
    };
    let ev = Event::new(action, "ifsp", id)
        .detail(serde_json::json!({ "child": case.child.id, "lang": lang.code() }));
    state
        .audit
        .record(&Actor::user(&page.user, meta), ev)
        .await?;
    Ok((case, plan, lang))
}

/// The shell of a family-facing document: its language, title, print hint and a link to
/// the same document in the other language.
pub(crate) fn family_document(l: Lang, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href=(assets::url("css/app.css"));
            }
            body class="printable" {
                main {
                    p class="no-print muted" {
                        (l.t("print.hint")) " · "
                        @for other in Lang::all() { @if other != l { a href={"?lang=" (other.code())} lang=(other.code()) { (other.t("lang.name")) } } }
                    }
                    (body)
                }
            }
        }
    }
}

fn how_often(s: &ifsp_service::Model, l: Lang) -> String {
    let period = l.t(&format!("plan.per_{}", s.period));
    let mode = l.t(&format!("plan.{}", s.mode));
    let method = l.t(&format!("plan.{}", s.method));
    format!(
        "{} {} {period}, {} {}; {mode}, {method}",
        s.frequency,
        l.t("plan.times"),
        s.minutes,
        l.t("plan.minutes")
    )
}

pub fn render(case: &Case, plan: &Plan, l: Lang) -> Markup {
    let i = &plan.ifsp;
    let c = &case.child;
    let t = |k: &str| l.t(k);
    let present = [
        (DevelopmentalDomain::Cognitive, &i.present_cognitive),
        (DevelopmentalDomain::Physical, &i.present_physical),
        (DevelopmentalDomain::Communication, &i.present_communication),
        (
            DevelopmentalDomain::SocialEmotional,
            &i.present_social_emotional,
        ),
        (DevelopmentalDomain::Adaptive, &i.present_adaptive),
    ];
    let title = format!("{} — {}", t("plan.title"), c.full_name());
    family_document(
        l,
        &title,
        html! {
                        h1 { (t("plan.title")) }
                        @if i.is_draft() { p class="draft-mark" { (t("plan.draft")) } }
                        dl class="facts" {
                            dt { (t("plan.child")) } dd { (c.full_name()) }
                            dt { (t("plan.born")) } dd { (c.date_of_birth) }
                            dt { (t("plan.kind")) } dd { (t(&format!("kind.{}", i.kind))) }
                            @if let Some(d) = i.meeting_date { dt { (t("plan.meeting")) } dd { (d) } }
                            @if let Some(sc) = &case.coordinator { dt { (t("plan.coordinator")) } dd { (sc.display_name) " · " (sc.email) } }
                            @if !i.participants.is_empty() { dt { (t("plan.participants")) } dd { (i.participants) } }
                        }
                        @if i.family_agrees {
                            section {
                                h2 { (t("plan.family")) }
                                dl class="facts" {
                                    @for (k, v) in [("plan.concerns", &i.family_concerns), ("plan.priorities", &i.family_priorities), ("plan.resources", &i.family_resources), ("plan.routines", &i.routines)] {
                                        @if !v.is_empty() { dt { (t(k)) } dd { (v) } }
                                    }
                                }
                            }
                        }
                        section {
                            h2 { (t("plan.present_levels")) }
                            dl class="facts" { @for (d, v) in present { @if !v.is_empty() { dt { (t(&format!("domain.{}", d.as_str()))) } dd { (v) } } } }
                        }
                        section {
                            h2 { (t("plan.outcomes")) }
                            ol {
                                @for o in &plan.outcomes {
                                    li class="card" {
                                        @let (text, in_lang) = o.for_family(l);
                                        p { strong lang=[(in_lang != l).then(|| in_lang.code())] { (text) } " " span class="muted" { "(" (t(&format!("plan.outcome_for_{}", o.kind))) ")" } }
                                        dl class="facts" {
                                            dt { (t("plan.criteria")) } dd { (o.criteria) }
                                            dt { (t("plan.procedures")) } dd { (o.procedures) }
                                            @if !o.routines.is_empty() { dt { (t("plan.in_routines")) } dd { (o.routines) } }
                                            @if let Some(d) = o.target_date { dt { (t("plan.target")) } dd { (d) } }
                                        }
                                    }
                                }
                            }
                        }
                        section {
                            h2 { (t("plan.services")) }
                            table {
                                thead { tr { th scope="col" { (t("plan.service")) } th scope="col" { (t("plan.how_often")) } th scope="col" { (t("plan.where")) } th scope="col" { (t("plan.dates")) } th scope="col" { (t("plan.paid_by")) } th scope="col" { (t("plan.consent")) } } }
                                tbody {
                                    @for s in &plan.services {
                                        tr {
                                            td { (t(&format!("service.{}", s.service_type))) }
                                            td { (how_often(s, l)) }
                                            td { (t(&format!("location.{}", s.location))) @if !s.justification.is_empty() { br; span class="muted" { (t("plan.not_natural")) ": " (s.justification) } } }
                                            td { (s.start_date) @if let Some(e) = s.end_date { " – " (e) } }
                                            td { (t(&format!("payer.{}", s.payer))) }
                                            td { (t(match s.consent_given { Some(true) => "plan.consent_given", Some(false) => "plan.consent_declined", None => "plan.consent_pending" })) }
                                        }
                                    }
                                }
                            }
                        }
                        @for (k, v) in [("plan.other_services", &i.other_services), ("plan.transition", &i.transition_steps)] {
                            @if !v.is_empty() { section { h2 { (t(k)) } p { (v) } } }
                        }
                        @if !i.behavior_patterns.is_empty() || !i.replacement_skills.is_empty() {
                            section { h2 { (t("plan.behavior")) } @for v in [&i.behavior_patterns, &i.behavior_function, &i.replacement_skills, &i.caregiver_responses] { @if !v.is_empty() { p { (v) } } } }
                        }
                        @if !plan.signatures.is_empty() {
                            section {
                                h2 { (t("plan.signatures")) }
                                ul { @for s in &plan.signatures { li { (t(&format!("plan.{}", s.role))) ": " (s.name) ", " (t("plan.signed_on")) " " (s.signed_on) } } }
                            }
                        }
        },
    )
}

/// Prior written notice of what the plan proposes and what the parent declined
/// (303.421), in the family's language.
pub async fn notice(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Query(q): Query<PrintQuery>,
) -> AppResult<Markup> {
    let (case, plan, lang) = load_for_family(
        &state,
        &page,
        &meta,
        id,
        q.lang.as_deref(),
        "ifsp.notice_generated",
    )
    .await?;
    Ok(render_notice(&case, &plan, lang, page.user.today()))
}

fn render_notice(case: &Case, plan: &Plan, l: Lang, today: chrono::NaiveDate) -> Markup {
    let t = |k: &str| l.t(k);
    let (proposed, refused): (Vec<&ifsp_service::Model>, Vec<&ifsp_service::Model>) = plan
        .services
        .iter()
        .partition(|s| s.consent_given != Some(false));
    let list = |items: &[&ifsp_service::Model]| {
        html! {
            @if items.is_empty() { p { (t("notice.none")) } }
            ul { @for s in items { li { strong { (t(&format!("service.{}", s.service_type))) } " — " (how_often(s, l)) "; " (t(&format!("location.{}", s.location))) "; " (s.start_date) } } }
        }
    };
    let title = format!("{} — {}", t("notice.title"), case.child.full_name());
    family_document(
        l,
        &title,
        html! {
                        h1 { (t("notice.title")) }
                        dl class="facts" {
                            dt { (t("plan.child")) } dd { (case.child.full_name()) }
                            dt { (t("plan.born")) } dd { (case.child.date_of_birth) }
                            dt { (t("plan.kind")) } dd { (t(&format!("kind.{}", plan.ifsp.kind))) }
                            dt { (t("notice.date")) } dd { (today) }
                        }
                        p { (t("notice.intro")) }
                        h2 { (t("notice.proposed")) }
                        (list(&proposed))
                        h2 { (t("notice.refused")) }
                        (list(&refused))
                        h2 { (t("notice.why")) }
                        p { (t("notice.why_text")) }
                        h2 { (t("notice.other_options")) }
                        p { (t("notice.other_options_text")) }
                        h2 { (t("notice.rights")) }
                        p { (t("notice.rights_text")) }
                        @if let Some(sc) = &case.coordinator { p { strong { (t("notice.contact")) } ": " (sc.display_name) " · " (sc.email) } }
        },
    )
}
