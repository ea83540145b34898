//! Who calls the API: a live token, as a service identity of its program and role.
//!
//! The identity is a `CurrentUser`, so every handler asks `crate::policy` exactly as the
//! pages do. It is nobody in particular: its id is the negative of the token's row id, which
//! matches no staff member, so it has no caseload of its own and serves no child. What
//! follows from the policy is what a token may see:
//!
//! - admin and supervisor tokens: every child of the program (their roles read the whole
//!   program);
//! - coordinator tokens: the program's children only when the program lets coordinators read
//!   every record (`team_visibility`), and they may never edit a child's record (that needs
//!   the child on one's own caseload); they may take referrals;
//! - provider tokens: no child's record (providers read only the children they serve).
//!
//! Every row it writes (`created_by`, the audit log's `user_id`) holds that negative id, so
//! the audit log names the token for each call. A token never reaches another program.
//!
//! A token issued to act for a staff member (`acts_for`, same role; a provider's own app) is
//! that person instead: their caseload, their visits' notes, their name on what they write,
//! for as long as their account is active.
use super::problem::Problem;
use crate::{
    auth::CurrentUser,
    entities::{api_token, program, user},
    program::rules::ProgramRules,
    state::AppState,
};
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};
use sea_orm::EntityTrait;

#[derive(Debug, Clone)]
pub struct Caller {
    pub user: CurrentUser,
    pub token: api_token::Model,
}

impl Caller {
    /// Refuses (403) a read-only token's write.
    pub fn may_write(&self) -> Result<(), Problem> {
        match self.token.access {
            api_token::Access::Write => Ok(()),
            api_token::Access::Read => Err(Problem::read_only()),
        }
    }
}

/// The identity's id for the token row `id`: never a staff member's.
pub fn service_id(token_id: i32) -> i32 {
    -token_id
}

fn bearer(parts: &Parts) -> Option<&str> {
    let v = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        if let Some(c) = parts.extensions.get::<Caller>() {
            return Ok(c.clone());
        }
        let raw = bearer(parts).ok_or_else(Problem::unauthorized)?;
        let now = chrono::Utc::now();
        let token = crate::api_tokens::model::verify(&state.db, &state.keys, raw, now)
            .await?
            .ok_or_else(Problem::unauthorized)?;
        let program = program::Entity::find_by_id(token.program_id)
            .one(&state.db)
            .await?
            .ok_or_else(Problem::unauthorized)?;
        let person = match token.acts_for {
            Some(id) => {
                let p = user::Entity::find_by_id(id)
                    .into_partial_model::<user::Staff>()
                    .one(&state.db)
                    .await?
                    .filter(|p| p.active && p.program_id == program.id && p.role == token.role)
                    .ok_or_else(Problem::unauthorized)?;
                Some(p)
            }
            None => None,
        };
        let user = CurrentUser {
            id: person.as_ref().map_or(service_id(token.id), |p| p.id),
            program_id: program.id,
            program_name: program.name.clone(),
            email: person.as_ref().map(|p| p.email.clone()).unwrap_or_default(),
            display_name: person.as_ref().map_or_else(
                || format!("API token “{}”", token.name),
                |p| p.display_name.clone(),
            ),
            role: token.role,
            discipline: person.as_ref().and_then(|p| p.discipline),
            session_id: format!("api_token:{}", token.id),
            rules: ProgramRules::from_json(&program.rules),
            timezone: program.tz(),
        };
        let caller = Caller { user, token };
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}
