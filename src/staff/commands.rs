//! The changes an admin makes to staff accounts, each one change with its audit row:
//! adding a member (a taken e-mail is the unique index's answer, not an earlier look-up),
//! a credential, signing a member out everywhere, deactivating and reactivating.
use super::{
    credentials::{self, NewCredential},
    model::{self, NewStaff},
};
use crate::{
    audit::{Actor, Change, Event},
    auth::{password, session},
    entities::{Choice, credential, user},
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, SqlErr, sea_query::Expr,
};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// Someone already signs in with this e-mail (in any program: it is the sign-in name).
    #[error("the e-mail address is taken")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Adds a staff member to the program; they can sign in at once.
pub async fn create(
    db: &DatabaseConnection,
    actor: Actor,
    program_id: i32,
    s: NewStaff,
) -> Result<user::Model, CreateError> {
    let hash = password::hash(s.password.clone()).await;
    let change = Change::begin(db, actor).await?;
    let created = match model::insert_hashed(change.db(), program_id, s, hash).await {
        Ok(u) => u,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(CreateError::EmailTaken);
        }
        Err(e) => return Err(e.into()),
    };
    let ev = Event::new("staff.created", "user", created.id)
        .detail(json!({ "role": created.role.as_str(), "email": created.email }));
    change.commit(ev).await?;
    Ok(created)
}

/// Adds a credential to the staff member `user_id`.
pub async fn add_credential(
    db: &DatabaseConnection,
    actor: Actor,
    user_id: i32,
    c: NewCredential,
) -> Result<credential::Model, DbErr> {
    let change = Change::begin(db, actor).await?;
    let row = credentials::insert(change.db(), user_id, c).await?;
    let ev = Event::new("staff.credential_added", "user", user_id)
        .detail(json!({ "credential": row.id, "expires_on": row.expires_on }));
    change.commit(ev).await?;
    Ok(row)
}

/// Ends every session of `user_id`; returns how many were still signed in.
pub async fn sign_out_everywhere(
    db: &DatabaseConnection,
    actor: Actor,
    user_id: i32,
) -> Result<u64, AppError> {
    let change = Change::begin(db, actor).await?;
    let n = session::revoke_all(change.db(), user_id).await?;
    let ev = Event::new("staff.signed_out_everywhere", "user", user_id)
        .detail(json!({ "sessions_revoked": n }));
    change.commit(ev).await?;
    Ok(n)
}

#[derive(Debug, thiserror::Error)]
pub enum ActiveError {
    /// An admin may not lock themselves out.
    #[error("one's own account cannot be deactivated")]
    OwnAccount,
    #[error(transparent)]
    Failed(#[from] AppError),
}

impl From<DbErr> for ActiveError {
    fn from(e: DbErr) -> Self {
        ActiveError::Failed(e.into())
    }
}

/// Lets `member` sign in again, or no longer: deactivating also ends their sessions, so
/// an open page stops working at once.
pub async fn set_active(
    db: &DatabaseConnection,
    actor: Actor,
    member: &user::Model,
    active: bool,
) -> Result<(), ActiveError> {
    if !active && actor.user_id == Some(member.id) {
        return Err(ActiveError::OwnAccount);
    }
    let change = Change::begin(db, actor).await?;
    user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(active))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(member.id))
        .filter(user::Column::ProgramId.eq(member.program_id))
        .exec(change.db())
        .await?;
    if !active {
        session::revoke_all(change.db(), member.id).await?;
    }
    let action = if active {
        "staff.reactivated"
    } else {
        "staff.deactivated"
    };
    change.commit(Event::new(action, "user", member.id)).await?;
    Ok(())
}
