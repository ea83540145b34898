//! Saving and signing a visit note, and addenda under a signed one.
use super::first_overlap;
use crate::{
    activities::{NewShare, share_in},
    audit::{self, Actor, Change, Event},
    entities::{visit, visit_addendum},
    program::rules::ProgramRules,
    visits::{log_form::LogInput, model, rules, signing::CredentialProblem, submissions},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    SqlErr, UpdateMany, sea_query::Expr,
};
use serde_json::{Value, json};

/// Who saves (and perhaps signs) the note, and the program's rules for its units.
pub struct Signer<'a> {
    pub id: i32,
    pub name: &'a str,
    pub rules: &'a ProgramRules,
}

#[derive(Debug, thiserror::Error)]
pub enum NoteError {
    /// A billable note needs a credential current on the visit's date. The refusal is
    /// audited (`visit.sign_refused`) though nothing else is written.
    #[error("the note cannot be signed yet")]
    SignRefused(CredentialProblem),
    /// The provider has another visit at these times.
    #[error("the visit overlaps another")]
    Overlap(Box<visit::Model>),
    /// Saved (or signed) since the form was opened; `current` is the visit now.
    #[error("the note changed meanwhile")]
    Stale { current: Box<visit::Model> },
    /// This send's key was saved already (the same note sent twice): nothing is written,
    /// and the answer is the first send's (`signed` says what it did).
    #[error("the note was sent already")]
    Repeated { signed: bool },
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Saves the note of `v` over version `seen`, and signs it when `input.sign`. "Unsigned, at
/// that version" is the update's condition; the credential a billable note is signed with
/// is read inside the same change.
pub async fn save_note(
    db: &DatabaseConnection,
    actor: Actor,
    v: &visit::Model,
    seen: i32,
    input: LogInput,
    by: Signer<'_>,
) -> Result<(), NoteError> {
    let change = Change::begin(db, actor).await?;
    let credential = if input.sign {
        let on = input.starts_at.date();
        let minutes = rules::minutes(input.starts_at, input.ends_at).unwrap_or(0);
        let billed = rules::units(minutes, by.rules);
        match model::signing_credential(change.db(), by.id, on, billed).await? {
            Ok(held) => held,
            Err(problem) => {
                // The refusal is kept for the supervisor though the change is not.
                let actor = change.actor().clone();
                change.rollback().await?;
                let ev = Event::new("visit.sign_refused", "visit", v.id)
                    .detail(refusal(v.child_id, on, &problem));
                audit::record(db, &actor, ev).await?;
                return Err(NoteError::SignRefused(problem));
            }
        }
    } else {
        String::new()
    };
    let span = (input.starts_at, input.ends_at);
    if let Some(other) = first_overlap(change.db(), v.provider_id, &[span], Some(v.id)).await? {
        return Err(NoteError::Overlap(Box::new(other)));
    }
    let res = update(&input, seen, &by, credential, v.logged_at)
        .filter(visit::Column::Id.eq(v.id))
        .filter(visit::Column::Version.eq(seen))
        .filter(visit::Column::SignedAt.is_null())
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        // A resend racing the first: it waited for the first to commit, and finds its key.
        if let Some(key) = input.submission
            && let Some(signed) = submissions::earlier(change.db(), v.id, key).await?
        {
            return Err(NoteError::Repeated { signed });
        }
        let current = visit::Entity::find_by_id(v.id)
            .one(change.db())
            .await?
            .ok_or_else(|| DbErr::RecordNotFound(format!("visit {}", v.id)))?;
        return Err(NoteError::Stale {
            current: Box::new(current),
        });
    }
    if let Some(key) = input.submission {
        match submissions::record(change.db(), v.id, key, input.sign).await {
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                change.rollback().await?;
                let signed = submissions::earlier(db, v.id, key)
                    .await?
                    .unwrap_or(input.sign);
                return Err(NoteError::Repeated { signed });
            }
            r => r?,
        }
    }
    // The library activities picked in the note are shared in the same change.
    for &activity_id in &input.activity_ids {
        let share = NewShare {
            activity_id,
            child_id: v.child_id,
            visit_id: Some(v.id),
            outcome: match input.outcomes.as_slice() {
                [only] => Some(*only),
                _ => None,
            },
            by: by.id,
            on: input.starts_at.date(),
        };
        if let Some(ev) = share_in(&change, &share).await? {
            change.record(ev).await?;
        }
    }
    let action = if input.sign {
        "visit.signed"
    } else {
        "visit.saved"
    };
    let mut detail = json!({ "child": v.child_id, "version": seen + 1 });
    if input.sign {
        super::confirm::record(change.db(), v.id, &input).await?;
        detail["caregiver_confirmation"] = super::confirm::detail(&input);
    }
    let ev = Event::new(action, "visit", v.id).detail(detail);
    change.commit(ev).await?;
    Ok(())
}

fn refusal(child: i32, on: chrono::NaiveDate, problem: &CredentialProblem) -> Value {
    let mut detail = json!({ "child": child, "reason": problem.reason(), "visit_on": on });
    if let CredentialProblem::Expired {
        name, expired_on, ..
    } = problem
    {
        detail["credential"] = json!(name);
        detail["expired_on"] = json!(expired_on);
    }
    detail
}

fn update(
    input: &LogInput,
    seen: i32,
    by: &Signer<'_>,
    credential: String,
    logged_at: Option<chrono::DateTime<Utc>>,
) -> UpdateMany<visit::Entity> {
    let now = Utc::now();
    let t = |s: &str| Expr::value(s.to_owned());
    let mut q = visit::Entity::update_many()
        .col_expr(visit::Column::Status, Expr::value(visit::Status::Completed))
        .col_expr(visit::Column::StartsAt, Expr::value(input.starts_at))
        .col_expr(visit::Column::EndsAt, Expr::value(input.ends_at))
        .col_expr(visit::Column::Method, Expr::value(input.method))
        .col_expr(visit::Column::Location, Expr::value(input.location))
        .col_expr(visit::Column::Participants, t(&input.participants))
        .col_expr(visit::Column::ParentReport, t(&input.parent_report))
        .col_expr(
            visit::Column::OutcomesAddressed,
            Expr::value(json!(input.outcomes).to_string()),
        )
        .col_expr(visit::Column::Routine, Expr::value(input.routine))
        .col_expr(visit::Column::Tried, t(&input.tried))
        .col_expr(visit::Column::CaregiverDid, t(&input.caregiver_did))
        .col_expr(visit::Column::ChildResponse, t(&input.child_response))
        .col_expr(
            visit::Column::Coaching,
            Expr::value(serde_json::to_string(&input.coaching).unwrap_or_default()),
        )
        .col_expr(visit::Column::Activities, t(&input.activities))
        .col_expr(visit::Column::JointPlan, t(&input.joint_plan))
        .col_expr(visit::Column::NextVisitOn, Expr::value(input.next_visit_on))
        .col_expr(
            visit::Column::AbcEntries,
            Expr::value(serde_json::to_string(&input.abc).unwrap_or_default()),
        )
        .col_expr(
            visit::Column::MileageTenths,
            Expr::value(input.mileage_tenths),
        )
        .col_expr(
            visit::Column::RemoteCoaching,
            Expr::value(input.remote_coaching),
        )
        .col_expr(
            visit::Column::RemoteCoachingNote,
            t(&input.remote_coaching_note),
        )
        .col_expr(visit::Column::Version, Expr::value(seen + 1))
        .col_expr(visit::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            visit::Column::LoggedAt,
            Expr::value(logged_at.unwrap_or(now)),
        );
    if let Some((text, lang)) = &input.joint_plan_family {
        q = q
            .col_expr(visit::Column::JointPlanFamily, t(text))
            .col_expr(visit::Column::JointPlanLang, Expr::value(Some(*lang)));
    }
    if input.sign {
        q = q
            .col_expr(visit::Column::SignedAt, Expr::value(now))
            .col_expr(visit::Column::SignedName, Expr::value(by.name.to_owned()))
            .col_expr(visit::Column::SignedCredential, Expr::value(credential));
    }
    q
}

/// A dated, signed correction under the signed note `v`; the note itself never changes.
pub async fn add_addendum(
    db: &DatabaseConnection,
    actor: Actor,
    v: &visit::Model,
    body: String,
    reason: String,
    by: (i32, &str),
) -> Result<visit_addendum::Model, DbErr> {
    let change = Change::begin(db, actor).await?;
    let a = visit_addendum::ActiveModel {
        visit_id: Set(v.id),
        body: Set(body),
        reason: Set(reason),
        signed_by: Set(by.0),
        signed_name: Set(by.1.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    let ev = Event::new("visit.addendum_added", "visit", v.id)
        .detail(json!({ "child": v.child_id, "addendum": a.id }));
    change.commit(ev).await?;
    Ok(a)
}
