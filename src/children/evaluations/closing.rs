//! Taking back an evaluation entered by mistake: withdrawn with a reason, or superseded by a
//! corrected one. Neither deletes anything: the evaluation stays on the record, marked, and
//! stops counting; the child's status is then worked out again from the evaluations that
//! still count (`status_after`), in the same change as the guarded update and its audit row.
use super::{ParsedEvaluation, commands::insert};
use crate::{
    audit::{Actor, Change, Event},
    children::records::{ChangeError, bump},
    entities::{child, evaluation, ifsp},
    program::rules::ProgramRules,
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde_json::json;

/// How an evaluation leaves the record that counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    Withdraw,
    /// Replaced by the correction with this id.
    Supersede(i32),
}

impl Closing {
    fn status(self) -> evaluation::Status {
        match self {
            Closing::Withdraw => evaluation::Status::Withdrawn,
            Closing::Supersede(_) => evaluation::Status::Superseded,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CloseError {
    /// Already withdrawn or corrected (perhaps a moment ago, by someone else).
    #[error("the evaluation was already withdrawn or corrected")]
    AlreadyClosed,
    /// A signed plan rests on its eligibility decision: a signed record never changes.
    #[error("a signed IFSP rests on this evaluation's decision")]
    BasisOfSignedPlan,
    #[error("the child's record changed since it was read")]
    Stale,
    #[error("no such evaluation")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<ChangeError> for CloseError {
    fn from(e: ChangeError) -> Self {
        match e {
            ChangeError::Stale => CloseError::Stale,
            ChangeError::Db(e) => CloseError::Db(e),
        }
    }
}

/// Whether a signed (or superseded) plan rests on `ev`: it found the child eligible and
/// the child has a plan that is no longer a draft.
pub fn is_basis_of_signed_plan(ev: &evaluation::Model, plans: &[ifsp::Model]) -> bool {
    ev.confirmed_eligible == Some(true) && plans.iter().any(|p| !p.is_draft())
}

/// The child's status once `closed` no longer counts and `counting` are the evaluations that
/// still do. An exited child, or one with a signed plan, keeps its status; closing an
/// evaluation without a decision changes nothing unless no evaluation is left; otherwise the
/// latest confirmed decision that still counts decides, else the child is being evaluated
/// (or, with no evaluation left, referred).
pub fn status_after(
    current: child::Status,
    signed_plan: bool,
    closed: &evaluation::Model,
    counting: &[evaluation::Model],
) -> child::Status {
    use child::Status::*;
    if current == Exited || signed_plan {
        return current;
    }
    if counting.is_empty() {
        return Referred;
    }
    if closed.confirmed_eligible.is_none() {
        return current;
    }
    let latest = counting
        .iter()
        .filter_map(|e| e.confirmed_eligible.map(|ok| ((e.confirmed_on, e.id), ok)))
        .max_by_key(|(k, _)| *k);
    match latest {
        Some((_, true)) => Active,
        Some((_, false)) => NotEligible,
        None => Evaluating,
    }
}

/// Withdraws evaluation `eval_id` of `c` with `reason` (as the user `by`).
pub async fn withdraw(
    db: &DatabaseConnection,
    actor: Actor,
    c: &child::Model,
    eval_id: i32,
    by: i32,
    reason: String,
) -> Result<(), CloseError> {
    let change = Change::begin(db, actor).await?;
    let ev = close(&change, c, eval_id, by, &reason, Closing::Withdraw).await?;
    change.commit(ev).await?;
    Ok(())
}

/// A corrected evaluation and why the first one was wrong.
pub struct Correction {
    pub evaluation: ParsedEvaluation,
    pub reason: String,
}

/// Records `fix` as the correction of evaluation `eval_id` of `c`, which it supersedes with
/// its reason; returns the correction. Its decision is proposed again by `rules` and waits
/// for the team's confirmation, like any new evaluation.
pub async fn correct(
    db: &DatabaseConnection,
    actor: Actor,
    c: &child::Model,
    eval_id: i32,
    by: i32,
    rules: &ProgramRules,
    fix: Correction,
) -> Result<evaluation::Model, CloseError> {
    let Correction {
        evaluation: p,
        reason,
    } = fix;
    let decision = p.proposal(rules);
    let change = Change::begin(db, actor).await?;
    let new = insert(change.db(), c.id, by, &decision, p).await?;
    let mut ev = close(&change, c, eval_id, by, &reason, Closing::Supersede(new.id)).await?;
    ev.detail["proposed_eligible"] = json!(decision.eligible);
    change.commit(ev).await?;
    Ok(new)
}

/// The guarded update (only a recorded evaluation closes, so of two at once one wins), the
/// child's status worked out again, and the audit event to commit with them.
async fn close(
    change: &Change,
    c: &child::Model,
    eval_id: i32,
    by: i32,
    reason: &str,
    how: Closing,
) -> Result<Event, CloseError> {
    let db = change.db();
    let ev = evaluation::Entity::find_by_id(eval_id)
        .filter(evaluation::Column::ChildId.eq(c.id))
        .one(db)
        .await?
        .ok_or(CloseError::NotFound)?;
    let plans = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(c.id))
        .all(db)
        .await?;
    if is_basis_of_signed_plan(&ev, &plans) {
        return Err(CloseError::BasisOfSignedPlan);
    }
    let superseded_by = match how {
        Closing::Supersede(id) => Some(id),
        Closing::Withdraw => None,
    };
    let res = evaluation::Entity::update_many()
        .col_expr(evaluation::Column::Status, Expr::value(how.status()))
        .col_expr(evaluation::Column::ClosedReason, Expr::value(reason))
        .col_expr(evaluation::Column::ClosedAt, Expr::value(Some(Utc::now())))
        .col_expr(evaluation::Column::ClosedBy, Expr::value(Some(by)))
        .col_expr(evaluation::Column::SupersededBy, Expr::value(superseded_by))
        .filter(evaluation::Column::Id.eq(eval_id))
        .filter(evaluation::Column::ChildId.eq(c.id))
        .filter(evaluation::Column::Status.eq(evaluation::Status::Recorded))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(CloseError::AlreadyClosed);
    }
    let status = restate(db, c, &ev, &plans).await?;
    let action = match how {
        Closing::Withdraw => "evaluation.withdrawn",
        Closing::Supersede(_) => "evaluation.corrected",
    };
    Ok(Event::new(action, "child", c.id).detail(json!({
        "evaluation": eval_id,
        "corrected_by": superseded_by,
        "reason": reason,
        "was_confirmed": ev.confirmed_eligible,
        "status_before": c.status,
        "status_after": status,
    })))
}

/// Moves the child to the status the evaluations that still count give (guarded by the
/// child's version, read inside the change).
async fn restate(
    db: &impl ConnectionTrait,
    c: &child::Model,
    closed: &evaluation::Model,
    plans: &[ifsp::Model],
) -> Result<child::Status, CloseError> {
    let counting = evaluation::Entity::find()
        .filter(evaluation::Column::ChildId.eq(c.id))
        .filter(evaluation::Column::Status.eq(evaluation::Status::Recorded))
        .all(db)
        .await?;
    let now = child::Entity::find_by_id(c.id)
        .one(db)
        .await?
        .ok_or(CloseError::NotFound)?;
    let signed = plans.iter().any(|p| !p.is_draft());
    let to = status_after(now.status, signed, closed, &counting);
    if to != now.status {
        bump(db, &now, |m| m.status = Set(to)).await?;
    }
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use child::Status::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ev(id: i32, confirmed: Option<(bool, &str)>) -> evaluation::Model {
        evaluation::Model {
            id,
            child_id: 1,
            evaluated_on: d("2026-10-01"),
            tools: "BDI-3".into(),
            diagnosed_condition: String::new(),
            informed_clinical_opinion: false,
            notes: String::new(),
            proposed_eligible: true,
            reasons: String::new(),
            confirmed_eligible: confirmed.map(|c| c.0),
            confirmed_on: confirmed.map(|c| d(c.1)),
            confirmed_by: None,
            notice_sent_on: None,
            created_by: 1,
            created_at: Utc::now(),
            status: evaluation::Status::Recorded,
            closed_reason: String::new(),
            closed_at: None,
            closed_by: None,
            superseded_by: None,
        }
    }

    #[test]
    fn the_evaluations_that_still_count_decide_the_status() {
        let eligible = ev(1, Some((true, "2026-10-05")));
        let not = ev(2, Some((false, "2026-10-20")));
        let open = ev(3, None);
        // (current, signed plan, closed, still counting, expected)
        let cases: Vec<(
            child::Status,
            bool,
            &evaluation::Model,
            Vec<evaluation::Model>,
            child::Status,
        )> = vec![
            // The only evaluation, found eligible, withdrawn: back to referred.
            (Active, false, &eligible, vec![], Referred),
            // The eligible one withdrawn, an undecided one left: being evaluated.
            (Active, false, &eligible, vec![open.clone()], Evaluating),
            // The later "not eligible" withdrawn: the earlier eligible decision stands.
            (NotEligible, false, &not, vec![eligible.clone()], Active),
            // The eligible one withdrawn, a later "not eligible" one left.
            (Active, false, &eligible, vec![not.clone()], NotEligible),
            // An undecided one withdrawn beside a decision: nothing changes.
            (Active, false, &open, vec![eligible.clone()], Active),
            // An undecided one, the only evaluation: back to referred.
            (Evaluating, false, &open, vec![], Referred),
            // Exited, or with a signed plan: the status stays.
            (Exited, false, &eligible, vec![], Exited),
            (Active, true, &open, vec![], Active),
        ];
        for (current, signed, closed, counting, want) in cases {
            assert_eq!(
                status_after(current, signed, closed, &counting),
                want,
                "{current:?} closing {} with {:?} left",
                closed.id,
                counting.iter().map(|e| e.id).collect::<Vec<_>>()
            );
        }
    }
}
