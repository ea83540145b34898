//! The changes a staff member makes to their own sign-in, each one change with its audit
//! row: signing in (or a failed attempt, counted for throttling), signing out, and
//! changing the password.
use crate::{
    audit::{Actor, Change, Event},
    auth::{session, throttle},
    entities::user,
    error::AppError,
    meta::RequestMeta,
    state::AppState,
};
use axum_extra::extract::cookie::Cookie;
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;

/// Starts a session for `user`, whose password was just verified in the reserved sign-in
/// `attempt` (`throttle::reserve`); returns the session cookie.
pub async fn sign_in(
    state: &AppState,
    meta: &RequestMeta,
    user: &user::Model,
    attempt: i64,
) -> Result<Cookie<'static>, AppError> {
    let actor = Actor {
        program_id: Some(user.program_id),
        user_id: Some(user.id),
        ip: meta.ip.clone(),
        request_id: meta.request_id.clone(),
    };
    let change = Change::begin(&state.db, actor).await?;
    throttle::succeeded(change.db(), attempt).await?;
    let cookie = session::start(change.db(), state, user.id, meta).await?;
    change
        .commit(Event::new("auth.login", "user", user.id))
        .await?;
    Ok(cookie)
}

/// A sign-in that failed for `email`, audited (`known_account`: whether the address belongs
/// to a staff member). It was already counted towards the throttle by `throttle::reserve`,
/// before its password was checked.
pub async fn failed_sign_in(
    db: &DatabaseConnection,
    actor: Actor,
    email: &str,
    known_account: bool,
) -> Result<(), DbErr> {
    let change = Change::begin(db, actor).await?;
    let ev = Event::new("auth.login_failed", "user", email)
        .detail(json!({ "known_account": known_account }));
    change.commit(ev).await
}

/// Ends the session `session_id` of the signed-in user.
pub async fn sign_out(
    db: &DatabaseConnection,
    actor: Actor,
    user_id: i32,
    session_id: &str,
) -> Result<(), AppError> {
    let change = Change::begin(db, actor).await?;
    session::revoke(change.db(), session_id).await?;
    change
        .commit(Event::new("auth.logout", "user", user_id))
        .await?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// The password was changed (in another session) after this request checked it.
    #[error("the password changed since it was checked")]
    Changed,
    #[error(transparent)]
    Failed(#[from] AppError),
}

impl From<DbErr> for PasswordError {
    fn from(e: DbErr) -> Self {
        PasswordError::Failed(e.into())
    }
}

/// Replaces the password of `user_id`, only while its hash is still `checked` (the one the
/// current password was verified against): of two changes at once, the second is refused
/// instead of replacing the first. Every session ends, and a fresh one starts for this
/// request, whose cookie is returned.
pub async fn change_password(
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    user_id: i32,
    checked: &str,
    new_hash: String,
) -> Result<Cookie<'static>, PasswordError> {
    let change = Change::begin(&state.db, actor).await?;
    let res = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(new_hash))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::PasswordHash.eq(checked))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(PasswordError::Changed);
    }
    let revoked = session::revoke_all(change.db(), user_id).await?;
    let cookie = session::start(change.db(), state, user_id, meta).await?;
    let ev = Event::new("auth.password_changed", "user", user_id)
        .detail(json!({ "sessions_revoked": revoked }));
    change.commit(ev).await?;
    Ok(cookie)
}
