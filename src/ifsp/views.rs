//! The plan page (read-only when signed, with edit forms while a draft) and the comparison.
use super::{
    form::{NARRATIVE, OutcomeForm, PlanForm, ServiceForm},
    model::Plan,
    parts::ConsentForm,
    sign::SignForm,
    timely::days_to_start,
};
use crate::{assets, views::table_wrap};
use crate::{
    entities::{Choice, child, ifsp, ifsp_service, outcome_progress, user},
    policy::{self, Action, Target},
    timeline::Clocks,
    views::{
        Page, due,
        form::{Errors, csrf_field},
        layout,
    },
};
use maud::{Markup, html};

pub use super::edit_views::*;

/// Forms to show with typed values and errors after a failed submit.
#[derive(Default)]
pub struct Forms {
    pub plan: Option<(PlanForm, Errors)>,
    /// The narrative save lost a race: show the saved plan beside what was typed.
    pub conflict: bool,
    pub outcome: Option<(OutcomeForm, Errors)>,
    pub service: Option<(ServiceForm, Errors)>,
    pub consent: Option<(i32, ConsentForm, Errors)>,
    pub sign: Option<(SignForm, Errors)>,
    pub progress: Option<(i32, super::progress::ProgressForm, Errors)>,
    /// The family's language on an editable draft: each outcome gets a field for its text in
    /// it (none for English).
    pub family_lang: Option<crate::entities::Lang>,
}

/// What signing needs, from the one rule ([`super::model::signing_problems`]): shown on
/// the draft from the start.
pub struct Signing {
    pub problems: Vec<String>,
    pub in_window: bool,
}

pub fn frequency(s: &ifsp_service::Model) -> String {
    format!(
        "{}× {} · {} min · {}",
        s.frequency,
        s.period.label(),
        s.minutes,
        s.mode.label().to_lowercase()
    )
}

#[allow(clippy::too_many_arguments)]
pub fn plan_page(
    p: &Page,
    c: &child::Model,
    plan: &Plan,
    versions: &[ifsp::Model],
    providers: &[user::Person],
    clocks: &Clocks,
    forms: Forms,
    signing: &Signing,
) -> Markup {
    let i = &plan.ifsp;
    let editable = i.is_draft() && policy::can(&p.user, Action::EditChild, &Target::child(c));
    let version = forms
        .plan
        .as_ref()
        .map(|(f, _)| f.version.clone())
        .unwrap_or_else(|| i.version.to_string());
    let title = format!("{} — {}", i.kind.label(), c.full_name());
    layout::page(
        p,
        &title,
        "/caseload",
        html! {
            p { a href={"/children/" (c.id)} { "← " (c.full_name()) } }
            h1 { (i.kind.label()) " " span class="badge badge-due" { (i.status.label()) } }
            p class="lead" { (c.full_name()) ", born " (c.date_of_birth)
                @if let Some(d) = i.meeting_date { " · meeting " (d) } }
            p class="actions" {
                a class="button" href={"/ifsps/" (i.id) "/print"} { "Printable plan for the family" }
                a class="button" href={"/ifsps/" (i.id) "/notice"} { "Prior written notice" }
            }
            @if versions.len() > 1 {
                nav aria-label="Versions" class="card" {
                    h2 { "Versions" }
                    ul {
                        @for v in versions {
                            li {
                                @if v.id == i.id { strong { (v.kind.label()) " (" (v.status.label()) ") — this one" } }
                                @else {
                                    a href={"/ifsps/" (v.id)} { (v.kind.label()) " (" (v.status.label()) ")" }
                                    " · " a href={"/ifsps/" (i.id) "/compare/" (v.id)} { "what changed" }
                                }
                            }
                        }
                    }
                }
            }
            @if i.status == ifsp::Status::Signed && policy::can(&p.user, Action::EditChild, &Target::child(c)) {
                form method="post" action={"/children/" (c.id) "/ifsps"} class="filters" {
                    (csrf_field(&p.csrf))
                    div class="field" {
                        label for="f-kind" { "Start a new version" }
                        @let has_initial = versions.iter().any(|v| v.kind == ifsp::Kind::Initial && !v.is_draft());
                        select id="f-kind" name="kind" {
                            @for k in ifsp::Kind::all().filter(|k| *k != ifsp::Kind::Initial || !has_initial) { option value=(k) selected[k == ifsp::Kind::Review] { (k.label()) } }
                        }
                    }
                    button type="submit" { "Start" }
                }
            }
            @if editable {
                p class="draft-status" data-draft-status hidden {}
                form id="plan-form" method="post" action={"/ifsps/" (i.id)} novalidate
                    data-draft-key={"ifsp-" (i.id)} data-draft-version=(version) {
                    (csrf_field(&p.csrf))
                    (narrative_form(plan, forms.plan.as_ref(), forms.conflict, signing.in_window))
                    (parts(p, c, plan, providers, clocks, &forms, editable))
                    (sign_form(p, c, plan, forms.sign.as_ref(), &signing.problems))
                }
                script src=(assets::url("js/draft.js")) defer {}
            } @else {
                (narrative(plan))
                (parts(p, c, plan, providers, clocks, &forms, editable))
            }
        },
    )
}

/// The outcomes, services and signatures; with their buttons in the draft's form when
/// `editable`.
fn parts(
    p: &Page,
    c: &child::Model,
    plan: &Plan,
    providers: &[user::Person],
    clocks: &Clocks,
    forms: &Forms,
    editable: bool,
) -> Markup {
    let i = &plan.ifsp;
    let today = p.user.today();
    html! {
            section id="outcomes" aria-labelledby="out-h" {
                h2 id="out-h" { "Outcomes" }
                @if plan.outcomes.is_empty() { p { "No outcomes yet." } }
                ol {
                    @for o in &plan.outcomes {
                        li class="card" {
                            p { strong { (o.statement) } }
                            @match forms.family_lang.filter(|l| editable && *l != crate::entities::Lang::En) {
                                Some(l) => (super::edit_views::family_statement(o, l, forms.plan.as_ref())),
                                None => @if let Some(l) = o.family_lang.filter(|_| !o.family_statement.is_empty()) {
                                    p lang=(l.code()) { span class="muted" lang="en" { "In " (l.english_name()) ": " } (o.family_statement) }
                                },
                            }
                            dl class="facts" {
                                dt { "For" } dd { (o.kind.label()) " · " (o.cos_outcome.label()) }
                                dt { "We will know when" } dd { (o.criteria) }
                                dt { "Measured by" } dd { (o.procedures) }
                                @if !o.routines.is_empty() { dt { "In these routines" } dd { (o.routines) } }
                                @if let Some(d) = o.target_date { dt { "By" } dd { (d) } }
                            }
                            @let history = plan.progress.get(&o.origin()).map(Vec::as_slice).unwrap_or_default();
                            @let visits = plan.history.addressed.get(&o.origin()).map(Vec::as_slice).unwrap_or_default();
                            @if !history.is_empty() || !visits.is_empty() {
                                @let points: Vec<(chrono::NaiveDate, outcome_progress::Rating)> = history.iter().map(|r| (r.rated_on, r.rating)).collect();
                                div class="progress" {
                                    (super::progress::chart(&points, visits))
                                    ul {
                                        @for r in history { li { (r.rated_on) ": " (r.rating.label()) @if !r.note.is_empty() { " — " (r.note) } } }
                                        @if let (Some(f), Some(l)) = (visits.first(), visits.last()) { li { (visits.len()) " visit" @if visits.len() != 1 { "s" } " worked on this outcome, " (f) " to " (l) "." } }
                                    }
                                }
                            }
                            @if editable && !matches!(i.kind, ifsp::Kind::Initial | ifsp::Kind::Interim) {
                                (progress_form(p, i.id, o.id, forms.progress.as_ref().filter(|(id, _, _)| *id == o.id)))
                            }
                            @if editable {
                                button type="submit" class="link" formaction={"/ifsps/" (i.id) "/outcomes/" (o.id) "/delete"} { "Remove from draft" }
                            }
                        }
                    }
                }
                @if editable { (outcome_form(i.id, forms.outcome.as_ref())) }
            }
            section id="services" aria-labelledby="svc-h" {
                h2 id="svc-h" { "Services" }
                @if plan.services.is_empty() { p { "No services yet." } }
                (table_wrap::cards("Services", html! {
                    table {
                        thead { tr { th scope="col" { "Service" } th scope="col" { "How often" } th scope="col" { "Where" } th scope="col" { "From" } th scope="col" { "Provider" } th scope="col" { "Parent's consent" } th scope="col" { "Timely start" } } }
                        tbody {
                            @for s in &plan.services {
                                tr {
                                    td { (s.service_type.label()) br; span class="muted" { (s.method.label()) ", " (s.payer.label()) } }
                                    td { (frequency(s)) }
                                    td { (s.location.label()) @if !s.location.is_natural() { br; span class="muted" { "Justification: " (s.justification) } } }
                                    td { (s.start_date) @if let Some(e) = s.end_date { " to " (e) } }
                                    td { (providers.iter().find(|u| Some(u.id) == s.provider_id).map(|u| u.display_name.as_str()).unwrap_or("—")) }
                                    td {
                                        @match (s.consent_given, s.consent_date) {
                                            (Some(true), Some(d)) => { "Given " (d) }
                                            (Some(false), Some(d)) => { strong { "Declined " (d) } br; span class="muted" { "Not delivered" } }
                                            _ => { "Not yet recorded" }
                                        }
                                        @if editable { (consent_form(i.id, s.id, forms.consent.as_ref().filter(|(id, _, _)| *id == s.id))) }
                                    }
                                    td {
                                        @if let Some(st) = clocks.service(s.id) {
                                            @match (st.done_on, days_to_start(st)) {
                                                (Some(f), Some(n)) => { "First visit " (f) ", " (n) " days after consent " }
                                                _ => { "Start by " (st.due) " " }
                                            }
                                            (due::compact(c.id, st, today))
                                            @if i.status == ifsp::Status::Signed && s.provider_id.is_some() {
                                                br; a href={"/services/" (s.id) "/visits"} { "Schedule visits" }
                                            }
                                        } @else { "—" }
                                    }
                                    @if editable {
                                        td { button type="submit" class="link" formaction={"/ifsps/" (i.id) "/services/" (s.id) "/delete"} { "Remove" } }
                                    }
                                }
                            }
                        }
                    }
                }))
                @if editable { (service_form(i.id, providers, forms.service.as_ref())) }
            }
            @if !plan.signatures.is_empty() {
                section aria-labelledby="sig-h" {
                    h2 id="sig-h" { "Signatures" }
                    ul { @for s in &plan.signatures { li { (s.role.label()) ": " (s.name) ", " (s.signed_on) " (" (s.method.label().to_lowercase()) ")" } } }
                }
            }
    }
}

/// The plan's narrative, read-only.
fn narrative(plan: &Plan) -> Markup {
    let i = &plan.ifsp;
    let f = PlanForm::from_model(i);
    html! {
        section aria-labelledby="nar-h" {
            h2 id="nar-h" class="visually-hidden" { "The plan" }
            dl class="facts" {
                @for (field, label) in NARRATIVE {
                    @let v = f.get(field);
                    @let family = field.starts_with("family_");
                    @if !v.is_empty() && (!family || i.family_agrees) { dt { (label) } dd { (v) } }
                }
            }
        }
    }
}

/// Two versions side by side: every narrative field that differs, and outcomes and services
/// added or removed.
pub fn compare(p: &Page, c: &child::Model, older: &Plan, newer: &Plan) -> Markup {
    let (a, b) = (
        PlanForm::from_model(&older.ifsp),
        PlanForm::from_model(&newer.ifsp),
    );
    let outcomes = |pl: &Plan| {
        pl.outcomes
            .iter()
            .map(|o| o.statement.clone())
            .collect::<Vec<_>>()
    };
    let services = |pl: &Plan| {
        pl.services
            .iter()
            .map(|s| format!("{} — {}", s.service_type.label(), frequency(s)))
            .collect::<Vec<_>>()
    };
    let (oa, ob, sa, sb) = (
        outcomes(older),
        outcomes(newer),
        services(older),
        services(newer),
    );
    layout::page(
        p,
        "What changed",
        "/caseload",
        html! {
            p { a href={"/ifsps/" (newer.ifsp.id)} { "← Back to the plan" } }
            h1 { "What changed" }
            p class="lead" { (c.full_name()) ": " (older.ifsp.kind.label()) " (" (older.ifsp.status.label()) ") compared with " (newer.ifsp.kind.label()) " (" (newer.ifsp.status.label()) ")" }
            (table_wrap::cards("What changed", html! {
                table {
                    thead { tr { th scope="col" { "Part" } th scope="col" { "Before" } th scope="col" { "After" } } }
                    tbody {
                        @for (field, label) in std::iter::once(("meeting_date", "Meeting date")).chain(NARRATIVE) {
                            @if a.get(field) != b.get(field) { tr class="overdue" { th scope="row" { (label) } td { (a.get(field)) } td { (b.get(field)) } } }
                        }
                        @for o in oa.iter().filter(|o| !ob.contains(o)) { tr class="overdue" { th scope="row" { "Outcome removed" } td { (o) } td {} } }
                        @for o in ob.iter().filter(|o| !oa.contains(o)) { tr class="overdue" { th scope="row" { "Outcome added" } td {} td { (o) } } }
                        @for s in sa.iter().filter(|s| !sb.contains(s)) { tr class="overdue" { th scope="row" { "Service removed or changed" } td { (s) } td {} } }
                        @for s in sb.iter().filter(|s| !sa.contains(s)) { tr class="overdue" { th scope="row" { "Service added or changed" } td {} td { (s) } } }
                    }
                }
            }))
        },
    )
}
