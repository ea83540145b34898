//! The policy's table tests: the rules as they read.
use super::*;
use crate::entities::Choice;
use crate::program::rules::ProgramRules;

fn user(role: Role, id: i32) -> CurrentUser {
    CurrentUser {
        id,
        program_id: 1,
        program_name: "P".into(),
        email: "x@y.z".into(),
        display_name: "X".into(),
        role,
        discipline: None,
        session_id: "s".into(),
        rules: ProgramRules::default(),
        timezone: chrono_tz::UTC,
    }
}

fn child_on(coordinator: Option<i32>, program_id: i32) -> Target {
    Target {
        program_id,
        entity_type: "child",
        entity_id: Some("9".into()),
        caseload: Some(coordinator),
        providers: vec![42],
    }
}

#[test]
fn only_admins_manage_staff_and_read_the_audit_log() {
    for role in Role::all() {
        assert_eq!(role_allows(role, Action::ManageStaff), role == Role::Admin);
        assert_eq!(role_allows(role, Action::ViewAudit), role == Role::Admin);
    }
    assert!(role_allows(Role::Supervisor, Action::ViewStaff));
    assert!(!role_allows(Role::Provider, Action::ViewStaff));
}

#[test]
fn the_lead_agency_reads_every_programs_reports_and_nothing_else() {
    let me = user(Role::LeadAgency, 7);
    // Reports: its own program row and any other.
    for program in [1, 2, 99] {
        let t = Target::record(program, "program", program);
        assert_eq!(check(&me, Action::ViewReports, &t), Ok(()), "{program}");
    }
    // Every other action: refused for the role in its own program, and 404 elsewhere.
    let others = [
        Action::ViewStaff,
        Action::ManageStaff,
        Action::ViewAudit,
        Action::ManageSettings,
        Action::CreateReferral,
        Action::ViewChild,
        Action::EditChild,
        Action::ReassignChild,
        Action::ViewProgramCaseload,
        Action::ReviewVisit,
        Action::PublishActivity,
        Action::ManageMail,
        Action::ManageAgencies,
    ];
    for action in others {
        assert!(!role_allows(Role::LeadAgency, action), "{action:?}");
        assert_eq!(
            check(&me, action, &Target::program(&me)),
            Err(Denial::Role),
            "{action:?}"
        );
        assert_eq!(
            check(&me, action, &Target::record(2, "program", 2)),
            Err(Denial::OtherProgram),
            "{action:?}"
        );
    }
    // No child's page, even one "on its caseload" or served by it.
    let mine = Target {
        providers: vec![7],
        ..child_on(Some(7), 1)
    };
    assert!(!can(&me, Action::ViewChild, &mine));
    // Only the reports' routes, its account and signing out.
    let routes = [
        ("GET", "/", true),
        ("GET", "/reports/indicators", true),
        ("GET", "/reports/indicators/{indicator}", true),
        ("GET", "/dashboard", true),
        ("GET", "/account", true),
        ("POST", "/account", true),
        ("POST", "/logout", true),
        ("POST", "/reports/indicators", false),
        ("GET", "/children/{id}", false),
        ("GET", "/caseload", false),
        ("GET", "/staff", false),
        ("GET", "/settings", false),
        ("GET", "/settings/api-tokens", false),
        ("GET", "/audit", false),
        ("GET", "/outbox", false),
        ("GET", "/activities", false),
        ("POST", "/activities", false),
        ("POST", "/calendar", false),
        ("POST", "/children/{id}/activities", false),
        ("DELETE", "/", false),
    ];
    for (method, route, allowed) in routes {
        assert_eq!(lead_agency_may(method, route), allowed, "{method} {route}");
    }
}

#[test]
fn only_supervisors_and_admins_view_reports_and_only_their_programs() {
    let table = [
        (Role::Admin, true),
        (Role::Supervisor, true),
        (Role::Coordinator, false),
        (Role::Provider, false),
    ];
    for (role, allowed) in table {
        assert_eq!(role_allows(role, Action::ViewReports), allowed, "{role:?}");
        let me = user(role, 1);
        assert_eq!(
            can(&me, Action::ViewReports, &Target::program(&me)),
            allowed
        );
        let other = Target::record(2, "program", 2);
        assert_eq!(
            check(&me, Action::ViewReports, &other),
            Err(Denial::OtherProgram),
            "{role:?}"
        );
    }
}

#[test]
fn coordinators_see_their_own_caseload_and_others_only_with_team_visibility() {
    let mut me = user(Role::Coordinator, 5);
    assert_eq!(check(&me, Action::ViewChild, &child_on(Some(5), 1)), Ok(()));
    assert_eq!(check(&me, Action::EditChild, &child_on(Some(5), 1)), Ok(()));
    assert_eq!(
        check(&me, Action::ViewChild, &child_on(Some(6), 1)),
        Err(Denial::Caseload)
    );
    assert_eq!(
        check(&me, Action::ViewChild, &child_on(None, 1)),
        Err(Denial::Caseload)
    );
    me.rules.team_visibility = true;
    assert_eq!(check(&me, Action::ViewChild, &child_on(Some(6), 1)), Ok(()));
    assert_eq!(
        check(&me, Action::EditChild, &child_on(Some(6), 1)),
        Err(Denial::Caseload)
    );
    assert_eq!(
        check(&me, Action::ViewChild, &child_on(Some(5), 2)),
        Err(Denial::OtherProgram)
    );
}

#[test]
fn supervisors_see_every_child_and_providers_only_theirs() {
    assert!(can(
        &user(Role::Supervisor, 1),
        Action::ViewChild,
        &child_on(Some(6), 1)
    ));
    assert!(!can(
        &user(Role::Supervisor, 1),
        Action::ReassignChild,
        &child_on(Some(6), 1)
    ));
    assert!(can(
        &user(Role::Admin, 1),
        Action::ReassignChild,
        &child_on(Some(6), 1)
    ));
    assert!(!can(
        &user(Role::Provider, 1),
        Action::ViewChild,
        &child_on(Some(6), 1)
    ));
}

#[test]
fn providers_read_only_the_children_they_serve() {
    let me = user(Role::Provider, 42);
    assert!(can(&me, Action::ViewChild, &child_on(Some(6), 1)));
    assert!(!can(&me, Action::EditChild, &child_on(Some(6), 1)));
    assert!(!can(
        &user(Role::Provider, 43),
        Action::ViewChild,
        &child_on(Some(6), 1)
    ));
    assert!(
        !can(&me, Action::ViewChild, &child_on(Some(6), 2)),
        "never across programs"
    );
}
