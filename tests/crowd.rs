//! Someone else's records, many of them: what a page of the demo's staff must not read.
//! 30 more staff in Riverbend (coordinators and providers, half each) and 200 more children
//! on the second coordinator's caseload, copied from Noah, each with a signed plan whose
//! service another provider delivers, and that service's visits (the SLP's, copied).
use crate::support::*;
use hearth::entities::{ifsp, ifsp_service};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The columns a copy lists (all but `id`), each taken from the copied row `alias` unless
/// `set` gives its value.
fn copy(cols: &[&str], alias: &str, set: &[(&str, String)]) -> (String, String) {
    let values = cols.iter().map(|c| {
        set.iter()
            .find(|(k, _)| k == c)
            .map_or_else(|| format!("{alias}.{c}"), |(_, v)| v.clone())
    });
    (cols.join(", "), values.collect::<Vec<_>>().join(", "))
}

const PLAN: &[&str] = &[
    "child_id",
    "program_id",
    "kind",
    "status",
    "meeting_date",
    "participants",
    "present_cognitive",
    "present_physical",
    "present_communication",
    "present_social_emotional",
    "present_adaptive",
    "family_agrees",
    "family_concerns",
    "family_priorities",
    "family_resources",
    "routines",
    "other_services",
    "transition_steps",
    "behavior_patterns",
    "behavior_function",
    "replacement_skills",
    "caregiver_responses",
    "supersedes_id",
    "signed_at",
    "version",
    "created_by",
    "created_at",
    "updated_at",
];

const SERVICE: &[&str] = &[
    "ifsp_id",
    "service_type",
    "discipline",
    "provider_id",
    "frequency",
    "period",
    "mode",
    "minutes",
    "method",
    "location",
    "justification",
    "start_date",
    "end_date",
    "payer",
    "consent_given",
    "consent_date",
];

const VISIT: &[&str] = &[
    "program_id",
    "child_id",
    "service_id",
    "provider_id",
    "status",
    "starts_at",
    "ends_at",
    "method",
    "location",
    "participants",
    "parent_report",
    "outcomes_addressed",
    "routine",
    "tried",
    "caregiver_did",
    "child_response",
    "coaching",
    "activities",
    "joint_plan",
    "next_visit_on",
    "abc_entries",
    "mileage_tenths",
    "cancelled_by",
    "cancel_reason",
    "makeup_due",
    "makeup_of_id",
    "logged_at",
    "signed_at",
    "signed_name",
    "signed_credential",
    "reviewed_at",
    "reviewed_by",
    "review_comment",
    "fidelity",
    "version",
    "created_by",
    "created_at",
    "updated_at",
];

pub async fn crowd(app: &TestApp) {
    app.exec(
        "INSERT INTO users (program_id, email, display_name, password_hash, role, discipline, \
         active, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30) \
         SELECT u.program_id, 'extra' || n.i || '@riverbend.example', 'Extra Staff ' || n.i, \
         u.password_hash, CASE WHEN n.i % 2 = 0 THEN 'coordinator' ELSE 'provider' END, \
         CASE WHEN n.i % 2 = 0 THEN NULL ELSE 'slp' END, u.active, u.created_at, u.updated_at \
         FROM n, users u WHERE u.email = 'slp@riverbend.example'",
    )
    .await;
    let noah = child_named(app, "Noah").await;
    app.exec(&format!(
        "INSERT INTO children (program_id, family_id, first_name, last_name, date_of_birth, \
         coordinator_id, status, version, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) \
         SELECT c.program_id, c.family_id, 'Other', 'Child ' || n.i, c.date_of_birth, \
         c.coordinator_id, c.status, 1, c.created_at, c.updated_at \
         FROM n, children c WHERE c.id = {}",
        noah.id
    ))
    .await;
    // The SLP's service on a signed plan, copied with its plan for each new child, delivered
    // by another provider.
    let slp = app.user_id(PROVIDER).await;
    let other = app.user_id("extra1@riverbend.example").await;
    let mut service = None;
    for s in ifsp_service::Entity::find()
        .filter(ifsp_service::Column::ProviderId.eq(slp))
        .all(&app.db)
        .await
        .unwrap()
    {
        let plan = ifsp::Entity::find_by_id(s.ifsp_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if plan.status == ifsp::Status::Signed {
            service = Some((s.id, plan.id));
        }
    }
    let (service, plan) = service.expect("a service of the SLP's on a signed plan");
    let (cols, values) = copy(
        PLAN,
        "p",
        &[
            ("child_id", "c.id".into()),
            ("supersedes_id", "NULL".into()),
        ],
    );
    app.exec(&format!(
        "INSERT INTO ifsps ({cols}) SELECT {values} FROM children c, ifsps p \
         WHERE c.first_name = 'Other' AND p.id = {plan}"
    ))
    .await;
    let (cols, values) = copy(
        SERVICE,
        "s",
        &[
            ("ifsp_id", "p.id".into()),
            ("provider_id", other.to_string()),
        ],
    );
    app.exec(&format!(
        "INSERT INTO ifsp_services ({cols}) SELECT {values} \
         FROM ifsps p JOIN children c ON c.id = p.child_id, ifsp_services s \
         WHERE c.first_name = 'Other' AND s.id = {service}"
    ))
    .await;
    let (cols, values) = copy(
        VISIT,
        "v",
        &[
            ("child_id", "c.id".into()),
            ("service_id", "s.id".into()),
            ("provider_id", other.to_string()),
            ("makeup_of_id", "NULL".into()),
        ],
    );
    app.exec(&format!(
        "INSERT INTO visits ({cols}) SELECT {values} FROM ifsp_services s \
         JOIN ifsps p ON p.id = s.ifsp_id JOIN children c ON c.id = p.child_id, visits v \
         WHERE c.first_name = 'Other' AND v.service_id = {service}"
    ))
    .await;
}
