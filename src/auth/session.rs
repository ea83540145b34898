//! Sessions: a row per sign-in, a signed token in a cookie, and the `CurrentUser`
//! extractor that checks both on every request.
use super::{cookies, token};
use crate::{
    audit::Actor,
    entities::{
        program,
        session::{self, Entity as Session},
        user::{self, Discipline, Role},
    },
    error::AppError,
    meta::RequestMeta,
    program::rules::ProgramRules,
    state::AppState,
};
use axum::{extract::FromRequestParts, http::request::Parts};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// The signed-in staff member, loaded once per request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i32,
    pub program_id: i32,
    pub program_name: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub discipline: Option<Discipline>,
    pub session_id: String,
    /// The program's configurable rules, loaded with the user.
    pub rules: ProgramRules,
    pub timezone: chrono_tz::Tz,
}

impl CurrentUser {
    /// Today in the program's time zone: clocks are counted in the family's calendar days.
    pub fn today(&self) -> chrono::NaiveDate {
        Utc::now().with_timezone(&self.timezone).date_naive()
    }

    /// Now on the program's wall clock: visits store local times, so whether one has
    /// ended is judged against this, never against UTC.
    pub fn now_local(&self) -> chrono::NaiveDateTime {
        Utc::now().with_timezone(&self.timezone).naive_local()
    }
}

/// The audit log's actor for a signed-in staff member. It is defined here rather than in
/// `crate::audit` so that the log, which every module writes to, stays below sessions.
impl Actor {
    pub fn user(user: &CurrentUser, meta: &RequestMeta) -> Self {
        Actor {
            program_id: Some(user.program_id),
            user_id: Some(user.id),
            ip: meta.ip.clone(),
            request_id: meta.request_id.clone(),
        }
    }
}

/// Last-seen is written at most this often, so reading a page costs no write.
const TOUCH_EVERY_SECS: i64 = 60;

/// Creates a session row and returns the cookie that carries its token.
pub async fn start(
    db: &impl ConnectionTrait,
    state: &AppState,
    user_id: i32,
    meta: &RequestMeta,
) -> Result<Cookie<'static>, AppError> {
    let now = Utc::now();
    let expires =
        now + Duration::from_std(state.config.session_absolute).map_err(AppError::internal)?;
    let id = hex::encode(rand::random::<[u8; 32]>());
    session::ActiveModel {
        id: Set(id.clone()),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires),
        revoked_at: Set(None),
        ip: Set(meta.ip.clone()),
        user_agent: Set(meta.user_agent.clone()),
    }
    .insert(db)
    .await?;
    let jwt = token::issue(
        &state.keys,
        &token::Claims::staff(user_id, &id, now, expires),
    );
    let max_age = time::Duration::seconds(state.config.session_absolute.as_secs() as i64);
    Ok(cookies::build(
        &state.config,
        cookies::SESSION,
        jwt,
        Some(max_age),
    ))
}

/// Revokes one session (sign out).
pub async fn revoke(db: &impl ConnectionTrait, session_id: &str) -> Result<(), AppError> {
    Session::update_many()
        .col_expr(session::Column::RevokedAt, Utc::now().into())
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every session of a user (password change, "sign out everywhere").
/// Returns how many were still active.
pub async fn revoke_all(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, AppError> {
    let res = Session::update_many()
        .col_expr(session::Column::RevokedAt, Utc::now().into())
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    /// The session's user, refused (403, audited) on a route its role may never call: the
    /// lead agency outside its reports (`auth::lead_agency`).
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(user.clone());
        }
        let user = signed_in(parts, state).await?;
        let route = parts
            .extensions
            .get::<axum::extract::MatchedPath>()
            .map_or_else(|| parts.uri.path().to_owned(), |m| m.as_str().to_owned());
        let meta = match RequestMeta::from_request_parts(parts, state).await {
            Ok(m) => m,
            Err(never) => match never {},
        };
        super::lead_agency::require_lead_agency_route(
            &state.db,
            &user,
            &meta,
            parts.method.as_str(),
            &route,
        )
        .await?;
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

/// The user of the request's session cookie, if it is valid.
async fn signed_in(parts: &Parts, state: &AppState) -> Result<CurrentUser, AppError> {
    let jar = CookieJar::from_headers(&parts.headers);
    let raw = jar
        .get(&cookies::name(&state.config, cookies::SESSION))
        .ok_or(AppError::Unauthorized)?;
    let claims = token::verify(&state.keys, raw.value()).ok_or(AppError::Unauthorized)?;
    load(state, &claims).await
}

/// The signed-in user's row as a request needs it, with the program, in one statement that
/// leaves the password hash where it is (only sign-in and the password change read it).
#[derive(Debug, sea_orm::DerivePartialModel)]
#[sea_orm(entity = "user::Entity")]
struct SessionUser {
    id: i32,
    program_id: i32,
    email: String,
    display_name: String,
    role: Role,
    discipline: Option<Discipline>,
    active: bool,
    #[sea_orm(nested)]
    program: Option<program::Model>,
}

async fn load(state: &AppState, claims: &token::Claims) -> Result<CurrentUser, AppError> {
    let now = Utc::now();
    let row = Session::find_by_id(claims.sid.clone())
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let idle = Duration::from_std(state.config.session_idle).map_err(AppError::internal)?;
    let valid = row.user_id.to_string() == claims.sub
        && row.revoked_at.is_none()
        && row.expires_at > now
        && row.last_seen_at + idle > now;
    if !valid {
        return Err(AppError::Unauthorized);
    }
    let mut user: SessionUser = user::Entity::find_by_id(row.user_id)
        .left_join(program::Entity)
        .into_partial_model()
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let program = user.program.take().ok_or(AppError::Unauthorized)?;
    if !user.active {
        return Err(AppError::Unauthorized);
    }
    if (now - row.last_seen_at).num_seconds() >= TOUCH_EVERY_SECS {
        Session::update_many()
            .col_expr(session::Column::LastSeenAt, now.into())
            .filter(session::Column::Id.eq(row.id.clone()))
            .exec(&state.db)
            .await?;
    }
    let timezone = program.tz();
    Ok(CurrentUser {
        id: user.id,
        program_id: user.program_id,
        program_name: program.name,
        email: user.email,
        display_name: user.display_name,
        role: user.role,
        discipline: user.discipline,
        session_id: row.id,
        rules: ProgramRules::from_json(&program.rules),
        timezone,
    })
}

impl axum::extract::OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, AppError> {
        // Only whether someone is signed in (the sign-in page), on any route.
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(Some(user.clone()));
        }
        match signed_in(parts, state).await {
            Ok(u) => Ok(Some(u)),
            Err(AppError::Unauthorized) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
