//! The one loader of the clocks' facts, straight from the entity tables, below every domain
//! that shows a clock. One child or a whole caseload costs the same fixed number of queries
//! (each filtered by the set of children; the first visits are aggregated in SQL), never a
//! query per child.
use super::case::{CaseFacts, Objection, Phase, Referral, ServiceFacts};
use crate::entities::{
    child, consent, delay, evaluation, ifsp, ifsp_service, referral, transition,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, IntoColumnRef, Query, SelectStatement, SimpleExpr},
};
use std::collections::HashMap;

mod firsts;
use firsts::{first_visits, lea_referrals};

/// The referral whose clocks run: the latest received (the later record on the same day).
pub fn latest_referral<'a>(
    referrals: impl IntoIterator<Item = &'a referral::Model>,
) -> Option<&'a referral::Model> {
    referrals.into_iter().max_by_key(|r| (r.received_on, r.id))
}

/// A plan's transition steps, one per line, bullets stripped.
pub fn step_lines(plan: &ifsp::Model) -> Vec<String> {
    plan.transition_steps
        .lines()
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

    let mut referrals: HashMap<i32, Vec<referral::Model>> = HashMap::new();
    for r in referral::Entity::find()
        .filter(scope.on((referral::Entity, referral::Column::ChildId)))
        .all(db)
        .await?
    {
        referrals.entry(r.child_id).or_default().push(r);
    }
    for (id, rs) in &referrals {
        if let (Some(f), Some(r)) = (out.get_mut(id), latest_referral(rs)) {
            f.referral = Some(Referral {
                received_on: r.received_on,
                first_contact_on: r.first_contact_on,
            });
        }
    }
    let received = |f: &CaseFacts| f.referral.map(|r| r.received_on);

    // Eligibility for this referral: the first confirmed decision on an evaluation made
    // since it was received, dated by its prior written notice. A withdrawn or corrected
    // evaluation no longer counts (the clocks, the pages and C7 all read this).
    for e in evaluation::Entity::find()
        .filter(scope.on((evaluation::Entity, evaluation::Column::ChildId)))
        .filter(evaluation::Column::ConfirmedEligible.eq(true))
        .filter(evaluation::Column::Status.eq(evaluation::Status::Recorded))
        .all(db)
        .await?
    {
        let Some(f) = out.get_mut(&e.child_id) else {
            continue;
        };
        let Some(on) = e.notice_sent_on.or(e.confirmed_on) else {
            continue;
        };
        if received(f).is_some_and(|r| e.evaluated_on >= r) {
            f.eligible_on = Some(f.eligible_on.map_or(on, |d| Ord::min(d, on)));
        }
    }

    for d in delay::Entity::find()
        .filter(scope.on((delay::Entity, delay::Column::ChildId)))
        .filter(delay::Column::Clock.eq(delay::Clock::InitialIfsp))
        .all(db)
        .await?
    {
        let Some(f) = out.get_mut(&d.child_id) else {
            continue;
        };
        let reason = d.reason;
        if received(f).is_some_and(|r| d.documented_on < r) {
            continue;
        }
        // A documented family reason wins over an agency note for the same clock.
        if f.initial_ifsp_delay.is_none_or(|had| !had.excuses()) {
            f.initial_ifsp_delay = Some(reason);
        }
    }

    let plans = ifsp::Entity::find()
        .filter(scope.on((ifsp::Entity, ifsp::Column::ChildId)))
        .all(db)
        .await?;
    let child_of: HashMap<i32, i32> = plans.iter().map(|p| (p.id, p.child_id)).collect();
    for p in plans.iter().filter(|p| !p.is_draft()) {
        let Some(f) = out.get_mut(&p.child_id) else {
            continue;
        };
        let Some(met) = p.meeting_date else {
            continue;
        };
        // An annual meeting is also a review; the six-month clock restarts from either.
        match p.kind {
            ifsp::Kind::Annual => {
                f.last_annual_on = Ord::max(f.last_annual_on, Some(met));
                f.last_review_on = Ord::max(f.last_review_on, Some(met));
            }
            ifsp::Kind::Review => f.last_review_on = Ord::max(f.last_review_on, Some(met)),
            _ => {}
        }
        if !step_lines(p).is_empty() {
            f.transition.plans_with_steps.push(met);
        }
    }
    // A set: a report reads a whole program's plans at once.
    let in_force: std::collections::HashSet<i32> = plans
        .iter()
        .filter(|p| p.status == ifsp::Status::Signed)
        .map(|p| p.id)
        .collect();
    let (visited, missed) = first_visits(db, scope).await?;
    let plans_of_batch = Query::select()
        .column(ifsp::Column::Id)
        .from(ifsp::Entity)
        .and_where(scope.on((ifsp::Entity, ifsp::Column::ChildId)))
        .to_owned();
    for s in ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.in_subquery(plans_of_batch))
        .filter(ifsp_service::Column::ConsentGiven.eq(true))
        .all(db)
        .await?
    {
        let (Some(consent_on), Some(f)) = (
            s.consent_date,
            child_of.get(&s.ifsp_id).and_then(|c| out.get_mut(c)),
        ) else {
            continue;
        };
        f.services.push(ServiceFacts {
            id: s.id,
            service_type: s.service_type,
            consent_on,
            in_force: in_force.contains(&s.ifsp_id),
            first_visit: visited.get(&s.id).copied(),
            first_family_miss: missed.get(&s.id).copied(),
        });
    }
    for f in out.values_mut() {
        f.services.sort_by_key(|s| s.id);
    }

    for t in transition::Entity::find()
        .filter(scope.on((transition::Entity, transition::Column::ChildId)))
        .all(db)
        .await?
    {
        if let Some(f) = out.get_mut(&t.child_id) {
            let tf = &mut f.transition;
            tf.potentially_eligible = t.potentially_eligible;
            tf.opt_out_informed_on = t.opt_out_informed_on;
            tf.notified_on = t.notified_on;
            tf.conference_held_on = t.conference_held_on;
            tf.family_declined_conference = t.family_declined_conference;
        }
    }
    for k in consent::Entity::find()
        .filter(scope.on((consent::Entity, consent::Column::ChildId)))
        .filter(consent::Column::Kind.eq(consent::Kind::LeaOptOut))
        .filter(consent::Column::Given.eq(true))
        .all(db)
        .await?
    {
        if let Some(f) = out.get_mut(&k.child_id) {
            f.transition.objections.push(Objection {
                decided_on: k.decided_on,
                revoked_on: k.revoked_on,
            });
        }
    }
    lea_referrals(db, children, scope, &mut out).await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn referral(id: i32, received: &str) -> referral::Model {
        referral::Model {
            id,
            child_id: 1,
            received_on: received.parse().unwrap(),
            source: crate::entities::referral::Source::Physician,
            source_name: String::new(),
            concerns: String::new(),
            first_contact_on: None,
            created_by: 1,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn the_latest_referral_runs_the_clocks() {
        let rs = [
            referral(1, "2026-01-05"),
            referral(2, "2026-09-01"),
            referral(3, "2026-03-01"),
        ];
        assert_eq!(latest_referral(&rs).map(|r| r.id), Some(2));
        // Two on the same day: the later record.
        let rs = [referral(4, "2026-09-01"), referral(5, "2026-09-01")];
        assert_eq!(latest_referral(&rs).map(|r| r.id), Some(5));
        assert!(latest_referral(&[]).is_none());
    }
}
