//! The home page: what a person in this role needs first.
mod lead;
mod refusals;
mod views;

use crate::{
    audit::{Actor, Event},
    children::model::{self, CaseloadRow, Scope},
    entities::{
        audit_log, credential,
        user::{self, Role},
    },
    error::AppResult,
    meta::RequestMeta,
    staff::credentials,
    state::AppState,
    views::Page,
};
use axum::{Router, extract::State, routing::get};
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

/// How many of the latest audit events the admin's home lists.
const RECENT_EVENTS: u64 = 5;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// Counts an admin or supervisor sees at a glance.
pub struct ProgramCounts {
    pub by_role: Vec<(Role, u64)>,
    /// The admin's latest events of the program (never a count of the whole log, which grows
    /// without end and took 45 ms at state scale).
    pub recent_events: Vec<audit_log::Model>,
    pub expiring: Vec<(credential::Model, user::Person)>,
    pub refused: Vec<refusals::Refusal>,
}

async fn home(State(state): State<AppState>, page: Page, meta: RequestMeta) -> AppResult<Markup> {
    let u = &page.user;
    if u.role == Role::LeadAgency {
        return lead::home(&state, &page, &meta).await;
    }
    let counts = match u.role {
        Role::Admin | Role::Supervisor => {
            // The program's active staff counted by role in the database: four rows, not one
            // per staff member.
            let counted: Vec<(Role, i64)> = user::Entity::find()
                .select_only()
                .column(user::Column::Role)
                .column_as(user::Column::Id.count(), "n")
                .filter(user::Column::ProgramId.eq(u.program_id))
                .filter(user::Column::Active.eq(true))
                .group_by(user::Column::Role)
                .into_tuple()
                .all(&state.db)
                .await?;
            // The program's own roles (a lead agency's row may sit in the program).
            let by_role: Vec<(Role, u64)> = Role::program_roles()
                .into_iter()
                .map(|role| {
                    let n = counted.iter().find(|(r, _)| *r == role).map_or(0, |c| c.1);
                    (role, u64::try_from(n).unwrap_or(0))
                })
                .collect();
            let recent_events = if u.role == Role::Admin {
                crate::audit::model::latest_for_program(&state.db, u.program_id, RECENT_EVENTS)
                    .await?
            } else {
                Vec::new()
            };
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
                recent_events,
                expiring,
                refused,
            })
        }
        Role::Coordinator | Role::Provider | Role::LeadAgency => None,
    };
    let scope = match u.role {
        Role::Coordinator => Some(Scope::Coordinator(u.id)),
        Role::Provider => Some(Scope::Provider(u.id)),
        Role::Admin | Role::Supervisor | Role::LeadAgency => None,
    };
    let caseload: Vec<CaseloadRow> = if let Some(scope) = scope {
        model::open_caseload(&state.db, u.program_id, scope, &u.rules, u.today()).await?
    } else {
        Vec::new()
    };
    // A visit is logged from here: today's and the next week's, each one tap from its note.
    let (visits, said) = if u.role == Role::Provider {
        let ids: Vec<i32> = caseload.iter().map(|r| r.child.id).collect();
        let said = crate::activities::voice::feed(&state.db, &ids).await?;
        (
            crate::visits::model::upcoming(&state.db, u.id, u.today()).await?,
            said,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    // The families' words are their children's records: the audit row names what was shown
    // (as the caseload page's does), and only when something was.
    if !said.is_empty() {
        let ev = Event::new("family_voice.viewed", "user", u.id).detail(serde_json::json!({
            "children": said.iter().map(|a| a.child_id).collect::<std::collections::BTreeSet<_>>(),
            "shares": said.iter().map(|a| a.share_id).collect::<std::collections::BTreeSet<_>>(),
        }));
        state.audit.record(&Actor::user(u, &meta), ev).await?;
    }
    Ok(views::home(
        &page,
        counts.as_ref(),
        &caseload,
        &visits,
        &said,
    ))
}
