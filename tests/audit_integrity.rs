//! Issue 18: the audit chain is keyed and anchored. Each attack is made by direct SQL on the
//! test database (with the immutability triggers lifted, as an owner could), then
//! `hearth audit verify`, the real binary, must fail with the message written out here.
use crate::support::*;
use hearth::entities::audit_log;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait, QueryOrder,
    Statement,
};
use sha2::{Digest, Sha256};

/// Runs `sql` with the immutability triggers out of the way, in one transaction: what
/// `TestApp::exec` does for tests that set up history.
pub async fn unguarded(db: &DatabaseConnection, sql: &str) {
    let (txn, guards) = lift(db).await;
    txn.execute_unprepared(sql).await.expect(sql);
    restore(txn, guards).await;
}

/// A write transaction in which the immutability triggers do not fire, as an owner of the
/// database could arrange: on PostgreSQL a replica session (row triggers are skipped), on
/// SQLite the triggers dropped (inside the transaction; [`restore`] creates them again).
pub async fn lift(db: &DatabaseConnection) -> (DatabaseTransaction, Vec<String>) {
    let txn = hearth::db::begin_write(db).await.expect("begin");
    let guards = if db.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SET LOCAL session_replication_role = replica")
            .await
            .expect("replica role");
        Vec::new()
    } else {
        drop_guards(&txn).await
    };
    (txn, guards)
}

/// SQLite: drops the guard triggers inside `txn` and returns the statements that made them.
pub async fn drop_guards(txn: &DatabaseTransaction) -> Vec<String> {
    let rows = txn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'hearth_guard_%'",
        ))
        .await
        .expect("list triggers");
    let mut creates = Vec::new();
    for r in rows {
        let name: String = r.try_get("", "name").unwrap();
        txn.execute_unprepared(&format!("DROP TRIGGER {name}"))
            .await
            .expect("drop trigger");
        creates.push(r.try_get("", "sql").unwrap());
    }
    creates
}

/// Creates the dropped triggers again and commits.
pub async fn restore(txn: DatabaseTransaction, guards: Vec<String>) {
    for create in &guards {
        txn.execute_unprepared(create)
            .await
            .expect("recreate trigger");
    }
    txn.commit().await.expect("commit");
}

/// `hearth audit verify` on the test app's database and data directory: (passed, stdout,
/// stderr).
pub fn verify(app: &TestApp) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["audit", "verify"])
        .env_clear()
        .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .output()
        .expect("run hearth audit verify");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub async fn anchor(app: &TestApp) {
    hearth::audit::anchor::advance(&app.db, &app.state.config.audit_anchor)
        .await
        .expect("anchor");
}

pub async fn ids(app: &TestApp) -> Vec<i64> {
    audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

async fn stored_hash(app: &TestApp, id: i64) -> String {
    audit_log::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .hash
}

/// A demo database with some activity, anchored at its head.
pub async fn anchored_app() -> TestApp {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    app.browser().login(PROVIDER, "wrong password").await;
    for who in [SUPERVISOR, COORDINATOR, PROVIDER] {
        app.signed_in(who).await;
    }
    admin.get("/audit").await;
    assert!(ids(&app).await.len() >= 6);
    anchor(&app).await;
    app
}

#[tokio::test]
async fn an_untouched_chain_verifies_and_prints_its_head_and_the_anchor() {
    let app = anchored_app().await;
    let ids = ids(&app).await;
    let head = *ids.last().unwrap();
    let (ok, out, err) = verify(&app);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!("audit chain intact: {} rows", ids.len())),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "head: row {head} hash {}",
            stored_hash(&app, head).await
        )),
        "{out}"
    );
    assert!(out.contains("anchor matches the head"), "{out}");
    // Rows appended after the anchor was written are fine: the anchor is behind, not ahead.
    app.signed_in(COORDINATOR).await;
    let (ok, out, err) = verify(&app);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!("anchor matches row {head}; rows after it")),
        "{out}"
    );
    // Every row the app writes now is keyed.
    let rows = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert!(rows.iter().all(|r| r.alg == "hmac-sha256"));
}

#[tokio::test]
async fn cutting_off_the_newest_rows_fails_against_the_anchor() {
    let app = anchored_app().await;
    let ids = ids(&app).await;
    let (head, kept) = (ids[ids.len() - 1], ids[ids.len() - 4]);
    app.exec(&format!("DELETE FROM audit_log WHERE id > {kept}"))
        .await;
    // The chain that is left is whole; only the anchor shows what is missing.
    assert!(matches!(
        hearth::audit::verify_chain(&app.db).await.unwrap(),
        hearth::audit::ChainStatus::Intact { .. }
    ));
    let (ok, out, err) = verify(&app);
    assert!(!ok, "{out}");
    assert!(
        err.contains(&format!(
            "FAILED: the newest rows were cut off: the anchor names row {head}, the newest row is {kept}"
        )),
        "{err}"
    );
}

#[tokio::test]
async fn an_edited_row_fails_at_that_row() {
    let app = anchored_app().await;
    let ids = ids(&app).await;
    let edited = ids[ids.len() / 2];
    app.exec(&format!(
        "UPDATE audit_log SET entity_id = 'someone-else' WHERE id = {edited}"
    ))
    .await;
    let (ok, out, err) = verify(&app);
    assert!(!ok, "{out}");
    assert!(
        err.contains(&format!(
            "FAILED: audit chain broken at row {edited}: its content was changed after it was written"
        )),
        "{err}"
    );
}

#[tokio::test]
async fn a_deleted_middle_row_fails_at_its_successor() {
    let app = anchored_app().await;
    let ids = ids(&app).await;
    let (deleted, next) = (ids[ids.len() / 2], ids[ids.len() / 2 + 1]);
    app.exec(&format!("DELETE FROM audit_log WHERE id = {deleted}"))
        .await;
    let (ok, out, err) = verify(&app);
    assert!(!ok, "{out}");
    assert!(
        err.contains(&format!(
            "FAILED: audit chain broken at row {next}: does not follow the row before it (a row was removed or inserted)"
        )),
        "{err}"
    );
}

/// The attacker's own code: plain SHA-256 over the previous hash and the row's fields, as
/// the unkeyed chain was made (all anyone without the key can compute).
fn sha256_row(prev: &str, r: &audit_log::Model) -> String {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let fields = [
        prev.to_owned(),
        r.id.to_string(),
        opt(r.program_id.map(|v| v.to_string())),
        opt(r.user_id.map(|v| v.to_string())),
        r.action.clone(),
        r.entity_type.clone(),
        opt(r.entity_id.clone()),
        r.detail.clone(),
        opt(r.ip.clone()),
        opt(r.request_id.clone()),
        r.created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
    ];
    let mut h = Sha256::new();
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Edits row `edit`'s entity id and recomputes the chain from row `start` on as unkeyed
/// SHA-256, so every row follows the one before it again.
pub async fn recompute(app: &TestApp, start: i64, edit: i64) {
    let rows = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let mut prev = hearth::audit::model::GENESIS.to_owned();
    let mut sql = Vec::new();
    for mut r in rows {
        if r.id == edit {
            r.entity_id = Some("someone-else".into());
        }
        if r.id >= start {
            let hash = sha256_row(&prev, &r);
            sql.push(format!(
                "UPDATE audit_log SET entity_id = '{}', alg = 'sha256', prev_hash = '{prev}', hash = '{hash}' WHERE id = {}",
                r.entity_id.clone().unwrap_or_default(),
                r.id
            ));
            prev = hash;
        } else {
            prev = r.hash.clone();
        }
    }
    app.exec(&sql.join(";\n")).await;
}

#[tokio::test]
async fn a_chain_recomputed_without_the_key_fails() {
    let app = anchored_app().await;
    let ids = ids(&app).await;
    let (first, edited, head) = (ids[0], ids[ids.len() / 2], *ids.last().unwrap());
    // The whole chain, as if it had always been unkeyed: it hangs together, but its head is
    // no longer the anchored one.
    recompute(&app, first, edited).await;
    assert!(matches!(
        hearth::audit::verify_chain(&app.db).await.unwrap(),
        hearth::audit::ChainStatus::Intact { .. }
    ));
    let (ok, out, err) = verify(&app);
    assert!(!ok, "{out}");
    assert!(
        err.contains(&format!(
            "FAILED: the chain was rewritten: row {head} no longer has the anchored hash"
        )),
        "{err}"
    );
    assert!(
        out.contains(&format!(
            "unkeyed rows (plain sha256, written before the audit key): {}",
            ids.len()
        )),
        "{out}"
    );
}

#[tokio::test]
async fn unkeyed_rows_after_keyed_ones_fail_without_any_anchor() {
    let app = anchored_app().await;
    let ids = ids(&app).await;
    let edited = ids[ids.len() / 2];
    // Recomputed from the edited row on: the rows before it are keyed.
    recompute(&app, edited, edited).await;
    let (ok, out, err) = verify(&app);
    assert!(!ok, "{out}");
    assert!(
        err.contains(&format!(
            "FAILED: audit chain broken at row {edited}: is unkeyed (sha256) after the keyed chain began: written without the audit key"
        )),
        "{err}"
    );
}

#[tokio::test]
async fn an_older_installations_unkeyed_rows_still_verify_before_the_keyed_ones() {
    let app = anchored_app().await;
    let old = ids(&app).await;
    // As an installation from before migration 000024 had them: every row plain SHA-256, and
    // no anchor yet.
    recompute(&app, old[0], -1).await;
    std::fs::remove_file(&app.state.config.audit_anchor).unwrap();
    // The upgraded app goes on appending, keyed, from the last unkeyed hash.
    app.signed_in(COORDINATOR).await;
    let rows = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert!(rows[..old.len()].iter().all(|r| r.alg == "sha256"));
    assert!(rows[old.len()..].iter().all(|r| r.alg == "hmac-sha256"));
    assert_eq!(rows[old.len()].prev_hash, rows[old.len() - 1].hash);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["audit", "anchor"])
        .env_clear()
        .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap();
    assert!(out.status.success());
    let (ok, out, err) = verify(&app);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!("audit chain intact: {} rows", rows.len())),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "unkeyed rows (plain sha256, written before the audit key): {}",
            old.len()
        )),
        "{out}"
    );
}
