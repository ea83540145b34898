//! Scheduling: visits from a signed, consented service (once or recurring), rescheduling,
//! and cancellations with a make-up date. A provider's overlapping visits are refused.
use super::{
    commands::{self, NewVisits, ScheduleError},
    model,
    schedule_views::{self, ScheduleForm},
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::model::load_child,
    entities::{child, ifsp, ifsp_service, user, visit},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::{
        Page,
        fields::{one_of, parse_date},
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Path, Query, State},
    response::{IntoResponse, Response},
};
use chrono::{Duration, NaiveDateTime, NaiveTime, Utc};
use sea_orm::{EntityTrait, Set};

/// A service that can be scheduled, with its child. Only a consented service on the signed
/// plan, with a provider, gets visits; a declined one stays visible on the plan and no more.
pub async fn schedulable(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    sid: i32,
) -> AppResult<(child::Model, ifsp_service::Model, i32)> {
    let (s, plan) = model::service_with_plan(&state.db, sid)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = load_child(&state.db, plan.child_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let provider = s.provider_id;
    let mine = provider == Some(page.user.id);
    let (action, target) = if mine {
        (
            Action::ViewChild,
            Target::child_served_by(&c, vec![page.user.id]),
        )
    } else {
        (Action::EditChild, Target::child(&c))
    };
    policy::authorize(&state.db, &page.user, meta, action, target).await?;
    let problem = if plan.status != ifsp::Status::Signed {
        Some("Visits are scheduled from the signed plan.")
    } else if s.consent_given != Some(true) {
        Some("The family has not consented to this service, so it is not scheduled.")
    } else if provider.is_none() {
        Some("This service has no provider; assign one in the next plan version.")
    } else {
        None
    };
    if let Some(p) = problem {
        return Err(AppError::Conflict(p.into()));
    }
    Ok((c, s, provider.unwrap_or_default()))
}

pub(super) async fn provider_name(state: &AppState, id: i32) -> AppResult<String> {
    Ok(user::Entity::find_by_id(id)
        .into_partial_model::<user::Person>()
        .one(&state.db)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default())
}

pub async fn new(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(sid): Path<i32>,
    Query(q): Query<ScheduleForm>,
) -> AppResult<Response> {
    let (c, s, provider) = schedulable(&state, &page, &meta, sid).await?;
    let form = ScheduleForm {
        date: page.user.today().to_string(),
        time: "09:00".into(),
        minutes: s.minutes.to_string(),
        weeks: if q.makeup_of.is_empty() {
            "4".into()
        } else {
            "0".into()
        },
        makeup_of: q.makeup_of,
        ..Default::default()
    };
    let who = provider_name(&state, provider).await?;
    Ok(
        schedule_views::schedule_page(&page, &c, &s, &who, &form, &Errors::default())
            .into_response(),
    )
}

/// The parsed request: the visits' start times and length.
pub struct Plan {
    pub starts: Vec<NaiveDateTime>,
    pub minutes: i64,
    pub makeup_of: Option<i32>,
    /// For a telehealth service: the meeting link (empty for none or another method).
    pub meeting_link: String,
}

/// A `HH:MM` time field (24-hour), with the message on the field otherwise.
pub fn parse_time(e: &mut Errors, field: &'static str, v: &str) -> Option<NaiveTime> {
    match NaiveTime::parse_from_str(v.trim(), "%H:%M") {
        Ok(t) => Some(t),
        Err(_) => {
            e.add(field, "Enter the time as hours and minutes, like 09:30.");
            None
        }
    }
}

/// A visit length in minutes, 5 to 480, with the message on the field otherwise.
pub fn parse_minutes(e: &mut Errors, field: &'static str, v: &str) -> i64 {
    match v.trim().parse::<i64>() {
        Ok(m) if (5..=480).contains(&m) => m,
        _ => {
            e.add(field, "Enter the length in minutes, from 5 to 480.");
            0
        }
    }
}

pub fn parse(form: &ScheduleForm, s: &ifsp_service::Model) -> Result<Plan, Errors> {
    let mut e = Errors::default();
    let date = parse_date(&mut e, "date", &form.date, "date of the first visit");
    let time = parse_time(&mut e, "time", &form.time);
    let minutes = parse_minutes(&mut e, "minutes", &form.minutes);
    let makeup_of = form.makeup_of.trim().parse::<i32>().ok();
    let meeting_link = if s.method == visit::VisitMethod::Telehealth {
        super::telehealth::parse_link(&mut e, "meeting_link", &form.meeting_link)
    } else {
        String::new()
    };
    let weeks = if makeup_of.is_some() {
        "0"
    } else {
        form.weeks.as_str()
    };
    let weeks = one_of(
        &mut e,
        "weeks",
        weeks,
        &schedule_views::REPEAT,
        "Choose how long to repeat.",
    );
    if let Some(d) = date {
        if d < s.start_date {
            e.add(
                "date",
                format!(
                    "The service starts on {}; schedule from then.",
                    s.start_date
                ),
            );
        } else if s.end_date.is_some_and(|end| d > end) {
            e.add("date", "This date is after the service ends.");
        }
    }
    let (Some(date), Some(time), true) = (date, time, e.is_empty()) else {
        return Err(e);
    };
    let weeks: i64 = weeks.parse().unwrap_or(0);
    let dates = if weeks == 0 {
        vec![date]
    } else {
        let mut until = date + Duration::days(7 * weeks - 1);
        if let Some(end) = s.end_date {
            until = until.min(end);
        }
        model::recurrence(date, s.frequency, s.period, until)
    };
    Ok(Plan {
        starts: dates.into_iter().map(|d| d.and_time(time)).collect(),
        minutes,
        makeup_of,
        meeting_link,
    })
}

/// A readable span, like "Mon 30 Nov 2026, 09:00–10:00".
pub fn span(start: NaiveDateTime, end: NaiveDateTime) -> String {
    format!(
        "{}–{}",
        start.format("%a %-d %b %Y, %H:%M"),
        end.format("%H:%M")
    )
}

/// What the scheduler reads when `who` already has the visit `v` at the time asked for.
pub(super) fn overlap_message(who: &str, v: &visit::Model) -> String {
    format!(
        "{who} already has a visit {}. Choose another time; nothing was scheduled.",
        span(v.starts_at, v.ends_at)
    )
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(sid): Path<i32>,
    Form(form): Form<ScheduleForm>,
) -> AppResult<Response> {
    let (c, s, provider) = schedulable(&state, &page, &meta, sid).await?;
    let who = provider_name(&state, provider).await?;
    let invalid = |e: Errors| {
        let body = schedule_views::schedule_page(&page, &c, &s, &who, &form, &e);
        Ok(respond::invalid(body))
    };
    let plan = match parse(&form, &s) {
        Ok(p) => p,
        Err(e) => return invalid(e),
    };
    let spans: Vec<_> = plan
        .starts
        .iter()
        .map(|&st| (st, st + Duration::minutes(plan.minutes)))
        .collect();
    let n = NewVisits {
        child: &c,
        service: &s,
        provider,
        spans,
        makeup_of: plan.makeup_of,
        meeting_link: plan.meeting_link,
        by: page.user.id,
    };
    let actor = Actor::user(&page.user, &meta);
    let mut msg = match commands::schedule(&state.db, actor, n).await {
        Ok(1) => "Visit scheduled.".to_owned(),
        Ok(n) => format!("{n} visits scheduled."),
        Err(ScheduleError::Overlap(other)) => {
            let mut e = Errors::default();
            e.add("time", overlap_message(&who, &other));
            return invalid(e);
        }
        Err(ScheduleError::NotMissed) => {
            return Err(AppError::BadRequest(
                "That is not a missed visit of this service.".into(),
            ));
        }
        Err(ScheduleError::Db(e)) => return Err(e.into()),
    };
    // Booked either way; a missing telehealth consent is said (`telehealth`, why not refused).
    let mut kind = Kind::Success;
    if s.method == visit::VisitMethod::Telehealth
        && !super::telehealth::consent_in_force(&state.db, c.id, page.user.today()).await?
    {
        msg = format!("{msg} {}", super::telehealth::NO_CONSENT);
        kind = Kind::Info;
    }
    Ok(flash::redirect(
        &state,
        &format!("/children/{}#visits", c.id),
        kind,
        &msg,
    ))
}

/// A scheduled visit with an empty note.
#[allow(clippy::too_many_arguments)]
pub fn blank(
    c: &child::Model,
    s: &ifsp_service::Model,
    provider: i32,
    start: NaiveDateTime,
    end: NaiveDateTime,
    makeup_of: Option<i32>,
    by: i32,
    now: chrono::DateTime<Utc>,
) -> visit::ActiveModel {
    let text = || Set(String::new());
    visit::ActiveModel {
        program_id: Set(c.program_id),
        child_id: Set(c.id),
        service_id: Set(s.id),
        provider_id: Set(provider),
        status: Set(visit::Status::Scheduled),
        starts_at: Set(start),
        ends_at: Set(end),
        method: Set(s.method),
        location: Set(s.location),
        participants: text(),
        parent_report: text(),
        outcomes_addressed: Set("[]".into()),
        routine: Set(visit::Routine::Unset),
        tried: text(),
        caregiver_did: text(),
        child_response: text(),
        coaching: Set("[]".into()),
        activities: text(),
        joint_plan: text(),
        next_visit_on: Set(None),
        abc_entries: Set("[]".into()),
        mileage_tenths: Set(0),
        meeting_link: text(),
        remote_coaching: Set(visit::RemoteCoaching::Unset),
        remote_coaching_note: text(),
        cancelled_by: Set(None),
        cancel_reason: text(),
        makeup_due: Set(None),
        makeup_of_id: Set(makeup_of),
        logged_at: Set(None),
        signed_at: Set(None),
        signed_name: Set(None),
        signed_credential: Set(None),
        reviewed_at: Set(None),
        reviewed_by: Set(None),
        review_comment: text(),
        fidelity: Set(None),
        version: Set(1),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
