//! The home page: what a person in this role needs first.
mod views;

use crate::{
    entities::user::{self, Role},
    error::AppResult,
    state::AppState,
    views::Page,
};
use axum::{Router, extract::State, routing::get};
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// Counts an admin or supervisor sees at a glance.
pub struct ProgramCounts {
    pub by_role: Vec<(Role, u64)>,
    pub audit_rows: u64,
}

async fn home(State(state): State<AppState>, page: Page) -> AppResult<Markup> {
    let counts = match page.user.role {
        Role::Admin | Role::Supervisor => {
            let mut by_role = Vec::new();
            for role in Role::ALL {
                let n = user::Entity::find()
                    .filter(user::Column::ProgramId.eq(page.user.program_id))
                    .filter(user::Column::Role.eq(role))
                    .filter(user::Column::Active.eq(true))
                    .count(&state.db)
                    .await?;
                by_role.push((role, n));
            }
            let audit_rows =
                crate::audit::model::count_for_program(&state.db, page.user.program_id).await?;
            Some(ProgramCounts {
                by_role,
                audit_rows,
            })
        }
        Role::Coordinator | Role::Provider => None,
    };
    Ok(views::home(&page, counts.as_ref()))
}
