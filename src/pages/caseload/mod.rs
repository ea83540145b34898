//! The caseload dashboard: each child with what is due next, overdue first. A coordinator
//! sees their own caseload; supervisors and admins see the whole program by coordinator.
mod views;

use crate::entities::Choice;
use crate::{
    audit::{Actor, Event},
    children::{
        caseload,
        model::{self, CaseloadRow, Scope},
    },
    entities::user::Role,
    error::AppResult,
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::Page,
};
use axum::{
    Router,
    extract::{Query, State},
    routing::get,
};
use maud::Markup;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/caseload", get(index))
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct Filter {
    /// A child status, `open` (the default) or `all`.
    pub status: String,
    /// Only children with something due within this many days (overdue included).
    pub within: String,
    /// Supervisors: one coordinator's caseload.
    pub coordinator: String,
    /// The child the previous page ended with: this page starts after it.
    pub after: String,
}

/// Children per page.
pub const PER_PAGE: usize = 50;

impl Filter {
    fn keep(&self, row: &CaseloadRow, today: chrono::NaiveDate) -> bool {
        let status_ok = match self.status.as_str() {
            "" | "open" => row.child.status.is_open(),
            "all" => true,
            s => row.child.status.as_str() == s,
        };
        let within_ok = match self.within.trim().parse::<i64>() {
            Ok(n) => row
                .next_due()
                .is_some_and(|i| (i.due - today).num_days() <= n),
            Err(_) => true,
        };
        status_ok && within_ok
    }
}

async fn index(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Query(filter): Query<Filter>,
) -> AppResult<Markup> {
    let u = &page.user;
    let today = u.today();
    let program_wide = policy::role_allows(u.role, Action::ViewProgramCaseload);
    let scope = match (program_wide, filter.coordinator.parse::<i32>()) {
        (true, Ok(id)) => Scope::Coordinator(id),
        (true, Err(_)) => Scope::Program,
        (false, _)
            if u.role == Role::Coordinator
                && u.rules.team_visibility
                && filter.coordinator == "team" =>
        {
            Scope::Program
        }
        (false, _) if u.role == Role::Provider => Scope::Provider(u.id),
        (false, _) => Scope::Coordinator(u.id),
    };
    let after = filter.after.parse::<i32>().ok();
    // The default view lists open cases only: the statement leaves the closed ones out.
    let only_open = matches!(filter.status.as_str(), "" | "open");
    let shown = caseload::page(
        &state.db,
        u.program_id,
        scope,
        only_open,
        &u.rules,
        today,
        |r| filter.keep(r, today),
        after,
        PER_PAGE,
    )
    .await?;
    // Only the page's coordinators menu and names, for those who see them.
    let coordinators = if program_wide {
        model::coordinators(&state.db, u.program_id).await?
    } else {
        Vec::new()
    };
    // The audit row names the children shown, not the whole program.
    let ev = Event::new("caseload.viewed", "program", u.program_id).detail(serde_json::json!({
        "children": shown.rows.iter().map(|r| r.child.id).collect::<Vec<_>>(),
        "after": after,
    }));
    state.audit.record(&Actor::user(u, &meta), ev).await?;
    Ok(views::index(
        &page,
        &shown,
        &filter,
        &coordinators,
        program_wide,
    ))
}
