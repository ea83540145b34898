//! What a new note starts with, so the provider changes what differs instead of typing
//! everything again on a phone: who took part, the outcomes and the routine of the last
//! signed note of the same child and service, its coaching practices, and the next visit
//! already scheduled. Only a note never saved is prefilled; a saved draft shows what was
//! saved. Every prefilled value is an ordinary field value the provider can change.
use super::{
    log_form::LogForm,
    model::{Coaching, PRACTICES},
};
use crate::entities::visit;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// The practices checked on a first note, when there is no earlier one to copy: the ones
/// every coaching visit has. Reflection is left for the provider to tick.
pub const FIRST_PRACTICES: [&str; 4] = ["joint_planning", "observation", "practice", "feedback"];

/// What the plan, the last signed note and the schedule know about a new note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    /// The last signed note of the same child and service, if any.
    pub last: Option<LastNote>,
    /// The origin ids of the signed plan's outcomes, in plan order.
    pub plan_outcomes: Vec<i32>,
    /// The day of the next visit of the service scheduled after this one.
    pub next_scheduled: Option<NaiveDate>,
}

/// The parts of the last signed note a new one starts from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastNote {
    pub participants: String,
    pub outcomes: Vec<i32>,
    pub routine: String,
    /// The keys of the practices it used.
    pub practices: Vec<String>,
}

impl LastNote {
    pub fn of(v: &visit::Model) -> LastNote {
        let coaching = Coaching::parse(&v.coaching);
        LastNote {
            participants: v.participants.clone(),
            outcomes: v.addressed_outcomes(),
            routine: v.routine.to_string(),
            practices: PRACTICES
                .iter()
                .filter(|p| coaching.get(p.key).done == Some(true))
                .map(|p| p.key.to_owned())
                .collect(),
        }
    }
}

/// Fills a never-saved note's empty fields from `p`. Outcomes are the last note's that are
/// still on the plan; with no earlier note (or none of its outcomes left), every outcome of
/// the plan, since the service is there to serve them. Fields already holding something
/// are kept.
pub fn apply(mut f: LogForm, p: &Prefill) -> LogForm {
    if let Some(last) = &p.last {
        if f.participants.trim().is_empty() {
            f.participants = last.participants.clone();
        }
        if f.routine.is_empty() {
            f.routine = last.routine.clone();
        }
    }
    if f.outcomes.is_empty() {
        let kept: Vec<i32> = p
            .last
            .iter()
            .flat_map(|l| l.outcomes.iter().copied())
            .filter(|o| p.plan_outcomes.contains(o))
            .collect();
        let chosen = if kept.is_empty() {
            p.plan_outcomes.clone()
        } else {
            kept
        };
        f.outcomes = chosen.iter().map(|o| o.to_string()).collect();
    }
    if f.practices.is_empty() {
        f.practices = match &p.last {
            Some(l) if !l.practices.is_empty() => l.practices.clone(),
            _ => FIRST_PRACTICES.iter().map(|k| (*k).to_owned()).collect(),
        };
    }
    if f.next_visit_on.is_empty()
        && let Some(n) = p.next_scheduled
    {
        f.next_visit_on = n.to_string();
    }
    f
}

/// Reads what `apply` needs for the visit `v`: two statements, whatever the history.
pub async fn load(
    db: &impl ConnectionTrait,
    v: &visit::Model,
    plan_outcomes: &[(i32, String)],
) -> Result<Prefill, DbErr> {
    let last = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(v.child_id))
        .filter(visit::Column::ServiceId.eq(v.service_id))
        .filter(visit::Column::SignedAt.is_not_null())
        .filter(visit::Column::StartsAt.lt(v.starts_at))
        .order_by_desc(visit::Column::StartsAt)
        .one(db)
        .await?;
    let next = visit::Entity::find()
        .filter(visit::Column::ServiceId.eq(v.service_id))
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::StartsAt.gt(v.starts_at))
        .filter(visit::Column::Id.ne(v.id))
        .order_by_asc(visit::Column::StartsAt)
        .into_partial_model::<visit::Line>()
        .one(db)
        .await?;
    Ok(Prefill {
        last: last.as_ref().map(LastNote::of),
        plan_outcomes: plan_outcomes.iter().map(|(id, _)| *id).collect(),
        next_scheduled: next.map(|n| n.starts_at.date()),
    })
}

#[cfg(test)]
#[path = "prefill_tests.rs"]
mod tests;
