//! The home page: what a person in this role needs first.
mod refusals;
mod views;

use crate::{
    children::model::{self, CaseloadRow, Scope},
    entities::{
        Choice, credential,
        user::{self, Role},
    },
    error::AppResult,
    staff::credentials,
    state::AppState,
    views::Page,
};
use axum::{Router, extract::State, routing::get};
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// Counts an admin or supervisor sees at a glance.
pub struct ProgramCounts {
    pub by_role: Vec<(Role, u64)>,
    pub audit_rows: u64,
    pub expiring: Vec<(credential::Model, user::Model)>,
    pub refused: Vec<refusals::Refusal>,
}

async fn home(State(state): State<AppState>, page: Page) -> AppResult<Markup> {
    let u = &page.user;
    let counts = match u.role {
        Role::Admin | Role::Supervisor => {
            // One query for the program's active staff, counted by role here.
            let staff = user::Entity::find()
                .filter(user::Column::ProgramId.eq(u.program_id))
                .filter(user::Column::Active.eq(true))
                .all(&state.db)
                .await?;
            let by_role: Vec<(Role, u64)> = Role::all()
                .map(|role| (role, staff.iter().filter(|s| s.role == role).count() as u64))
                .collect();
            let audit_rows =
                crate::audit::model::count_for_program(&state.db, u.program_id).await?;
            let expiring = credentials::expiring(
                &state.db,
                u.program_id,
                u.today(),
                u.rules.credential_warning_days,
            )
            .await?;
            let refused = refusals::recent(&state.db, u.program_id, chrono::Utc::now()).await?;
            Some(ProgramCounts {
                by_role,
                audit_rows,
                expiring,
                refused,
            })
        }
        Role::Coordinator | Role::Provider => None,
    };
    let scope = match u.role {
        Role::Coordinator => Some(Scope::Coordinator(u.id)),
        Role::Provider => Some(Scope::Provider(u.id)),
        Role::Admin | Role::Supervisor => None,
    };
    let caseload: Vec<CaseloadRow> = if let Some(scope) = scope {
        model::caseload(&state.db, u.program_id, scope, &u.rules, u.today())
            .await?
            .into_iter()
            .filter(|r| r.child.status.is_open())
            .collect()
    } else {
        Vec::new()
    };
    Ok(views::home(&page, counts.as_ref(), &caseload))
}
