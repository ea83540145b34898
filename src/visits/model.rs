//! Visit data: the note's structured parts, recurrence, and the queries the pages share.
use crate::entities::{
    ifsp,
    ifsp_service::{self, Period},
    visit, visit_addendum,
};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

/// One coaching practice and the form fields that carry it.
pub struct PracticeInfo {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    /// The yes/no field.
    pub done_field: &'static str,
    pub note_field: &'static str,
}

const fn practice(
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    done_field: &'static str,
    note_field: &'static str,
) -> PracticeInfo {
    PracticeInfo {
        key,
        label,
        hint,
        done_field,
        note_field,
    }
}

/// The five coaching practices (Rush & Shelden), in the order a visit usually runs.
pub const PRACTICES: [PracticeInfo; 5] = [
    practice(
        "joint_planning",
        "Joint planning",
        "Agreed with the caregiver what to work on today.",
        "joint_planning_done",
        "joint_planning_note",
    ),
    practice(
        "observation",
        "Observation",
        "Watched the caregiver and child in the routine.",
        "observation_done",
        "observation_note",
    ),
    practice(
        "practice",
        "Action / practice",
        "The caregiver tried the strategy during the visit.",
        "practice_done",
        "practice_note",
    ),
    practice(
        "reflection",
        "Reflection",
        "Asked the caregiver what worked and what they would change.",
        "reflection_done",
        "reflection_note",
    ),
    practice(
        "feedback",
        "Feedback",
        "Gave specific, affirming and informative feedback.",
        "feedback_done",
        "feedback_note",
    ),
];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practice {
    pub done: Option<bool>,
    pub note: String,
}

/// The coaching practices of one visit, keyed like `PRACTICES`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coaching(pub Vec<(String, Practice)>);

impl Coaching {
    pub fn get(&self, key: &str) -> Practice {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| p.clone())
            .unwrap_or_default()
    }

    pub fn parse(json: &str) -> Coaching {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// How many of the five practices were used.
    pub fn used(&self) -> usize {
        self.0.iter().filter(|(_, p)| p.done == Some(true)).count()
    }
}

/// One antecedent–behaviour–consequence observation, for behaviour support.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abc {
    pub antecedent: String,
    pub behavior: String,
    pub consequence: String,
}

pub fn abc_entries(v: &visit::Model) -> Vec<Abc> {
    serde_json::from_str(&v.abc_entries).unwrap_or_default()
}

/// Visit dates for a service: `frequency` sessions per week or month from `first` through
/// `until`. Weekly sessions are spread over each week (twice a week: day 0 and day 3); monthly
/// sessions every 28/frequency days, so once a month keeps the weekday (every four weeks).
pub fn recurrence(
    first: NaiveDate,
    frequency: i32,
    period: Period,
    until: NaiveDate,
) -> Vec<NaiveDate> {
    let f = i64::from(frequency.clamp(1, 31));
    let mut out = Vec::new();
    if period == Period::Week {
        let f = f.min(7);
        for week in 0.. {
            let start = first + Duration::days(7 * week);
            if start > until {
                break;
            }
            for i in 0..f {
                let d = start + Duration::days(i * (7 / f));
                if d <= until {
                    out.push(d);
                }
            }
        }
    } else {
        let step = (28 / f).max(1);
        let mut d = first;
        while d <= until {
            out.push(d);
            d += Duration::days(step);
        }
    }
    out
}

/// How many days, counting today, the provider's home lists visits: a week, so a weekly
/// visit shows once whatever the weekday (eight days would show it twice on some days).
pub const HOME_DAYS: i64 = 7;
/// At most this many visits on the provider's home: the page stays one screen.
pub const HOME_LIMIT: u64 = 10;

/// The provider's visits still to make or log from today through the next six days
/// (cancelled ones left out), soonest first, at most [`HOME_LIMIT`]: one statement however
/// long the diary.
pub async fn upcoming(
    db: &impl ConnectionTrait,
    provider: i32,
    today: NaiveDate,
) -> Result<Vec<visit::Line>, DbErr> {
    let from = today.and_hms_opt(0, 0, 0).unwrap_or_default();
    visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(provider))
        .filter(visit::Column::Status.ne(visit::Status::Cancelled))
        .filter(visit::Column::StartsAt.gte(from))
        .filter(visit::Column::StartsAt.lt(from + Duration::days(HOME_DAYS)))
        .order_by_asc(visit::Column::StartsAt)
        .limit(HOME_LIMIT)
        .into_partial_model()
        .all(db)
        .await
}

/// A provider's visits (not cancelled) that overlap `[from, to)`.
pub async fn provider_visits(
    db: &impl ConnectionTrait,
    provider: i32,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<visit::Model>, DbErr> {
    visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(provider))
        .filter(visit::Column::Status.ne(visit::Status::Cancelled))
        .filter(visit::Column::StartsAt.lt(to))
        .filter(visit::Column::EndsAt.gt(from))
        .order_by_asc(visit::Column::StartsAt)
        .all(db)
        .await
}

/// Serializes writers of one provider's diary before an overlap check: two people
/// scheduling the same provider at once wait on the provider's row, so the second sees the
/// first's visits (PostgreSQL `FOR UPDATE`; SQLite runs one writer at a time anyway).
pub async fn claim_provider(db: &impl ConnectionTrait, provider: i32) -> Result<(), DbErr> {
    crate::entities::user::Entity::find_by_id(provider)
        .lock_exclusive()
        .into_partial_model::<crate::entities::user::Person>()
        .one(db)
        .await?;
    Ok(())
}

/// The first of the provider's visits that overlaps this time, other than `except`.
pub async fn conflict(
    db: &impl ConnectionTrait,
    provider: i32,
    span: (NaiveDateTime, NaiveDateTime),
    except: Option<i32>,
) -> Result<Option<visit::Model>, DbErr> {
    Ok(provider_visits(db, provider, span.0, span.1)
        .await?
        .into_iter()
        .find(|v| Some(v.id) != except && super::rules::overlaps(span, (v.starts_at, v.ends_at))))
}

/// A service with the plan it belongs to.
pub async fn service_with_plan(
    db: &impl ConnectionTrait,
    service_id: i32,
) -> Result<Option<(ifsp_service::Model, ifsp::Model)>, DbErr> {
    let Some(s) = ifsp_service::Entity::find_by_id(service_id).one(db).await? else {
        return Ok(None);
    };
    let p = ifsp::Entity::find_by_id(s.ifsp_id).one(db).await?;
    Ok(p.map(|p| (s, p)))
}

/// A child's visits, newest first.
pub async fn addenda(
    db: &impl ConnectionTrait,
    visit_id: i32,
) -> Result<Vec<visit_addendum::Model>, DbErr> {
    visit_addendum::Entity::find()
        .filter(visit_addendum::Column::VisitId.eq(visit_id))
        .order_by_asc(visit_addendum::Column::Id)
        .all(db)
        .await
}

/// Dates of the service's other delivered visits around `on` (the calendar month and the
/// ISO week it falls in, with a week's margin), for the authorized-frequency check.
pub async fn delivered_dates(
    db: &impl ConnectionTrait,
    service_id: i32,
    except: i32,
    on: NaiveDate,
) -> Result<Vec<NaiveDate>, DbErr> {
    use chrono::Datelike;
    let from = on.with_day(1).unwrap_or(on) - Duration::days(7);
    let to = from + Duration::days(31 + 14);
    Ok(visit::Entity::find()
        .select_only()
        .column(visit::Column::StartsAt)
        .filter(visit::Column::ServiceId.eq(service_id))
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .filter(visit::Column::Id.ne(except))
        .filter(visit::Column::StartsAt.gte(from.and_hms_opt(0, 0, 0).unwrap_or_default()))
        .filter(visit::Column::StartsAt.lt(to.and_hms_opt(0, 0, 0).unwrap_or_default()))
        .into_tuple::<NaiveDateTime>()
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.date())
        .collect())
}

/// The credential a provider signs a note with, or why they cannot: a visit of `units`
/// billable units on `on` (see `signing::signing_credential`).
pub async fn signing_credential(
    db: &impl ConnectionTrait,
    user_id: i32,
    on: NaiveDate,
    units: i64,
) -> Result<Result<String, super::signing::CredentialProblem>, DbErr> {
    let held = crate::staff::credentials::for_user(db, user_id).await?;
    Ok(super::signing::signing_credential(&held, on, units))
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
