//! The one loader of the clocks' facts, straight from the entity tables, below every domain
//! that shows a clock. One child or a whole caseload costs the same fixed number of queries
//! (each filtered by the set of children; the first visits are aggregated in SQL), never a
//! query per child.
use super::case::{CaseFacts, Objection, Phase, Referral, ServiceFacts};
use crate::entities::{
    child, consent, delay, evaluation, ifsp, ifsp_service, referral, transition,
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait, IntoColumnRef, Query, SelectStatement, SimpleExpr},
};
use std::collections::HashMap;

mod firsts;

/// The columns of a plan the clocks use: id, child, kind, status, meeting day, transition
/// steps.
type Plan = (
    i32,
    i32,
    ifsp::Kind,
    ifsp::Status,
    Option<NaiveDate>,
    String,
);
use firsts::{first_visits, lea_referrals};

/// The referral whose clocks run: the latest received (the later record on the same day).
pub fn latest_referral<'a>(
    referrals: impl IntoIterator<Item = &'a referral::Model>,
) -> Option<&'a referral::Model> {
    referrals.into_iter().max_by_key(|r| (r.received_on, r.id))
}

/// A plan's transition steps, one per line, bullets stripped.
pub fn step_lines(plan: &ifsp::Model) -> Vec<String> {
    steps_in(&plan.transition_steps)
}

/// The steps of a plan's transition text, one per line, bullets stripped.
fn steps_in(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '*', '•'])
                .trim()
                .to_owned()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

pub fn phase(status: child::Status) -> Phase {
    match status {
        child::Status::Referred | child::Status::Evaluating => Phase::Intake,
        child::Status::Active => Phase::Active,
        child::Status::NotEligible | child::Status::Exited => Phase::Closed,
    }
}

/// The facts of one child.
pub async fn for_child(db: &impl ConnectionTrait, c: &child::Model) -> Result<CaseFacts, DbErr> {
    Ok(for_children(db, std::slice::from_ref(c))
        .await?
        .remove(&c.id)
        .unwrap_or_default())
}

/// Children per batch of the loader: each batch binds its ids in `IN` lists (and nothing
/// else that grows: a batch's services are found through its children's plans in a
/// subquery), so no statement binds more than a few hundred values. SQLite refuses more than
/// 32,766, and long `IN` lists are re-planned on every run.
pub const BATCH: usize = 250;

/// Which children a statement reads: a batch's ids bound in an `IN` list, or a set the
/// database finds itself (a program's children for a report), so a report of 50,000
/// children sends each statement once and the database joins, never a list of ids.
#[derive(Debug, Clone)]
pub enum Scope {
    Ids(Vec<i32>),
    /// A `SELECT` of one column, the children's ids.
    Query(Box<SelectStatement>),
}

impl Scope {
    /// `col IN (…)`: the ids, or the subquery.
    pub fn on(&self, col: impl IntoColumnRef) -> SimpleExpr {
        match self {
            Scope::Ids(ids) => Expr::col(col).is_in(ids.iter().copied()),
            Scope::Query(q) => Expr::col(col).in_subquery((**q).clone()),
        }
    }
}

/// The facts of `children` (each one in `scope`, and `scope` no wider than them: facts of
/// a child not in `children` are dropped) with each statement sent once for all of them.
pub async fn for_scope(
    db: &impl ConnectionTrait,
    children: &[child::Model],
    scope: &Scope,
) -> Result<HashMap<i32, CaseFacts>, DbErr> {
    for_batch(db, children, scope).await
}

/// The facts of each of `children`, by child id: the same statements for every batch of
/// [`BATCH`] children, so a caseload of 60 is one batch and a program of 50,000 never
/// overflows a statement.
pub async fn for_children(
    db: &impl ConnectionTrait,
    children: &[child::Model],
) -> Result<HashMap<i32, CaseFacts>, DbErr> {
    let mut out = HashMap::with_capacity(children.len());
    for batch in children.chunks(BATCH) {
        let scope = Scope::Ids(batch.iter().map(|c| c.id).collect());
        out.extend(for_batch(db, batch, &scope).await?);
    }
    Ok(out)
}

async fn for_batch(
    db: &impl ConnectionTrait,
    children: &[child::Model],
    scope: &Scope,
) -> Result<HashMap<i32, CaseFacts>, DbErr> {
    let mut out: HashMap<i32, CaseFacts> = children
        .iter()
        .map(|c| {
            let f = CaseFacts {
                date_of_birth: c.date_of_birth,
                phase: phase(c.status),
                exit_date: c.exit_date,
                initial_ifsp_on: c.initial_ifsp_on,
                ..Default::default()
            };
            (c.id, f)
        })
        .collect();
    if children.is_empty() {
        return Ok(out);
    }

    // Each statement reads the columns the clocks use, never the records' text (a plan's
    // present levels and routines, a referral's concerns, an evaluation's notes): the
    // caseload pages read these for every child they show.
    // The latest received referral runs the clocks (the later record on the same day), as
    // `latest_referral` chooses.
    let mut latest: HashMap<i32, (NaiveDate, i32, Option<NaiveDate>)> = HashMap::new();
    let rows: Vec<(i32, i32, NaiveDate, Option<NaiveDate>)> = referral::Entity::find()
        .select_only()
        .columns([
            referral::Column::Id,
            referral::Column::ChildId,
            referral::Column::ReceivedOn,
            referral::Column::FirstContactOn,
        ])
        .filter(scope.on((referral::Entity, referral::Column::ChildId)))
        .into_tuple()
        .all(db)
        .await?;
    for (id, child, received_on, first_contact_on) in rows {
        let e = latest
            .entry(child)
            .or_insert((received_on, id, first_contact_on));
        if (received_on, id) > (e.0, e.1) {
            *e = (received_on, id, first_contact_on);
        }
    }
    for (child, (received_on, _, first_contact_on)) in latest {
        if let Some(f) = out.get_mut(&child) {
            f.referral = Some(Referral {
                received_on,
                first_contact_on,
            });
        }
    }
    let received = |f: &CaseFacts| f.referral.map(|r| r.received_on);

    // Eligibility for this referral: the first confirmed decision on an evaluation made
    // since it was received, dated by its prior written notice. A withdrawn or corrected
    // evaluation no longer counts (the clocks, the pages and C7 all read this).
    let rows: Vec<(i32, NaiveDate, Option<NaiveDate>, Option<NaiveDate>)> =
        evaluation::Entity::find()
            .select_only()
            .columns([
                evaluation::Column::ChildId,
                evaluation::Column::EvaluatedOn,
                evaluation::Column::NoticeSentOn,
                evaluation::Column::ConfirmedOn,
            ])
            .filter(scope.on((evaluation::Entity, evaluation::Column::ChildId)))
            .filter(evaluation::Column::ConfirmedEligible.eq(true))
            .filter(evaluation::Column::Status.eq(evaluation::Status::Recorded))
            .into_tuple()
            .all(db)
            .await?;
    for (child, evaluated_on, notice_sent_on, confirmed_on) in rows {
        let Some(f) = out.get_mut(&child) else {
            continue;
        };
        let Some(on) = notice_sent_on.or(confirmed_on) else {
            continue;
        };
        if received(f).is_some_and(|r| evaluated_on >= r) {
            f.eligible_on = Some(f.eligible_on.map_or(on, |d| Ord::min(d, on)));
        }
    }

    let rows: Vec<(i32, delay::DelayReason, NaiveDate)> = delay::Entity::find()
        .select_only()
        .columns([
            delay::Column::ChildId,
            delay::Column::Reason,
            delay::Column::DocumentedOn,
        ])
        .filter(scope.on((delay::Entity, delay::Column::ChildId)))
        .filter(delay::Column::Clock.eq(delay::Clock::InitialIfsp))
        .into_tuple()
        .all(db)
        .await?;
    for (child, reason, documented_on) in rows {
        let Some(f) = out.get_mut(&child) else {
            continue;
        };
        if received(f).is_some_and(|r| documented_on < r) {
            continue;
        }
        // A documented family reason wins over an agency note for the same clock.
        if f.initial_ifsp_delay.is_none_or(|had| !had.excuses()) {
            f.initial_ifsp_delay = Some(reason);
        }
    }

    let plans: Vec<Plan> = ifsp::Entity::find()
        .select_only()
        .columns([
            ifsp::Column::Id,
            ifsp::Column::ChildId,
            ifsp::Column::Kind,
            ifsp::Column::Status,
            ifsp::Column::MeetingDate,
            ifsp::Column::TransitionSteps,
        ])
        .filter(scope.on((ifsp::Entity, ifsp::Column::ChildId)))
        .into_tuple()
        .all(db)
        .await?;
    let child_of: HashMap<i32, i32> = plans.iter().map(|p| (p.0, p.1)).collect();
    for (_, child, kind, _, meeting_date, steps) in
        plans.iter().filter(|p| p.3 != ifsp::Status::Draft)
    {
        let Some(f) = out.get_mut(child) else {
            continue;
        };
        let Some(met) = *meeting_date else {
            continue;
        };
        // An annual meeting is also a review; the six-month clock restarts from either.
        match kind {
            ifsp::Kind::Annual => {
                f.last_annual_on = Ord::max(f.last_annual_on, Some(met));
                f.last_review_on = Ord::max(f.last_review_on, Some(met));
            }
            ifsp::Kind::Review => f.last_review_on = Ord::max(f.last_review_on, Some(met)),
            _ => {}
        }
        if !steps_in(steps).is_empty() {
            f.transition.plans_with_steps.push(met);
        }
    }
    // A set: a report reads a whole program's plans at once.
    let in_force: std::collections::HashSet<i32> = plans
        .iter()
        .filter(|p| p.3 == ifsp::Status::Signed)
        .map(|p| p.0)
        .collect();
    let (visited, missed) = first_visits(db, scope).await?;
    let plans_of_batch = Query::select()
        .column(ifsp::Column::Id)
        .from(ifsp::Entity)
        .and_where(scope.on((ifsp::Entity, ifsp::Column::ChildId)))
        .to_owned();
    let rows: Vec<(i32, i32, ifsp_service::ServiceType, Option<NaiveDate>)> =
        ifsp_service::Entity::find()
            .select_only()
            .columns([
                ifsp_service::Column::Id,
                ifsp_service::Column::IfspId,
                ifsp_service::Column::ServiceType,
                ifsp_service::Column::ConsentDate,
            ])
            .filter(ifsp_service::Column::IfspId.in_subquery(plans_of_batch))
            .filter(ifsp_service::Column::ConsentGiven.eq(true))
            .into_tuple()
            .all(db)
            .await?;
    for (id, ifsp_id, service_type, consent_date) in rows {
        let (Some(consent_on), Some(f)) = (
            consent_date,
            child_of.get(&ifsp_id).and_then(|c| out.get_mut(c)),
        ) else {
            continue;
        };
        f.services.push(ServiceFacts {
            id,
            service_type,
            consent_on,
            in_force: in_force.contains(&ifsp_id),
            first_visit: visited.get(&id).copied(),
            first_family_miss: missed.get(&id).copied(),
        });
    }
    for f in out.values_mut() {
        f.services.sort_by_key(|s| s.id);
    }

    type Transition = (
        i32,
        Option<bool>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        bool,
    );
    let rows: Vec<Transition> = transition::Entity::find()
        .select_only()
        .columns([
            transition::Column::ChildId,
            transition::Column::PotentiallyEligible,
            transition::Column::OptOutInformedOn,
            transition::Column::NotifiedOn,
            transition::Column::ConferenceHeldOn,
            transition::Column::FamilyDeclinedConference,
        ])
        .filter(scope.on((transition::Entity, transition::Column::ChildId)))
        .into_tuple()
        .all(db)
        .await?;
    for (child, eligible, informed, notified, held, declined) in rows {
        if let Some(f) = out.get_mut(&child) {
            let tf = &mut f.transition;
            tf.potentially_eligible = eligible;
            tf.opt_out_informed_on = informed;
            tf.notified_on = notified;
            tf.conference_held_on = held;
            tf.family_declined_conference = declined;
        }
    }
    let rows: Vec<(i32, NaiveDate, Option<NaiveDate>)> = consent::Entity::find()
        .select_only()
        .columns([
            consent::Column::ChildId,
            consent::Column::DecidedOn,
            consent::Column::RevokedOn,
        ])
        .filter(scope.on((consent::Entity, consent::Column::ChildId)))
        .filter(consent::Column::Kind.eq(consent::Kind::LeaOptOut))
        .filter(consent::Column::Given.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    for (child, decided_on, revoked_on) in rows {
        if let Some(f) = out.get_mut(&child) {
            f.transition.objections.push(Objection {
                decided_on,
                revoked_on,
            });
        }
    }
    lea_referrals(db, children, scope, &mut out).await?;
    Ok(out)
}

#[cfg(test)]
mod tests;
