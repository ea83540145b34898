//! Recording an evaluation with the eligibility the program's rule proposes, and the
//! team's confirmation: each one change with its audit row.
use super::{ParsedEvaluation, TeamDecision};
use crate::{
    audit::{Actor, Change, Event},
    children::{
        eligibility::Decision,
        records::{ChangeError, advance, bump},
    },
    entities::{child, evaluation, evaluation_result},
    program::rules::ProgramRules,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, sea_query::Expr,
};
use serde_json::json;

/// Records the evaluation, entered by the user `by`, with the decision `rules` propose for
/// it, which it returns; a child still at "referred" moves on to "evaluating".
pub async fn record(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    by: i32,
    rules: &ProgramRules,
    p: ParsedEvaluation,
) -> Result<Decision, DbErr> {
    let decision = p.proposal(rules);
    let change = Change::begin(db, actor).await?;
    let ev = insert(change.db(), child_id, by, &decision, p).await?;
    advance(
        change.db(),
        child_id,
        child::Status::Referred,
        child::Status::Evaluating,
    )
    .await?;
    let audit_ev = Event::new("evaluation.recorded", "child", child_id)
        .detail(json!({ "evaluation": ev.id, "proposed_eligible": decision.eligible }));
    change.commit(audit_ev).await?;
    Ok(decision)
}

/// Inserts the evaluation and its results, with the decision proposed for them, inside a
/// change (a new evaluation, or a correction of one).
pub(super) async fn insert(
    db: &impl ConnectionTrait,
    child_id: i32,
    by: i32,
    decision: &Decision,
    p: ParsedEvaluation,
) -> Result<evaluation::Model, DbErr> {
    let ev = evaluation::ActiveModel {
        child_id: Set(child_id),
        evaluated_on: Set(p.evaluated_on),
        tools: Set(p.tools),
        diagnosed_condition: Set(p.diagnosed_condition),
        informed_clinical_opinion: Set(p.informed_clinical_opinion),
        notes: Set(p.notes),
        proposed_eligible: Set(decision.eligible),
        reasons: Set(decision.reasons.join("\n")),
        confirmed_eligible: Set(None),
        confirmed_on: Set(None),
        confirmed_by: Set(None),
        notice_sent_on: Set(None),
        created_by: Set(by),
        created_at: Set(Utc::now()),
        status: Set(evaluation::Status::Recorded),
        closed_reason: Set(String::new()),
        closed_at: Set(None),
        closed_by: Set(None),
        superseded_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (a, dev) in p.results {
        evaluation_result::ActiveModel {
            evaluation_id: Set(ev.id),
            domain: Set(a.domain),
            developmental_months: Set(dev),
            percent_delay: Set(a.percent_delay),
            sd: Set(a.sd),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(ev)
}

#[derive(Debug, thiserror::Error)]
pub enum ConfirmError {
    /// The team's decision on this evaluation is already on record (perhaps since a moment).
    #[error("the evaluation's decision was already confirmed")]
    AlreadyConfirmed,
    /// The evaluation was withdrawn or corrected: there is nothing to confirm on it.
    #[error("the evaluation was withdrawn or corrected")]
    Closed,
    /// The child changed since `c` was read; nothing was written.
    #[error("the child's record changed since it was read")]
    Stale,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<ChangeError> for ConfirmError {
    fn from(e: ChangeError) -> Self {
        match e {
            ChangeError::Stale => ConfirmError::Stale,
            ChangeError::Db(e) => ConfirmError::Db(e),
        }
    }
}

/// The team confirms (or overrides) the proposal on evaluation `eval_id` of `c` on `today`,
/// as the user `by`; the child becomes active or not eligible. Only an unconfirmed
/// evaluation is confirmed: of two confirmations at once, the second finds the condition
/// false and changes nothing.
pub async fn confirm(
    db: &DatabaseConnection,
    actor: Actor,
    c: &child::Model,
    eval_id: i32,
    by: i32,
    today: NaiveDate,
    d: TeamDecision,
) -> Result<(), ConfirmError> {
    let change = Change::begin(db, actor).await?;
    let res = evaluation::Entity::update_many()
        .col_expr(
            evaluation::Column::ConfirmedEligible,
            Expr::value(Some(d.eligible)),
        )
        .col_expr(evaluation::Column::ConfirmedOn, Expr::value(Some(today)))
        .col_expr(evaluation::Column::ConfirmedBy, Expr::value(Some(by)))
        .col_expr(
            evaluation::Column::NoticeSentOn,
            Expr::value(Some(d.notice_sent_on)),
        )
        .filter(evaluation::Column::Id.eq(eval_id))
        .filter(evaluation::Column::ChildId.eq(c.id))
        .filter(evaluation::Column::ConfirmedEligible.is_null())
        .filter(evaluation::Column::Status.eq(evaluation::Status::Recorded))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let closed = evaluation::Entity::find_by_id(eval_id)
            .one(change.db())
            .await?
            .is_some_and(|e| !e.counts());
        return Err(if closed {
            ConfirmError::Closed
        } else {
            ConfirmError::AlreadyConfirmed
        });
    }
    let status = if d.eligible {
        child::Status::Active
    } else {
        child::Status::NotEligible
    };
    bump(change.db(), c, |m| m.status = Set(status)).await?;
    let ev = Event::new("eligibility.decided", "child", c.id).detail(json!({
        "evaluation": eval_id, "eligible": d.eligible, "notice_sent_on": d.notice_sent_on
    }));
    change.commit(ev).await?;
    Ok(())
}
