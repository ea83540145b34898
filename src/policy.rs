//! Authorization in one place: may this user do this to this record?
//!
//! Two questions, always both: is the record in the user's program (tenancy), and does
//! the user's role (and, for children, caseload) allow the action. A record in another
//! program answers 404, so its existence does not leak; a role that may not act answers
//! 403. Every refusal is audited.
use crate::{
    audit::{self, Actor, Event},
    auth::CurrentUser,
    entities::user::Role,
    error::AppError,
    meta::RequestMeta,
};
use sea_orm::DatabaseConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the staff list and a staff member's page.
    ViewStaff,
    /// Create users, deactivate them, sign them out everywhere.
    ManageStaff,
    /// Read and verify the audit log.
    ViewAudit,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::ViewStaff => "view_staff",
            Action::ManageStaff => "manage_staff",
            Action::ViewAudit => "view_audit",
        }
    }
}

/// What the role alone allows.
pub fn role_allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ViewStaff => matches!(role, Admin | Supervisor),
        ManageStaff | ViewAudit => role == Admin,
    }
}

/// The record an action is aimed at.
#[derive(Debug, Clone)]
pub struct Target {
    pub program_id: i32,
    pub entity_type: &'static str,
    pub entity_id: Option<String>,
}

impl Target {
    /// The user's own program as a whole (lists, settings).
    pub fn program(user: &CurrentUser) -> Self {
        Target {
            program_id: user.program_id,
            entity_type: "program",
            entity_id: Some(user.program_id.to_string()),
        }
    }

    pub fn record(program_id: i32, entity_type: &'static str, id: impl ToString) -> Self {
        Target {
            program_id,
            entity_type,
            entity_id: Some(id.to_string()),
        }
    }
}

/// Checks tenancy and role; audits and refuses when either fails.
pub async fn authorize(
    db: &DatabaseConnection,
    user: &CurrentUser,
    meta: &RequestMeta,
    action: Action,
    target: Target,
) -> Result<(), AppError> {
    let (reason, err) = if target.program_id != user.program_id {
        ("other_program", AppError::NotFound)
    } else if !role_allows(user.role, action) {
        ("role", AppError::Forbidden)
    } else {
        return Ok(());
    };
    let ev = Event {
        action: "access.denied",
        entity_type: target.entity_type,
        entity_id: target.entity_id,
        detail: serde_json::json!({ "attempted": action.name(), "reason": reason }),
    };
    audit::record(db, &Actor::user(user, meta), ev).await?;
    Err(err)
}

/// For pages that are not about one record: refuses (and audits) a role that may not act.
pub async fn require(
    db: &DatabaseConnection,
    user: &CurrentUser,
    meta: &RequestMeta,
    action: Action,
) -> Result<(), AppError> {
    authorize(db, user, meta, action, Target::program(user)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_staff_and_read_the_audit_log() {
        for role in Role::ALL {
            assert_eq!(role_allows(role, Action::ManageStaff), role == Role::Admin);
            assert_eq!(role_allows(role, Action::ViewAudit), role == Role::Admin);
        }
        assert!(role_allows(Role::Supervisor, Action::ViewStaff));
        assert!(!role_allows(Role::Provider, Action::ViewStaff));
    }
}
