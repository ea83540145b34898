//! A synthetic plan's services and its visits: 2–8 a month per child from the plan's start
//! to today (or the exit), most delivered with a signed note, some cancelled or missed,
//! and the next two weeks scheduled.
use super::{
    load::{Ids, Rows, next},
    staff::Team,
};
use crate::{
    entities::{
        child, ifsp_service,
        ifsp_service::{Period, ServiceType},
        user::Discipline,
        visit::{self, CancelledBy, Routine, VisitMethod},
    },
    visits::model::{Coaching, PRACTICES, Practice},
};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use rand::{Rng, seq::IndexedRandom};

const SERVICES: [(ServiceType, Discipline); 4] = [
    (ServiceType::SpeechLanguage, Discipline::SpeechLanguage),
    (
        ServiceType::SpecialInstruction,
        Discipline::DevelopmentalSpecialist,
    ),
    (ServiceType::OccupationalTherapy, Discipline::Occupational),
    (ServiceType::PhysicalTherapy, Discipline::Physical),
];

const SLOTS: [(u32, u32); 6] = [(9, 0), (10, 30), (12, 30), (14, 0), (15, 30), (17, 0)];

const ROUTINES: [Routine; 5] = [
    Routine::Mealtime,
    Routine::Bath,
    Routine::Play,
    Routine::Bedtime,
    Routine::Books,
];

/// 1–4 consented services, each with a provider of its discipline. Returns them with the
/// provider's name (which signs the notes).
pub fn services(
    rows: &mut Rows,
    ids: &mut Ids,
    rng: &mut impl Rng,
    team: &Team,
    plan_id: i32,
    meeting: NaiveDate,
) -> Vec<(ifsp_service::Model, String)> {
    let count = rng.random_range(1..=4);
    let mut out = Vec::new();
    for (t, d) in SERVICES.iter().take(count) {
        let providers = team.of(*d);
        let Some(p) = providers.choose(rng) else {
            continue;
        };
        let s = ifsp_service::Model {
            id: next(&mut ids.service),
            ifsp_id: plan_id,
            service_type: *t,
            discipline: Some(*d),
            provider_id: Some(p.0),
            frequency: rng.random_range(1..=2),
            period: Period::Week,
            mode: ifsp_service::Mode::Individual,
            minutes: *[45, 60].choose(rng).unwrap_or(&60),
            method: VisitMethod::InPerson,
            location: ifsp_service::Setting::Home,
            justification: String::new(),
            start_date: meeting + Duration::days(7),
            end_date: Some(meeting + Duration::days(365)),
            payer: ifsp_service::Payer::PartC,
            consent_given: Some(true),
            consent_date: Some(meeting),
        };
        rows.services.push(s.clone());
        out.push((s, p.2.clone()));
    }
    out
}

/// Visits month by month from the services' start until `until` (today or the exit), and
/// the next two weeks scheduled for a child still in services.
#[allow(clippy::too_many_arguments)]
pub fn visits(
    rows: &mut Rows,
    ids: &mut Ids,
    rng: &mut impl Rng,
    c: &child::Model,
    services: &[(ifsp_service::Model, String)],
    meeting: NaiveDate,
    until: NaiveDate,
    today: NaiveDate,
) {
    if services.is_empty() {
        return;
    }
    let mut month = meeting + Duration::days(7);
    let end = if until >= today {
        today + Duration::days(14)
    } else {
        until
    };
    while month < end {
        let per_month = rng.random_range(2..=8);
        for _ in 0..per_month {
            let day = month + Duration::days(rng.random_range(0..30));
            let day = match day.weekday() {
                Weekday::Sat => day + Duration::days(2),
                Weekday::Sun => day + Duration::days(1),
                _ => day,
            };
            if day >= end {
                continue;
            }
            let (s, name) = &services[rng.random_range(0..services.len())];
            let (h, m) = *SLOTS.choose(rng).unwrap_or(&SLOTS[0]);
            let start = day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
            rows.visits.push(visit(ids, rng, c, s, name, start, today));
        }
        month += Duration::days(30);
    }
}

fn visit(
    ids: &mut Ids,
    rng: &mut impl Rng,
    c: &child::Model,
    s: &ifsp_service::Model,
    provider: &str,
    start: chrono::NaiveDateTime,
    today: NaiveDate,
) -> visit::Model {
    let provider_id = s.provider_id.unwrap_or(c.coordinator_id.unwrap_or(1));
    let day = start.date();
    let evening = day.and_hms_opt(20, 0, 0).unwrap_or_default().and_utc();
    let created = super::load::noon(day - Duration::days(14));
    let text = String::new;
    let mut v = visit::Model {
        id: next(&mut ids.visit),
        program_id: c.program_id,
        child_id: c.id,
        service_id: s.id,
        provider_id,
        status: visit::Status::Scheduled,
        starts_at: start,
        ends_at: start + Duration::minutes(i64::from(s.minutes)),
        method: s.method,
        location: s.location,
        participants: text(),
        parent_report: text(),
        outcomes_addressed: "[]".into(),
        routine: Routine::Unset,
        tried: text(),
        caregiver_did: text(),
        child_response: text(),
        coaching: "[]".into(),
        activities: text(),
        joint_plan: text(),
        joint_plan_family: text(),
        joint_plan_lang: None,
        next_visit_on: None,
        abc_entries: "[]".into(),
        mileage_tenths: 0,
        meeting_link: text(),
        remote_coaching: visit::RemoteCoaching::Unset,
        remote_coaching_note: text(),
        cancelled_by: None,
        cancel_reason: text(),
        makeup_due: None,
        makeup_of_id: None,
        logged_at: None,
        signed_at: None,
        signed_name: None,
        signed_credential: None,
        reviewed_at: None,
        reviewed_by: None,
        review_comment: text(),
        fidelity: None,
        version: 1,
        created_by: provider_id,
        created_at: created,
        updated_at: created,
    };
    if day >= today {
        return v;
    }
    v.version = 2;
    v.updated_at = evening;
    let roll = rng.random_range(0..100);
    if roll < 8 {
        v.status = visit::Status::Cancelled;
        let (by, reason) = match roll {
            0..4 => (
                CancelledBy::Family,
                "Child was sick; the family asked to reschedule.",
            ),
            4..6 => (CancelledBy::Provider, "Provider was ill."),
            _ => (CancelledBy::NoShow, "No one was home at the visit time."),
        };
        v.cancelled_by = Some(by);
        v.cancel_reason = reason.into();
        return v;
    }
    v.status = visit::Status::Completed;
    v.participants = "Parent and child".into();
    v.parent_report = "Things went well this week; a few hard evenings.".into();
    v.routine = *ROUTINES.choose(rng).unwrap_or(&Routine::Play);
    v.tried = "Paused with the toy in view and waited for a sign or sound.".into();
    v.caregiver_did = "Parent waited, then modelled the word.".into();
    v.child_response = "Reached, then signed on the second try.".into();
    v.joint_plan = "At meals, pause with the food in view and wait before helping.".into();
    v.next_visit_on = Some(day + Duration::days(7));
    v.mileage_tenths = rng.random_range(20..200);
    let coaching = Coaching(
        PRACTICES
            .iter()
            .map(|p| {
                (
                    p.key.to_string(),
                    Practice {
                        done: Some(rng.random_ratio(4, 5)),
                        note: String::new(),
                    },
                )
            })
            .collect(),
    );
    v.coaching = serde_json::to_string(&coaching).unwrap_or_else(|_| "[]".into());
    v.logged_at = Some(evening);
    v.signed_at = Some(evening);
    v.signed_name = Some(provider.to_owned());
    v.signed_credential = Some("State professional licence".into());
    v
}
