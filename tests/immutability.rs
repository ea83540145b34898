//! Issue 18: what is signed or disclosed cannot be changed or deleted by a direct UPDATE or
//! DELETE either (migration 000024's triggers, on SQLite and PostgreSQL), while what the app
//! itself writes still works. The statements go straight to the database here, not through
//! `TestApp::exec` (which lifts the triggers, as an owner could).
use crate::support::*;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// Runs `sql` directly and returns the refusal's text; panics if it was not refused.
async fn refused(app: &TestApp, sql: &str) -> String {
    match app.db.execute_unprepared(sql).await {
        Ok(r) => panic!("not refused ({} rows): {sql}", r.rows_affected()),
        Err(e) => e.to_string(),
    }
}

/// Runs `sql` directly, which must succeed, and returns the rows it touched.
async fn allowed(app: &TestApp, sql: &str) -> u64 {
    app.db
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .rows_affected()
}

async fn one_id(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no row: {sql}"));
    row.try_get_by_index::<i64>(0)
        .or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from))
        .unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    one_id(app, &format!("SELECT COUNT(*) FROM ({sql}) AS q")).await
}

fn pg(app: &TestApp) -> bool {
    app.db.get_database_backend() == DbBackend::Postgres
}

#[tokio::test]
async fn audit_rows_cannot_be_changed_or_deleted_but_the_app_appends() {
    let app = TestApp::spawn().await;
    app.signed_in(ADMIN).await;
    app.signed_in(COORDINATOR).await;
    let id = one_id(&app, "SELECT MIN(id) FROM audit_log").await;
    let before = app.audit_rows("auth.login").await;
    const WHY: &str = "hearth: audit rows cannot be changed or deleted";
    for sql in [
        format!("UPDATE audit_log SET entity_id = 'someone-else' WHERE id = {id}"),
        format!("UPDATE audit_log SET hash = '' WHERE id = {id}"),
        format!("UPDATE audit_log SET alg = 'sha256' WHERE id = {id}"),
        format!("DELETE FROM audit_log WHERE id = {id}"),
        "DELETE FROM audit_log".to_owned(),
    ] {
        let e = refused(&app, &sql).await;
        assert!(e.contains(WHY), "{sql}: {e}");
    }
    if pg(&app) {
        let e = refused(&app, "TRUNCATE audit_log").await;
        assert!(e.contains("hearth: audit_log cannot be truncated"), "{e}");
        let e = refused(&app, &format!(
            "INSERT INTO audit_log (id, action, entity_type, detail, created_at, prev_hash, hash) \
             VALUES ({id}, 'x', 'x', '', now(), '', '') ON CONFLICT (id) DO UPDATE SET action = 'x'"
        ))
        .await;
        assert!(e.contains(WHY), "{e}");
    } else {
        // SQLite's REPLACE deletes the old row without a DELETE trigger: refused on insert.
        let e = refused(&app, &format!(
            "INSERT OR REPLACE INTO audit_log (id, action, entity_type, detail, created_at, prev_hash, hash) \
             SELECT id, 'x', entity_type, detail, created_at, prev_hash, hash FROM audit_log WHERE id = {id}"
        ))
        .await;
        assert!(e.contains(WHY), "{e}");
    }
    assert_eq!(app.audit_rows("auth.login").await, before);
    // The app's own append (insert, then its hashes set once) still works.
    app.signed_in(SUPERVISOR).await;
    assert_eq!(app.audit_rows("auth.login").await.len(), before.len() + 1);
    assert!(matches!(
        hearth::audit::verify_chain(&app.db).await.unwrap(),
        hearth::audit::ChainStatus::Intact { .. }
    ));
}

#[tokio::test]
async fn a_signed_visit_note_cannot_be_changed_or_deleted_but_is_reviewed_once() {
    let app = TestApp::spawn().await;
    let id = one_id(
        &app,
        "SELECT MIN(id) FROM visits WHERE signed_at IS NOT NULL AND reviewed_at IS NULL",
    )
    .await;
    const WHY: &str = "hearth: a signed visit note cannot be changed or deleted (add an addendum)";
    for sql in [
        format!("UPDATE visits SET tried = 'something else' WHERE id = {id}"),
        format!("UPDATE visits SET signed_at = NULL WHERE id = {id}"),
        format!("UPDATE visits SET mileage_tenths = mileage_tenths + 1 WHERE id = {id}"),
        // Columns added after the guard was first built (migration 000041 covers them).
        format!("UPDATE visits SET joint_plan_family = 'Otra cosa' WHERE id = {id}"),
        format!("UPDATE visits SET joint_plan_lang = 'es' WHERE id = {id}"),
        format!("UPDATE visits SET meeting_link = 'https://meet.example/x' WHERE id = {id}"),
        format!("UPDATE visits SET remote_coaching = 'other' WHERE id = {id}"),
        format!("UPDATE visits SET remote_coaching_note = 'changed' WHERE id = {id}"),
        format!("DELETE FROM visits WHERE id = {id}"),
    ] {
        let e = refused(&app, &sql).await;
        assert!(e.contains(WHY), "{sql}: {e}");
    }
    // The supervisor's review is written once, as `visits::commands::review` does.
    let sup = app.user_id(SUPERVISOR).await;
    let now = if pg(&app) {
        "now()"
    } else {
        "CURRENT_TIMESTAMP"
    };
    let review = format!(
        "UPDATE visits SET reviewed_at = {now}, reviewed_by = {sup}, review_comment = 'ok', fidelity = 4 WHERE id = {id}"
    );
    assert_eq!(allowed(&app, &review).await, 1);
    let e = refused(&app, &review).await;
    assert!(e.contains(WHY), "{e}");
    // A visit that is only scheduled is still the provider's to move or remove.
    let open = one_id(&app, "SELECT MIN(id) FROM visits WHERE signed_at IS NULL").await;
    assert_eq!(
        allowed(
            &app,
            &format!("UPDATE visits SET version = version + 1 WHERE id = {open}")
        )
        .await,
        1
    );
    assert_eq!(
        allowed(&app, &format!("DELETE FROM visits WHERE id = {open}")).await,
        1
    );
}

#[tokio::test]
async fn an_addendum_cannot_be_changed_or_deleted() {
    let app = TestApp::spawn().await;
    let visit = one_id(
        &app,
        "SELECT MIN(id) FROM visits WHERE signed_at IS NOT NULL",
    )
    .await;
    let by = app.user_id(PROVIDER).await;
    allowed(
        &app,
        &format!(
            "INSERT INTO visit_addenda (visit_id, body, reason, signed_by, signed_name, created_at) \
             VALUES ({visit}, 'Mileage was 12.0', 'typo', {by}, 'Sam Provider', '2026-11-30 10:00:00+00:00')"
        ),
    )
    .await;
    let id = one_id(&app, "SELECT MAX(id) FROM visit_addenda").await;
    for sql in [
        format!("UPDATE visit_addenda SET body = 'Mileage was 120' WHERE id = {id}"),
        format!("DELETE FROM visit_addenda WHERE id = {id}"),
    ] {
        let e = refused(&app, &sql).await;
        assert!(
            e.contains("hearth: an addendum cannot be changed or deleted"),
            "{sql}: {e}"
        );
    }
    assert_eq!(
        count(
            &app,
            &format!("SELECT id FROM visit_addenda WHERE id = {id} AND body = 'Mileage was 12.0'")
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_disclosure_cannot_be_changed_or_deleted() {
    let app = TestApp::spawn().await;
    let child = one_id(&app, "SELECT MIN(id) FROM children").await;
    allowed(
        &app,
        &format!(
            "INSERT INTO disclosures (child_id, recipient, kind, what, purpose, channel, content, at) \
             VALUES ({child}, 'Riverbend Schools', 'lea_notification', 'name, date of birth', 'transition', 'email', '{{}}', '2026-11-30 10:00:00+00:00')"
        ),
    )
    .await;
    let id = one_id(&app, "SELECT MAX(id) FROM disclosures").await;
    for sql in [
        format!("UPDATE disclosures SET recipient = 'nobody' WHERE id = {id}"),
        format!("DELETE FROM disclosures WHERE id = {id}"),
        format!("DELETE FROM disclosures WHERE child_id = {child}"),
    ] {
        let e = refused(&app, &sql).await;
        assert!(
            e.contains("hearth: a disclosure record cannot be changed or deleted"),
            "{sql}: {e}"
        );
    }
    if pg(&app) {
        let e = refused(&app, "TRUNCATE disclosures").await;
        assert!(e.contains("hearth: disclosures cannot be truncated"), "{e}");
    }
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT id FROM disclosures WHERE id = {id} AND recipient = 'Riverbend Schools'"
            )
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_signed_plan_version_cannot_be_changed_or_deleted_only_superseded() {
    let app = TestApp::spawn().await;
    let signed = one_id(&app, "SELECT MIN(id) FROM ifsps WHERE status = 'signed'").await;
    let old = one_id(
        &app,
        "SELECT MIN(id) FROM ifsps WHERE status = 'superseded'",
    )
    .await;
    const WHY: &str =
        "hearth: a signed plan version cannot be changed or deleted (only superseded)";
    for sql in [
        format!("UPDATE ifsps SET participants = 'someone else' WHERE id = {signed}"),
        format!("UPDATE ifsps SET status = 'draft' WHERE id = {signed}"),
        format!(
            "UPDATE ifsps SET status = 'superseded', family_concerns = 'x' WHERE id = {signed}"
        ),
        format!("UPDATE ifsps SET status = 'signed' WHERE id = {old}"),
        format!("UPDATE ifsps SET routines = 'x' WHERE id = {old}"),
        format!("DELETE FROM ifsps WHERE id = {signed}"),
        format!("DELETE FROM ifsps WHERE id = {old}"),
    ] {
        let e = refused(&app, &sql).await;
        assert!(e.contains(WHY), "{sql}: {e}");
    }
    // Signing a new version supersedes this one: its status, and nothing else, changes.
    assert_eq!(
        allowed(
            &app,
            &format!("UPDATE ifsps SET status = 'superseded' WHERE id = {signed}")
        )
        .await,
        1
    );
}

#[tokio::test]
async fn the_outcomes_services_and_signatures_of_a_signed_plan_cannot_be_changed_or_deleted() {
    let app = TestApp::spawn().await;
    let plan = "(SELECT id FROM ifsps WHERE status = 'signed')";
    for (table, set, what) in [
        ("ifsp_outcomes", "statement = 'x'", "outcomes"),
        ("ifsp_outcomes", "family_statement = 'x'", "outcomes"),
        ("ifsp_outcomes", "family_lang = 'es'", "outcomes"),
        ("ifsp_services", "minutes = minutes + 15", "services"),
        ("ifsp_signatures", "name = 'Someone Else'", "signatures"),
    ] {
        let id = one_id(
            &app,
            &format!("SELECT MIN(id) FROM {table} WHERE ifsp_id IN {plan}"),
        )
        .await;
        let why = format!("hearth: the {what} of a signed plan cannot be changed or deleted");
        for sql in [
            format!("UPDATE {table} SET {set} WHERE id = {id}"),
            format!("DELETE FROM {table} WHERE id = {id}"),
        ] {
            let e = refused(&app, &sql).await;
            assert!(e.contains(&why), "{sql}: {e}");
        }
    }
}

/// The visits guard's text as the engine holds it: SQLite's UPDATE trigger, PostgreSQL's
/// trigger function.
async fn visits_guard(app: &TestApp) -> String {
    let sql = if pg(app) {
        "SELECT prosrc AS body FROM pg_proc WHERE proname = 'hearth_guard_visits'"
    } else {
        "SELECT sql AS body FROM sqlite_master WHERE name = 'hearth_guard_visits_update'"
    };
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .expect("the visits guard exists");
    row.try_get::<String>("", "body").unwrap()
}

#[tokio::test]
async fn the_guard_over_the_new_visit_columns_goes_down_with_them_and_up_again() {
    use migration::MigratorTrait;
    let app = TestApp::spawn_seeded(&[], |_| Box::pin(async { Ok(()) })).await;
    assert!(visits_guard(&app).await.contains("\"joint_plan_family\""));
    // Down to before the telehealth columns: SQLite drops no column a trigger names, so the
    // guard is built without them first.
    let names: Vec<String> = migration::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let from = names
        .iter()
        .position(|n| n == "m20261204_000036_add_telehealth")
        .unwrap();
    migration::Migrator::down(&app.db, Some((names.len() - from) as u32))
        .await
        .expect("down");
    let before = visits_guard(&app).await;
    assert!(before.contains("\"tried\""), "still guarded: {before}");
    assert!(!before.contains("joint_plan_family") && !before.contains("meeting_link"));
    migration::Migrator::up(&app.db, None)
        .await
        .expect("up again");
    let after = visits_guard(&app).await;
    for c in [
        "joint_plan_family",
        "joint_plan_lang",
        "meeting_link",
        "remote_coaching_note",
    ] {
        assert!(after.contains(&format!("\"{c}\"")), "{c}: {after}");
    }
}
