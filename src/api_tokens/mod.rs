//! API tokens for other systems (a state data system, a billing service), kept by the
//! program admin under Settings (`/settings/api-tokens`): the list with when each token was
//! last used, issuing one (shown once), and revoking. The API that accepts them is
//! `crate::api`; what a token may see is decided there by `crate::policy`, as for a person.
pub mod model;
mod views;

use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    entities::{
        Choice,
        api_token::Access,
        user::{self, Role},
    },
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::{
        Page,
        fields::required,
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    Router,
    extract::{Path, State},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use maud::Markup;
use model::NewToken;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/settings/api-tokens", get(index).post(issue))
        .route("/settings/api-tokens/{id}/revoke", post(revoke))
}

/// The longest a token may live: a year, so a forgotten one does not work for ever.
const MAX_DAYS: i64 = 365;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct IssueForm {
    pub name: String,
    pub role: String,
    pub access: String,
    pub days: String,
    /// A staff member's id, or empty for a service identity.
    pub acts_for: String,
}

impl IssueForm {
    fn blank() -> Self {
        IssueForm {
            role: Role::Supervisor.as_str().into(),
            access: Access::Read.as_str().into(),
            days: "90".into(),
            ..Default::default()
        }
    }

    /// Parses the form; `staff` are the program's active staff a token may act for.
    pub fn parse(&self, staff: &[user::Staff]) -> Result<NewToken, Errors> {
        let mut e = Errors::default();
        let name = required(
            &mut e,
            "name",
            &self.name,
            "Name the system this token is for.",
            120,
        );
        let role = Role::parse(&self.role).filter(|r| Role::program_roles().contains(r));
        if role.is_none() {
            e.add("role", "Choose the role the token acts as.");
        }
        let access = Access::parse(&self.access);
        if access.is_none() {
            e.add("access", "Choose read only, or read and write.");
        }
        let days = match self.days.trim().parse::<i64>() {
            Ok(d) if (1..=MAX_DAYS).contains(&d) => Some(d),
            _ => {
                e.add(
                    "days",
                    format!("Enter the days the token is valid, from 1 to {MAX_DAYS}."),
                );
                None
            }
        };
        let acts_for = match self.acts_for.trim() {
            "" => None,
            s => {
                let found = s
                    .parse::<i32>()
                    .ok()
                    .and_then(|id| staff.iter().find(|p| p.id == id));
                match (found, role) {
                    (Some(p), Some(r)) if p.role != r => {
                        e.add(
                            "acts_for",
                            format!(
                                "{} is a {}: give the token that role.",
                                p.display_name,
                                p.role.label()
                            ),
                        );
                        None
                    }
                    (Some(p), _) => Some(p.id),
                    (None, _) => {
                        e.add(
                            "acts_for",
                            "Choose a staff member from the list, or no one.",
                        );
                        None
                    }
                }
            }
        };
        match (role, access, days) {
            (Some(role), Some(access), Some(days)) if e.is_empty() => Ok(NewToken {
                name,
                role,
                access,
                acts_for,
                valid_for: chrono::Duration::days(days),
            }),
            _ => Err(e),
        }
    }
}

async fn index(State(state): State<AppState>, page: Page, meta: RequestMeta) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ManageSettings).await?;
    let tokens = model::list(&state.db, page.user.program_id).await?;
    let staff = model::active_staff(&state.db, page.user.program_id).await?;
    Ok(views::index(
        &page,
        &tokens,
        &staff,
        &IssueForm::blank(),
        &Errors::default(),
        None,
    ))
}

async fn issue(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<IssueForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageSettings).await?;
    let staff = model::active_staff(&state.db, page.user.program_id).await?;
    let parsed = match form.parse(&staff) {
        Ok(t) => t,
        Err(errors) => {
            let tokens = model::list(&state.db, page.user.program_id).await?;
            let html = views::index(&page, &tokens, &staff, &form, &errors, None);
            return Ok(respond::invalid(html));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    let (row, token) = model::issue(
        &state.db,
        actor,
        &state.keys,
        page.user.program_id,
        page.user.id,
        parsed,
    )
    .await?;
    let tokens = model::list(&state.db, page.user.program_id).await?;
    // Shown here once, in this answer only (never stored, never in a redirect's flash).
    let html = views::index(
        &page,
        &tokens,
        &staff,
        &IssueForm::blank(),
        &Errors::default(),
        Some((&row, &token)),
    );
    Ok(html.into_response())
}

async fn revoke(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageSettings).await?;
    let actor = Actor::user(&page.user, &meta);
    if !model::revoke(&state.db, actor, page.user.program_id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(flash::redirect(
        &state,
        "/settings/api-tokens",
        Kind::Success,
        "The token was revoked. Calls with it are refused from now on.",
    ))
}
