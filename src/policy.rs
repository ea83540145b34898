//! Authorization in one place: may this user do this to this record?
//!
//! Three questions, always all: is the record in the user's program (tenancy), does the
//! user's role allow the action, and — for a child's record — is the child on the user's
//! caseload. A record in another program, or a child outside the caseload, answers 404 so
//! its existence does not leak; a role that may not act answers 403. Every refusal is
//! audited.
//!
//! The lead agency is the one role above the programs: it reads every program's reports
//! (indicators, their drill-downs and CSVs, the 618 tables, the dashboard) and nothing else.
//! Its role allows only [`Action::ViewReports`], which alone is not held to its own program;
//! on top of that, [`lead_agency_may`] lists the only routes it may call at all, so a route
//! that checks no action (a form every staff member may post) still refuses it.
use crate::{
    audit::{self, Actor, Event},
    auth::CurrentUser,
    entities::{child, user::Role},
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
    /// Change the program's rules.
    ManageSettings,
    /// Take a new referral (which creates the child's record).
    CreateReferral,
    /// Read a child's record.
    ViewChild,
    /// Change a child's record: caregivers, consents, evaluations, delays, exit.
    EditChild,
    /// Move a child to another coordinator.
    ReassignChild,
    /// See every coordinator's caseload.
    ViewProgramCaseload,
    /// Review signed visit notes and rate coaching fidelity.
    ReviewVisit,
    /// Publish an activity so it can be given to families.
    PublishActivity,
    /// See the program's outgoing mail, retry what failed, read the file transport's mail.
    ManageMail,
    /// Add and edit agencies in the program's directory.
    ManageAgencies,
    /// See the program's federal indicators and the children behind them.
    ViewReports,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::ViewStaff => "view_staff",
            Action::ManageStaff => "manage_staff",
            Action::ViewAudit => "view_audit",
            Action::ManageSettings => "manage_settings",
            Action::CreateReferral => "create_referral",
            Action::ViewChild => "view_child",
            Action::EditChild => "edit_child",
            Action::ReassignChild => "reassign_child",
            Action::ViewProgramCaseload => "view_program_caseload",
            Action::ReviewVisit => "review_visit",
            Action::PublishActivity => "publish_activity",
            Action::ManageMail => "manage_mail",
            Action::ManageAgencies => "manage_agencies",
            Action::ViewReports => "view_reports",
        }
    }
}

/// What the role alone allows.
pub fn role_allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    if role == LeadAgency {
        return action == ViewReports;
    }
    match action {
        ViewStaff | ViewProgramCaseload | ReviewVisit | ViewReports => {
            matches!(role, Admin | Supervisor)
        }
        ManageStaff | ViewAudit | ManageSettings | ReassignChild | PublishActivity | ManageMail => {
            role == Admin
        }
        CreateReferral | EditChild | ManageAgencies => {
            matches!(role, Admin | Supervisor | Coordinator)
        }
        ViewChild => true,
    }
}

/// The record an action is aimed at.
#[derive(Debug, Clone)]
pub struct Target {
    pub program_id: i32,
    pub entity_type: &'static str,
    pub entity_id: Option<String>,
    /// For a child's record: the coordinator whose caseload it is on.
    pub caseload: Option<Option<i32>>,
    /// For a child's record: providers assigned to a consented service on the signed plan.
    pub providers: Vec<i32>,
}

impl Target {
    /// The user's own program as a whole (lists, settings).
    pub fn program(user: &CurrentUser) -> Self {
        Target {
            program_id: user.program_id,
            entity_type: "program",
            entity_id: Some(user.program_id.to_string()),
            caseload: None,
            providers: Vec::new(),
        }
    }

    pub fn record(program_id: i32, entity_type: &'static str, id: impl ToString) -> Self {
        Target {
            program_id,
            entity_type,
            entity_id: Some(id.to_string()),
            caseload: None,
            providers: Vec::new(),
        }
    }

    pub fn child(c: &child::Model) -> Self {
        Target {
            program_id: c.program_id,
            entity_type: "child",
            entity_id: Some(c.id.to_string()),
            caseload: Some(c.coordinator_id),
            providers: Vec::new(),
        }
    }

    /// A child's record, with the providers who serve the child.
    pub fn child_served_by(c: &child::Model, providers: Vec<i32>) -> Self {
        Target {
            providers,
            ..Target::child(c)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Denial {
    OtherProgram,
    Role,
    Caseload,
}

fn check(user: &CurrentUser, action: Action, target: &Target) -> Result<(), Denial> {
    // The lead agency reads every program's reports; everything else stays in its program.
    let across = user.role == Role::LeadAgency && action == Action::ViewReports;
    if target.program_id != user.program_id && !across {
        return Err(Denial::OtherProgram);
    }
    if !role_allows(user.role, action) {
        return Err(Denial::Role);
    }
    if let Some(coordinator) = target.caseload {
        let own = coordinator == Some(user.id);
        let allowed = match user.role {
            Role::Admin | Role::Supervisor => true,
            Role::Coordinator => own || (action == Action::ViewChild && user.rules.team_visibility),
            // Providers reach the children they serve on a signed plan, to read.
            Role::Provider => action == Action::ViewChild && target.providers.contains(&user.id),
            // No child's record, whoever's caseload.
            Role::LeadAgency => false,
        };
        if !allowed {
            return Err(Denial::Caseload);
        }
    }
    Ok(())
}

pub use crate::auth::lead_agency::{lead_agency_may, require_lead_agency_route};

/// Whether the user may act, without recording anything (for showing or hiding buttons).
pub fn can(user: &CurrentUser, action: Action, target: &Target) -> bool {
    check(user, action, target).is_ok()
}

/// Checks tenancy, role and caseload; audits and refuses when any fails.
pub async fn authorize(
    db: &DatabaseConnection,
    user: &CurrentUser,
    meta: &RequestMeta,
    action: Action,
    target: Target,
) -> Result<(), AppError> {
    let Err(denial) = check(user, action, &target) else {
        return Ok(());
    };
    let (reason, err) = match denial {
        Denial::OtherProgram => ("other_program", AppError::NotFound),
        Denial::Caseload => ("caseload", AppError::NotFound),
        Denial::Role => ("role", AppError::Forbidden),
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
#[path = "policy/tests.rs"]
mod tests;
