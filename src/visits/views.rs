//! The visit page: the note (a form while it is the author's draft, read-only once signed),
//! its addenda, the supervisor's review, units and warnings.
use super::{
    handlers::AddendumForm,
    log_form::LogForm,
    log_views,
    model::{self, PRACTICES},
    review::ReviewForm,
    schedule::span,
    schedule_views::service_label,
};
use crate::views::when;
use crate::{
    entities::{Choice, child, ifsp, ifsp_service, user::Role, visit, visit_addendum},
    views::{
        Page, conflict,
        form::{Errors, csrf_field, error_summary, radios, textarea},
        layout,
    },
};
use chrono::NaiveDate;
use maud::{Markup, html};

pub struct Context {
    pub child: child::Model,
    pub service: ifsp_service::Model,
    pub provider: String,
    pub outcomes: Vec<(i32, String)>,
    pub addenda: Vec<visit_addendum::Model>,
    pub units: i64,
    pub note_due: NaiveDate,
    pub warnings: Vec<String>,
    pub mine: bool,
    /// Activities used or given at this visit: (id, title).
    pub shared: Vec<(i32, String)>,
    /// Published activities for the child's (adjusted) age, to add while the note is open.
    pub choices: Vec<(i32, String)>,
    /// The coaching note e-mailed to the family, and its deliveries.
    pub family_note: Option<crate::notes::model::Delivery>,
    /// Whether the user may move/cancel the visit and resend the family's note.
    pub can_manage: bool,
    /// What a note never saved starts from (`None` once it was saved, signed or cancelled).
    pub prefill: Option<super::prefill::Prefill>,
    /// The signed note's verification (the caregiver's confirmation, actual times, location).
    pub confirmation: Option<crate::entities::visit_confirmation::Model>,
    /// The note form's "share my location" starts ticked (the provider's last choice).
    pub share_location: bool,
    /// The family's latest "we tried it" answers, newest first (read-only; the newest is
    /// shown again above the joint plan, to reply to in the note).
    pub family_said: Vec<crate::activities::voice::Answer>,
    /// The family's language: the joint plan gets a field in it when it is not English.
    pub family_lang: crate::entities::Lang,
}

/// Typed values and errors of the forms on the page, when one was sent back.
#[derive(Default)]
pub struct Forms {
    pub log: Option<(LogForm, Errors)>,
    /// The saved visit, when the user's save started from an older version.
    pub conflict: Option<visit::Model>,
    pub addendum: Option<(AddendumForm, Errors)>,
    pub review: Option<(ReviewForm, Errors)>,
    /// Why the activity the user tried to add was refused.
    pub share: Option<Errors>,
    /// The video link form sent back (a bad link, or a change from an older version).
    pub link: Option<super::link::Typed>,
}

pub const FIDELITY: [(&str, &str); 5] = [
    ("1", "1 — practices not used"),
    ("2", "2 — few practices, mostly provider-led"),
    ("3", "3 — some practices, caregiver partly involved"),
    ("4", "4 — most practices, caregiver leads the practice"),
    ("5", "5 — all practices, caregiver confident and reflective"),
];

pub fn status_badge(v: &visit::Line, today: NaiveDate, note_due: NaiveDate) -> Markup {
    let (class, text) = match v.status {
        visit::Status::Cancelled => ("badge badge-closed", "Missed"),
        visit::Status::Scheduled => ("badge badge-due", "Scheduled"),
        _ if v.reviewed_at.is_some() => ("badge badge-ok", "Signed, reviewed"),
        _ if v.signed_at.is_some() => ("badge badge-ok", "Signed"),
        _ if today > note_due => ("badge badge-overdue", "Note overdue"),
        _ => ("badge badge-due", "Note not signed"),
    };
    html! { span class=(class) { (text) } }
}

pub fn visit_page(p: &Page, v: &visit::Model, ctx: &Context, forms: Forms) -> Markup {
    let title = format!("Visit, {}", span(v.starts_at, v.ends_at));
    let editable = ctx.mine && !v.is_signed() && v.status != visit::Status::Cancelled;
    let manage = v.status == visit::Status::Scheduled;
    layout::page(
        p,
        &title,
        "/visits",
        html! {
            p class="breadcrumb" { a href={"/children/" (ctx.child.id) "#visits"} { (ctx.child.full_name()) } }
            h1 { (title) " " (status_badge(&v.into(), p.user.today(), ctx.note_due)) }
            dl class="facts" {
                dt { "Provider" } dd { (ctx.provider) @if let Some(cr) = &v.signed_credential { @if !cr.is_empty() { ", " (cr) } } }
                dt { "Service" } dd { (service_label(&ctx.service)) }
                @if v.method == visit::VisitMethod::Telehealth {
                    dt { "Video link" } dd {
                        @if v.meeting_link.is_empty() { span class="muted" { "None yet" } }
                        @else { a href=(v.meeting_link) rel="noopener noreferrer" target="_blank" { (v.meeting_link) } }
                    }
                }
                @if v.status == visit::Status::Completed {
                    dt { "Minutes" } dd { (v.minutes()) " (" (ctx.units) " billable unit" @if ctx.units != 1 { "s" } ")" }
                    dt { "Note due" } dd { (when::day(ctx.note_due)) }
                    dt { "Mileage" } dd { (format!("{:.1}", f64::from(v.mileage_tenths) / 10.0)) " miles" }
                }
                @if let Some(at) = v.signed_at {
                    dt { "Signed" } dd { (v.signed_name.clone().unwrap_or_default()) ", " (when::moment(at, p.user.timezone)) }
                }
            }
            @if !ctx.warnings.is_empty() {
                div class="dup" role="status" {
                    h2 { "Check against the IFSP" }
                    ul { @for w in &ctx.warnings { li { (w) } } }
                }
            }
            (crate::activities::voice::feed_view(&ctx.family_said, false))
            @if manage {
                p class="actions" {
                    a class="button" href={"/visits/" (v.id) "/reschedule"} { "Move" } " "
                    a class="button" href={"/visits/" (v.id) "/cancel"} { "Record as missed" }
                }
                (super::link::form(p, v, ctx, forms.link.as_ref()))
            }
            @if v.status == visit::Status::Cancelled { (missed(v)) }
            @if editable {
                @if let Some(current) = &forms.conflict { (conflict_box(current, forms.log.as_ref().map(|(f, _)| f))) }
                (log_views::log_form(p, v, ctx, forms.log.as_ref()))
            } @else if v.status == visit::Status::Completed {
                (note(v, ctx))
                @if let Some(c) = &ctx.confirmation { (super::confirm_views::signed(c, p.user.timezone)) }
            }
            @if v.status == visit::Status::Completed || editable { (activities(ctx, forms.share.as_ref())) }
            @if v.is_signed() {
                (crate::notes::views::visit_section(p, v, ctx.family_note.as_ref(), ctx.mine, ctx.can_manage))
                (addenda(p, v, ctx, forms.addendum.as_ref())) (review(p, v, forms.review.as_ref()))
            }
        },
    )
}

/// The activities shared at the visit. They are picked inside the note form while it is
/// open; a refused share (the older separate form's route) is shown here.
fn activities(ctx: &Context, errors: Option<&Errors>) -> Markup {
    let error = errors.and_then(|e| e.get("activity_id"));
    html! {
        section aria-labelledby="act-h" id="activities" {
            h2 id="act-h" { "Activities from the library" }
            @if let Some(e) = error { p class="error" id="f-activity_id-error" { span class="visually-hidden" { "Error: " } (e) } }
            @if ctx.shared.is_empty() { p class="muted" { "None added." } }
            ul { @for (id, title) in &ctx.shared { li { a href={"/activities/" (id)} { (title) } } } }
        }
    }
}

fn missed(v: &visit::Model) -> Markup {
    html! {
        section aria-labelledby="missed-h" {
            h2 id="missed-h" { "Missed visit" }
            dl class="facts" {
                dt { "Who cancelled" } dd { (v.cancelled_by.map(|b| b.label()).unwrap_or("—")) }
                dt { "Reason" } dd { (v.cancel_reason) }
                @if let Some(d) = v.makeup_due { dt { "Make-up due" } dd { (when::day(d)) } }
            }
            p { a class="button" href={"/services/" (v.service_id) "/visits?makeup_of=" (v.id)} { "Schedule the make-up visit" } }
        }
    }
}

fn conflict_box(current: &visit::Model, mine: Option<&LogForm>) -> Markup {
    let saved = LogForm::from_visit(current);
    let blank = LogForm::default();
    let mine = mine.unwrap_or(&blank);
    let part = |label: &'static str, get: fn(&LogForm) -> &String| {
        (label, get(&saved).clone(), get(mine).clone())
    };
    conflict::view(
        "This note was saved elsewhere while you were writing",
        [
            part("Date", |f| &f.date),
            part("Start", |f| &f.start),
            part("End", |f| &f.end),
            part("Who took part", |f| &f.participants),
            part("Parent's report", |f| &f.parent_report),
            part("What was tried", |f| &f.tried),
            part("What the caregiver did", |f| &f.caregiver_did),
            part("Child's response", |f| &f.child_response),
            part("Joint plan", |f| &f.joint_plan),
            part("Next visit", |f| &f.next_visit_on),
            part("Mileage", |f| &f.mileage),
        ],
    )
}

/// The note as written, read-only.
pub fn note(v: &visit::Model, ctx: &Context) -> Markup {
    let addressed = v.addressed_outcomes();
    let coaching = model::Coaching::parse(&v.coaching);
    let abc = model::abc_entries(v);
    html! {
        section aria-labelledby="note-h" class="card" id="note" {
            h2 id="note-h" { "Visit note" }
            dl class="facts" {
                dt { "Method" } dd { (v.method.label()) }
                dt { "Location" } dd { (v.location.label()) }
                dt { "Who took part" } dd { (v.participants) }
                dt { "Parent's report" } dd { (v.parent_report) }
                dt { "Outcomes addressed" } dd { ul { @for (id, text) in &ctx.outcomes { @if addressed.contains(id) { li { (text) } } } } }
                dt { "Routine" } dd { (v.routine.label()) }
                @if v.method == visit::VisitMethod::Telehealth {
                    dt { "Coaching by video" } dd { (super::telehealth::label(v.remote_coaching))
                        @if !v.remote_coaching_note.is_empty() { " — " (v.remote_coaching_note) } }
                }
                dt { "What was tried" } dd { (v.tried) }
                dt { "What the caregiver did" } dd { (v.caregiver_did) }
                dt { "Child's response" } dd { (v.child_response) }
                dt { "Activities" } dd { (v.activities) }
                dt { "Joint plan until the next visit" } dd { (v.joint_plan) }
                @if let Some(n) = v.next_visit_on { dt { "Next visit" } dd { (when::day(n)) } }
            }
            h3 { "Coaching practices (" (coaching.used()) " of 5)" }
            ul {
                @for info in &PRACTICES {
                    @let pr = coaching.get(info.key);
                    li { strong { (info.label) ": " } (match pr.done { Some(true) => "yes", Some(false) => "no", None => "not recorded" })
                        @if !pr.note.is_empty() { " — " (pr.note) } }
                }
            }
            @if !abc.is_empty() {
                h3 { "Behaviour (antecedent, behaviour, consequence)" }
                ul { @for x in &abc { li { (x.antecedent) " → " (x.behavior) " → " (x.consequence) } } }
            }
        }
    }
}

fn addenda(
    p: &Page,
    v: &visit::Model,
    ctx: &Context,
    typed: Option<&(AddendumForm, Errors)>,
) -> Markup {
    let none = (AddendumForm::default(), Errors::default());
    let (f, errors) = typed.map(|(f, e)| (f, e)).unwrap_or((&none.0, &none.1));
    html! {
        section aria-labelledby="add-h" {
            h2 id="add-h" { "Addenda" }
            @if ctx.addenda.is_empty() { p class="muted" { "None." } }
            @for a in &ctx.addenda {
                div class="card" {
                    p { strong { (when::moment(a.created_at, p.user.timezone)) ", " (a.signed_name) } }
                    p { (a.body) }
                    p class="muted" { "Reason: " (a.reason) }
                }
            }
            @if ctx.mine {
                (error_summary(errors))
                form method="post" action={"/visits/" (v.id) "/addenda"} novalidate {
                    (csrf_field(&p.csrf))
                    (textarea("body", "Correction or addition", &f.body, None, errors, true))
                    (textarea("reason", "Reason", &f.reason, Some("Why the signed note needs it."), errors, true))
                    button type="submit" { "Sign and add addendum" }
                }
            }
        }
    }
}

fn review(p: &Page, v: &visit::Model, typed: Option<&(ReviewForm, Errors)>) -> Markup {
    let can = matches!(p.user.role, Role::Supervisor | Role::Admin);
    let none = (ReviewForm::default(), Errors::default());
    let (f, errors) = typed.map(|(f, e)| (f, e)).unwrap_or((&none.0, &none.1));
    html! {
        section aria-labelledby="rev-h" {
            h2 id="rev-h" { "Supervisor review" }
            @if let Some(at) = v.reviewed_at {
                p { "Reviewed " (when::date(at.date_naive())) @if let Some(fi) = v.fidelity { ", coaching fidelity " (fi) " of 5" } "." }
                @if !v.review_comment.is_empty() { p { (v.review_comment) } }
            } @else if can {
                (error_summary(errors))
                form method="post" action={"/visits/" (v.id) "/review"} novalidate {
                    (csrf_field(&p.csrf))
                    (radios("fidelity", "Coaching fidelity", &FIDELITY, &f.fidelity, errors))
                    (textarea("comment", "Comment to the provider", &f.comment, None, errors, false))
                    button type="submit" class="primary" { "Mark reviewed" }
                }
            } @else {
                p class="muted" { "Not reviewed yet." }
            }
        }
    }
}

/// The child page's visits: what can be scheduled, what is coming, what happened. `visits`
/// are the child's, newest first (`model::for_child`).
pub fn child_section(
    p: &Page,
    case: &crate::children::model::Case,
    visits: &super::history::ChildVisits,
) -> Markup {
    let today = p.user.today();
    let signed: Vec<i32> = case
        .plans
        .iter()
        .filter(|pl| pl.status == ifsp::Status::Signed)
        .map(|pl| pl.id)
        .collect();
    let mut schedulable: Vec<&ifsp_service::Model> = case
        .services
        .values()
        .filter(|s| {
            signed.contains(&s.ifsp_id) && s.consent_given == Some(true) && s.provider_id.is_some()
        })
        .filter(|s| s.provider_id == Some(p.user.id) || !matches!(p.user.role, Role::Provider))
        .collect();
    schedulable.sort_by_key(|s| s.id);
    let rules = &p.user.rules;
    html! {
        section aria-labelledby="visits-h" id="visits" {
            h2 id="visits-h" { "Home visits" }
            @if !schedulable.is_empty() {
                ul class="inline-list" {
                    @for s in &schedulable { li { a class="button" href={"/services/" (s.id) "/visits"} { "Schedule: " (service_label(s)) } } }
                }
            }
            @if visits.coming.is_empty() && visits.recent.is_empty() { p class="muted" { "No visits yet." } }
            @for (title, list) in [("Coming up", &visits.coming), ("Recent", &visits.recent)] {
                @if !list.is_empty() {
                    h3 { (title) }
                    ul class="due" {
                        @for v in list {
                            li {
                                a href={"/visits/" (v.id)} { (span(v.starts_at, v.ends_at)) }
                                span { (case.services.get(&v.service_id).map(|s| s.service_type.label()).unwrap_or("")) }
                                (status_badge(v, today, super::rules::note_due(v.starts_at.date(), rules)))
                            }
                        }
                    }
                }
            }
            @if visits.older {
                p { a href={"/children/" (case.child.id) "/visits"} { "All past visits" } }
            }
        }
    }
}
