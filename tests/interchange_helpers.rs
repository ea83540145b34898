//! Helpers of the interchange tests: the binary run against a test app's database, an
//! empty installation, the rows per covered table, and a small file written by hand.
use crate::support::TestApp;
use hearth::entities::{
    agency, caregiver, child, consent, cos_rating, delay, disclosure, evaluation,
    evaluation_result, family, program, referral, referral_packet, transition, user, visit,
    visit_addendum,
};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use std::process::Output;

/// Runs `hearth` against the app's database.
pub(crate) fn hearth(app: &TestApp, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(args)
        .env_clear()
        .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

pub(crate) fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub(crate) async fn empty() -> TestApp {
    TestApp::spawn_seeded(&[], |_| Box::pin(async { Ok(()) })).await
}

/// Rows per table the format covers, the remembered ids and the audit rows (indices 13 and
/// 14), then visits, addenda, packets and disclosures.
pub(crate) async fn counts(app: &TestApp) -> Vec<u64> {
    let db = &app.db;
    let ids = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM interchange_ids",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap() as u64;
    vec![
        program::Entity::find().count(db).await.unwrap(),
        user::Entity::find().count(db).await.unwrap(),
        agency::Entity::find().count(db).await.unwrap(),
        family::Entity::find().count(db).await.unwrap(),
        caregiver::Entity::find().count(db).await.unwrap(),
        child::Entity::find().count(db).await.unwrap(),
        referral::Entity::find().count(db).await.unwrap(),
        consent::Entity::find().count(db).await.unwrap(),
        evaluation::Entity::find().count(db).await.unwrap(),
        evaluation_result::Entity::find().count(db).await.unwrap(),
        delay::Entity::find().count(db).await.unwrap(),
        cos_rating::Entity::find().count(db).await.unwrap(),
        transition::Entity::find().count(db).await.unwrap(),
        ids,
        hearth::entities::audit_log::Entity::find()
            .count(db)
            .await
            .unwrap(),
        visit::Entity::find().count(db).await.unwrap(),
        visit_addendum::Entity::find().count(db).await.unwrap(),
        referral_packet::Entity::find().count(db).await.unwrap(),
        disclosure::Entity::find().count(db).await.unwrap(),
    ]
}

/// A small program, written by hand: every covered type once.
pub(crate) const GOOD: &str = r#"{"type":"program","id":"sis-p1","slug":"northfork","name":"North Fork EI","state_code":"PA","timezone":"America/New_York","rules":{},"created_at":"2026-01-05T09:00:00Z"}
{"type":"staff","id":"sis-s1","program":"sis-p1","email":"dana@northfork.example","display_name":"Dana Wu","role":"coordinator","discipline":null,"active":true,"created_at":"2026-01-05T09:00:00Z","updated_at":"2026-01-05T09:00:00Z"}
{"type":"agency","id":"sis-a1","program":"sis-p1","name":"North Fork School District","kind":"lea","service_area":"Ash","contact_name":"","email":"","phone":"","fax":"","address":"","preferred_channel":"mail","active":true,"created_at":"2026-01-05T09:00:00Z","updated_at":"2026-01-05T09:00:00Z"}
{"type":"family","id":"sis-f1","program":"sis-p1","address_line":"1 Elm St","city":"North Fork","county":"Ash","postal_code":"16001","created_at":"2026-01-05T09:00:00Z"}
{"type":"caregiver","id":"sis-g1","family":"sis-f1","name":"Rosa Diaz","relationship":"mother","email":null,"phone":"(555) 010-2233","preferred_contact":"phone","language":"es","interpreter_needed":true,"is_primary":true,"created_at":"2026-01-05T09:00:00Z"}
{"type":"child","id":"sis-c1","program":"sis-p1","family":"sis-f1","first_name":"Ana","last_name":"Diaz","date_of_birth":"2025-02-03","gestational_weeks":null,"sex":"female","race_ethnicity":null,"coordinator":"sis-s1","status":"referred","exit_category":null,"exit_date":null,"initial_ifsp_on":null,"created_at":"2026-01-05T09:00:00Z","updated_at":"2026-01-05T09:00:00Z"}
{"type":"referral","id":"sis-r1","child":"sis-c1","received_on":"2026-01-05","source":"physician","source_name":"Dr. Hale","concerns":"Not yet babbling.","first_contact_on":null,"created_by":"sis-s1","created_at":"2026-01-05T09:00:00Z"}
{"type":"consent","id":"sis-k1","child":"sis-c1","kind":"evaluation","agency_name":"","purpose":"Initial evaluation","given":true,"decided_on":"2026-01-06","decided_by":"Rosa Diaz","expires_on":null,"revoked_on":null,"recorded_by":"sis-s1","records":[],"created_at":"2026-01-06T09:00:00Z"}
{"type":"evaluation","id":"sis-e1","child":"sis-c1","evaluated_on":"2026-01-20","tools":"BDI-3","diagnosed_condition":"","informed_clinical_opinion":false,"notes":"","proposed_eligible":true,"reasons":"33% delay in communication","confirmed_eligible":true,"confirmed_on":"2026-01-22","confirmed_by":"sis-s1","notice_sent_on":"2026-01-23","created_by":"sis-s1","created_at":"2026-01-20T15:00:00Z"}
{"type":"evaluation_result","id":"sis-e1-communication","evaluation":"sis-e1","domain":"communication","developmental_months":8,"percent_delay":33.5,"sd":-1.75}
{"type":"delay","id":"sis-d1","child":"sis-c1","clock":"initial_ifsp","reason":"exceptional_family_circumstances","documented_on":"2026-02-10","note":"Family asked to postpone.","recorded_by":"sis-s1","created_at":"2026-02-10T09:00:00Z"}
{"type":"cos_rating","id":"sis-cos1","child":"sis-c1","phase":"entry","rated_on":"2026-02-20","rating_a":5,"rating_b":3,"rating_c":6,"new_skills_a":null,"new_skills_b":null,"new_skills_c":null,"evidence":"BDI-3; parent report","team":"Dana Wu; Rosa Diaz","created_by":"sis-s1","created_at":"2026-02-20T16:30:00.250Z"}
{"type":"transition","id":"sis-t1","child":"sis-c1","potentially_eligible":true,"eligibility_reason":"Communication delay","opt_out_informed_on":"2026-03-01","notified_on":null,"conference_on":null,"participants":"","family_approved_on":null,"family_declined_conference":false,"conference_held_on":null,"conference_notes":"","updated_at":"2026-03-01T10:00:00Z"}
"#;
