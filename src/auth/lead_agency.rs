//! The lead agency's routes: a read-only role across programs may call only its home, its
//! reports, its account and sign-out. Checked in the `CurrentUser` extractor, before any
//! handler, so it sits here below `crate::policy` (which re-exports it).
use crate::{
    audit::{Actor, Event},
    auth::CurrentUser,
    entities::user::Role,
    error::AppError,
    meta::RequestMeta,
};

/// The routes the lead agency may call (method, route template as the router names it):
/// its home, its reports, its own account and signing out. Every other route refuses it
/// with 403 before its handler runs (`crate::auth::session`), whatever the handler checks.
pub fn lead_agency_may(method: &str, route: &str) -> bool {
    match method {
        "GET" | "HEAD" => matches!(
            route,
            "/" | "/account"
                | "/dashboard"
                | "/reports/indicators"
                | "/reports/indicators/{indicator}"
        ),
        // Its own password and signing out: no program's record.
        "POST" => matches!(route, "/logout" | "/account"),
        _ => false,
    }
}

/// Refuses (and audits) a lead-agency request outside [`lead_agency_may`].
pub async fn require_lead_agency_route(
    db: &sea_orm::DatabaseConnection,
    user: &CurrentUser,
    meta: &RequestMeta,
    method: &str,
    route: &str,
) -> Result<(), AppError> {
    if user.role != Role::LeadAgency || lead_agency_may(method, route) {
        return Ok(());
    }
    let ev = Event {
        action: "access.denied",
        entity_type: "route",
        entity_id: Some(format!("{method} {route}")),
        detail: serde_json::json!({ "attempted": "route", "reason": "role" }),
    };
    crate::audit::record(db, &Actor::user(user, meta), ev).await?;
    Err(AppError::Forbidden)
}
