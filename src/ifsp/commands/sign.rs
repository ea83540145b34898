//! Signing: the draft becomes the child's current plan and the one before it is superseded.
use super::{Edit, PlanError, save_narrative};
use crate::{
    audit::{Actor, Change, Event},
    children::records::{ChangeError, bump},
    entities::{
        child, ifsp,
        ifsp_signature::{self, Method, Role},
    },
    ifsp::model::Plan,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QuerySelect, Set, sea_query::Expr,
};
use serde_json::json;

/// The two typed signatures.
pub struct Signatures {
    pub parent: String,
    pub parent_on: NaiveDate,
    pub parent_method: Method,
    pub coordinator: String,
    pub coordinator_on: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// Signed already (perhaps a moment ago, by the other signer's device).
    #[error("the plan is no longer a draft")]
    NotDraft,
    /// A part changed after the plan was checked as ready: the checks are out of date.
    #[error("the plan changed while it was being signed")]
    Stale,
    #[error(transparent)]
    Child(#[from] ChangeError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<SignError> for crate::error::AppError {
    fn from(e: SignError) -> Self {
        match e {
            SignError::Child(e) => e.into(),
            SignError::Db(e) => e.into(),
            other => crate::error::AppError::Conflict(other.to_string()),
        }
    }
}

/// Signs `plan` as it was read and checked. "Still a draft, at the version checked" is the
/// update's condition, and the child's row is held for the change, so two signings at once
/// make one current plan, one supersession and one pair of signatures.
pub async fn sign(
    db: &DatabaseConnection,
    actor: Actor,
    plan: &Plan,
    edit: Option<&Edit>,
    s: Signatures,
) -> Result<(), SignError> {
    let p = &plan.ifsp;
    let change = Change::begin(db, actor).await?;
    let c = child::Entity::find_by_id(p.child_id)
        .lock_exclusive()
        .one(change.db())
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("child {}", p.child_id)))?;
    // The typed fields are saved first, over the version that was checked as ready.
    let mut version = p.version;
    if let Some(edit) = edit {
        if edit.seen != p.version {
            return Err(SignError::Stale);
        }
        match save_narrative(&change, p.id, edit).await {
            Ok(()) => version += 1,
            Err(PlanError::Stale) => return Err(SignError::Stale),
            Err(PlanError::Db(e)) => return Err(e.into()),
            Err(_) => return Err(SignError::NotDraft),
        }
    }
    let res = ifsp::Entity::update_many()
        .col_expr(ifsp::Column::Status, Expr::value(ifsp::Status::Signed))
        .col_expr(ifsp::Column::SignedAt, Expr::value(Some(Utc::now())))
        .filter(ifsp::Column::Id.eq(p.id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Draft))
        .filter(ifsp::Column::Version.eq(version))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let now = ifsp::Entity::find_by_id(p.id).one(change.db()).await?;
        return Err(match now {
            Some(n) if n.is_draft() => SignError::Stale,
            _ => SignError::NotDraft,
        });
    }
    ifsp::Entity::update_many()
        .col_expr(ifsp::Column::Status, Expr::value(ifsp::Status::Superseded))
        .filter(ifsp::Column::ChildId.eq(c.id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .filter(ifsp::Column::Id.ne(p.id))
        .exec(change.db())
        .await?;
    for (role, name, on, m) in [
        (Role::Parent, s.parent, s.parent_on, s.parent_method),
        (
            Role::Coordinator,
            s.coordinator,
            s.coordinator_on,
            Method::InPerson,
        ),
    ] {
        ifsp_signature::ActiveModel {
            ifsp_id: Set(p.id),
            role: Set(role),
            name: Set(name),
            signed_on: Set(on),
            method: Set(m),
            ..Default::default()
        }
        .insert(change.db())
        .await?;
    }
    if p.kind == ifsp::Kind::Initial && c.initial_ifsp_on.is_none() {
        let meeting = p.meeting_date;
        bump(change.db(), &c, |m| {
            m.initial_ifsp_on = Set(meeting);
            m.status = Set(child::Status::Active);
        })
        .await?;
    }
    let ev =
        Event::new("ifsp.signed", "ifsp", p.id).detail(json!({ "child": c.id, "kind": p.kind }));
    change.commit(ev).await?;
    Ok(())
}
