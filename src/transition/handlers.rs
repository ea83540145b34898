//! The transition workspace page and its forms: Part B potential, the opt-out notice, the
//! conference, the IFSP's transition steps. Each form saves the transition record under an
//! optimistic lock.
use super::{
    commands,
    model::{self, Participant, Workspace},
    views::{self, Forms},
};
use crate::views::form_body::Form;
use crate::{
    audit::{Actor, Event},
    children::authorized_child,
    entities::{child, transition},
    error::AppResult,
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::{
        Page,
        fields::parse_date,
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use serde::Deserialize;

pub async fn workspace(state: &AppState, page: &Page, c: child::Model) -> AppResult<Workspace> {
    Ok(model::load(&state.db, c, page.user.today(), &page.user.rules).await?)
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::ViewChild).await?;
    let ev = Event::new("transition.viewed", "child", id);
    state
        .audit
        .record(&Actor::user(&page.user, &meta), ev)
        .await?;
    let ws = workspace(&state, &page, c).await?;
    Ok(views::page(&page, &ws, Forms::default()).into_response())
}

/// Every form of the page, as typed. Fields not on the submitted form stay empty.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct TransitionForm {
    pub version: String,
    pub potentially_eligible: String,
    pub eligibility_reason: String,
    pub opt_out_informed_on: String,
    pub conference_on: String,
    /// One participant per line: "Name — role" (or "Name, role").
    pub participants: String,
    pub family_approved_on: String,
    pub family_declined_conference: Option<String>,
    pub conference_held_on: String,
    pub conference_notes: String,
}

pub(super) fn optional_date(
    e: &mut Errors,
    field: &'static str,
    value: &str,
    what: &str,
) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        None
    } else {
        parse_date(e, field, value, what)
    }
}

pub fn parse_participants(text: &str) -> Vec<Participant> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (name, role) = l
                .split_once(" — ")
                .or_else(|| l.split_once(" - "))
                .or_else(|| l.split_once(','))
                .unwrap_or((l, ""));
            Participant {
                name: name.trim().to_owned(),
                role: role.trim().to_owned(),
            }
        })
        .collect()
}

/// Which part of the page a form changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Eligibility,
    OptOut,
    Conference,
}

fn apply(
    part: Part,
    f: &TransitionForm,
    r: &mut transition::Model,
    today: NaiveDate,
) -> Result<(), Errors> {
    let mut e = Errors::default();
    match part {
        Part::Eligibility => {
            r.potentially_eligible = match f.potentially_eligible.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => {
                    e.add(
                        "potentially_eligible",
                        "Say whether the child is potentially eligible for Part B.",
                    );
                    None
                }
            };
            r.eligibility_reason = crate::views::fields::paragraph(
                &mut e,
                "eligibility_reason",
                &f.eligibility_reason,
                crate::views::fields::limit::PARAGRAPH,
            );
            if r.eligibility_reason.is_empty() {
                e.add("eligibility_reason", "Give the reason (the evaluation, the team's opinion, the family's information).");
            }
        }
        Part::OptOut => {
            let d = parse_date(
                &mut e,
                "opt_out_informed_on",
                &f.opt_out_informed_on,
                "day the family was told",
            );
            if d.is_some_and(|d| d > today) {
                e.add("opt_out_informed_on", "That day is in the future.");
            }
            r.opt_out_informed_on = d;
        }
        Part::Conference => {
            r.conference_on =
                optional_date(&mut e, "conference_on", &f.conference_on, "conference date");
            r.family_approved_on = optional_date(
                &mut e,
                "family_approved_on",
                &f.family_approved_on,
                "day the family approved",
            );
            r.conference_held_on = optional_date(
                &mut e,
                "conference_held_on",
                &f.conference_held_on,
                "day it was held",
            );
            r.family_declined_conference = f.family_declined_conference.is_some();
            r.conference_notes = crate::views::fields::paragraph(
                &mut e,
                "conference_notes",
                &f.conference_notes,
                crate::views::fields::limit::PARAGRAPH,
            );
            crate::views::fields::paragraph(
                &mut e,
                "participants",
                &f.participants,
                crate::views::fields::limit::PARAGRAPH,
            );
            let people = parse_participants(&f.participants);
            if r.conference_held_on.is_some_and(|d| d > today) {
                e.add(
                    "conference_held_on",
                    "A conference cannot have been held in the future.",
                );
            }
            if r.conference_held_on.is_some()
                && r.family_approved_on.is_none()
                && !r.family_declined_conference
            {
                e.add("family_approved_on", "The conference is held with the family's approval: record the day they approved.");
            }
            if r.conference_on.is_some() && people.is_empty() {
                e.add("participants", "List who takes part: the family, the coordinator, the school district's representative.");
            }
            r.participants = serde_json::to_string(&people).unwrap_or_else(|_| "[]".into());
        }
    }
    if e.is_empty() { Ok(()) } else { Err(e) }
}

async fn save_part(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    part: Part,
    form: TransitionForm,
) -> AppResult<Response> {
    let c = authorized_child(state, page, meta, id, Action::EditChild).await?;
    let ws = workspace(state, page, c).await?;
    let mut record = ws.record.clone();
    if let Err(e) = apply(part, &form, &mut record, page.user.today()) {
        let forms = Forms {
            typed: Some((part, form, e)),
            ..Default::default()
        };
        return Ok(respond::invalid(views::page(page, &ws, forms)));
    }
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let actor = Actor::user(&page.user, meta);
    let name = format!("{part:?}").to_lowercase();
    match commands::save(&state.db, actor, &record, seen, &name).await {
        Ok(()) => {}
        Err(commands::SaveError::Stale) => {
            let mut e = Errors::default();
            e.add("version", "Someone else saved this child's transition while you were working. Nothing was overwritten: the page now shows what they saved, and your entry is in the form; save again to apply it.");
            let ws = workspace(state, page, ws.case.child.clone()).await?;
            let mut typed = form;
            typed.version = ws.record.version.to_string();
            let forms = Forms {
                typed: Some((part, typed, e)),
                ..Default::default()
            };
            return Ok(respond::conflict(views::page(page, &ws, forms)));
        }
        Err(commands::SaveError::Db(e)) => return Err(e.into()),
    }
    Ok(flash::redirect(
        state,
        &format!("/children/{id}/transition"),
        Kind::Success,
        "Saved.",
    ))
}

pub async fn eligibility(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(f): Form<TransitionForm>,
) -> AppResult<Response> {
    save_part(&state, &page, &meta, id, Part::Eligibility, f).await
}

pub async fn opt_out(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(f): Form<TransitionForm>,
) -> AppResult<Response> {
    save_part(&state, &page, &meta, id, Part::OptOut, f).await
}

pub async fn conference(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(f): Form<TransitionForm>,
) -> AppResult<Response> {
    save_part(&state, &page, &meta, id, Part::Conference, f).await
}
