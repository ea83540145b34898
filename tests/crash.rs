//! Issue 18, crash test: `hearth serve` (the real binary) takes concurrent visit-note saves and
//! signings from several providers, is SIGKILLed once a count of writes has been acknowledged,
//! and is started again on the same database. Every write that was answered with success must
//! be there with its content, with its audit row, the database must be sound (SQLite's
//! `PRAGMA integrity_check`; on both engines: one audit row per change, no orphan rows) and
//! `hearth audit verify` must pass.
//!
//! Nothing here waits on a clock: the kill comes when the count of acknowledged writes reaches
//! `HEARTH_CRASH_WRITES` (a small default keeps CI to seconds), and every other wait is on
//! state (a process answering, a process gone), bounded by `eventually`'s hang guard.
use crate::crash_helpers::*;
use crate::support::*;
use crate::templates::{self, Start};
use hearth::entities::{audit_log, child, visit};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Acknowledged writes before the kill in CI; `HEARTH_CRASH_WRITES=2000` for the full run.
const CI_WRITES: usize = 120;

/// The writers: one browser each, two of them the same provider on two devices.
const WRITERS: [&str; 4] = [
    PROVIDER,
    "ot@riverbend.example",
    "pt@riverbend.example",
    PROVIDER,
];

fn kill_at() -> usize {
    std::env::var("HEARTH_CRASH_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CI_WRITES)
}

fn engine() -> &'static str {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        "postgres"
    } else {
        "sqlite"
    }
}

#[tokio::test]
async fn every_acknowledged_note_write_survives_a_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _pg) = templates::database(Start::Demo, dir.path()).await;
    let vars: Vec<(String, String)> = [
        ("DATABASE_URL", url.as_str()),
        ("HEARTH_DATA_DIR", &dir.path().display().to_string()),
        ("HEARTH_SECRET_KEY", SECRET),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();

    // The visits are prepared, then this process lets go of the database: at the kill only
    // the server has it open, as in production.
    let db = hearth::db::connect(&url).await.unwrap();
    let work = prepare(&db, &WRITERS).await;
    let before: BTreeMap<i32, i32> = work
        .iter()
        .flatten()
        .map(|(v, _)| (v.id, v.version))
        .collect();
    let child = child::Entity::find()
        .filter(child::Column::FirstName.eq("Mateo"))
        .one(&db)
        .await
        .unwrap()
        .expect("the demo's Mateo");
    db.close().await.unwrap();
    let visits = before.len();
    let target = kill_at();
    // Room for twice the writes the kill waits for, so writers are busy when it comes.
    let per_visit = (2 * target).div_ceil(visits).max(2) as i32;
    assert!(visits >= WRITERS.len(), "{visits} demo visits to write on");

    let server = Serve::start(&vars).await;
    let acked = Arc::new(AtomicUsize::new(0));
    let running = Arc::new(AtomicUsize::new(WRITERS.len()));
    let mut tasks = Vec::new();
    for (who, (email, mine)) in WRITERS.iter().zip(work).enumerate() {
        let b = server.signed_in(email).await;
        let (acked, running) = (acked.clone(), running.clone());
        tasks.push(tokio::spawn(async move {
            let out = write(who, b, mine, per_visit, acked).await;
            running.fetch_sub(1, Ordering::SeqCst);
            out
        }));
    }
    let viewer = tokio::spawn(view(
        server.signed_in(COORDINATOR).await,
        format!("/children/{}", child.id),
    ));
    eventually(format!("{target} acknowledged writes"), || {
        let done = acked.load(Ordering::SeqCst) >= target || running.load(Ordering::SeqCst) == 0;
        async move { done.then_some(()) }
    })
    .await;
    let mut server = server;
    server.child.kill().expect("SIGKILL");
    let killed = server.child.wait().unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&killed),
        Some(9),
        "killed by SIGKILL: {killed:?}"
    );
    let mut attempts = Vec::new();
    let mut refused = Vec::new();
    for t in tasks {
        let (a, r) = t.await.unwrap();
        attempts.extend(a);
        refused.extend(r);
    }
    assert!(
        refused.is_empty(),
        "writes refused before the kill: {refused:?}"
    );
    let views = viewer.await.unwrap();
    let acknowledged = attempts.iter().filter(|a| a.acked).count();
    assert!(
        acknowledged >= target,
        "the writers ran out of work at {acknowledged} acknowledged writes, before {target}"
    );
    assert!(
        attempts.iter().any(|a| !a.acked),
        "the kill came after every write was done"
    );

    // Straight after the kill, before anything opens the database for writing again.
    if engine() == "sqlite" {
        sqlite_sound(&url).await;
    }

    // Started again on the same database: it serves the notes as they were acknowledged.
    let server = Serve::start(&vars).await;
    let db = hearth::db::connect(&url).await.unwrap();
    let mut by_visit: BTreeMap<i32, Vec<&Attempt>> = BTreeMap::new();
    for a in &attempts {
        by_visit.entry(a.visit).or_default().push(a);
    }
    let mut found = 0;
    let mut readers = BTreeMap::new();
    for (id, sent) in &by_visit {
        let v = visit::Entity::find_by_id(*id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        // The stored version is the last acknowledged write's, or one more when the write in
        // flight at the kill was committed; the text and signature are that write's.
        let last_acked = sent.iter().rev().find(|a| a.acked).map(|a| a.version);
        let floor = last_acked.unwrap_or(before[id]);
        assert!(
            v.version == floor || v.version == floor + 1,
            "visit {id}: version {} after acknowledged {floor}",
            v.version
        );
        if v.version > before[id] {
            let a = sent
                .iter()
                .find(|a| a.version == v.version)
                .unwrap_or_else(|| panic!("visit {id}: version {} was never sent", v.version));
            assert_eq!(v.tried, a.text, "visit {id}");
            assert_eq!(v.signed_at.is_some(), a.sign, "visit {id} signed");
        } else {
            assert!(v.signed_at.is_none(), "visit {id} signed without a write");
        }
        // One audit row per stored change, each naming its version: an acknowledged write
        // without its row, or a row without its change, fails here.
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::EntityType.eq("visit"))
            .filter(audit_log::Column::EntityId.eq(id.to_string()))
            .filter(audit_log::Column::Action.is_in(["visit.saved", "visit.signed"]))
            .all(&db)
            .await
            .unwrap();
        let mut audited: Vec<(i32, bool)> = rows
            .iter()
            .map(|r| {
                let d: serde_json::Value = serde_json::from_str(&r.detail).unwrap();
                (
                    d["version"].as_i64().unwrap() as i32,
                    r.action == "visit.signed",
                )
            })
            .collect();
        audited.sort();
        let stored: Vec<(i32, bool)> = sent
            .iter()
            .filter(|a| a.version <= v.version)
            .map(|a| (a.version, a.sign))
            .collect();
        assert_eq!(audited, stored, "visit {id}: audit rows by version");
        found += sent
            .iter()
            .filter(|a| a.acked && a.version <= v.version)
            .count();
        // And the restarted server shows the stored note to its provider.
        if v.version > before[id] {
            let email = WRITERS[sent[0].who];
            let b = match readers.get(email) {
                Some(b) => b,
                None => readers
                    .entry(email)
                    .or_insert(server.signed_in(email).await),
            };
            let (status, html) = b.page(&format!("/visits/{id}")).await;
            assert_eq!(status, StatusCode::OK, "visit {id}");
            assert!(html.contains(&v.tried), "visit {id} shows its note");
        }
    }
    // Both engines: no note, addendum or audit-free signature left half-made.
    let orphans = count(
        &db,
        "SELECT COUNT(*) AS n FROM coaching_notes WHERE visit_id NOT IN (SELECT id FROM visits)",
    )
    .await;
    assert_eq!(orphans, 0, "coaching notes without their visit");
    let orphans = count(
        &db,
        "SELECT COUNT(*) AS n FROM visit_addenda WHERE visit_id NOT IN (SELECT id FROM visits)",
    )
    .await;
    assert_eq!(orphans, 0, "addenda without their visit");
    let ids = by_visit
        .keys()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let unaudited = count(
        &db,
        &format!(
            "SELECT COUNT(*) AS n FROM visits v WHERE v.id IN ({ids}) AND v.signed_at IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'visit.signed' \
             AND a.entity_type = 'visit' AND a.entity_id = CAST(v.id AS TEXT))"
        ),
    )
    .await;
    assert_eq!(unaudited, 0, "signed notes without their audit row");
    // Every view that was answered has its row, found by the request id it sent.
    let audited_views = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("child.viewed"))
        .filter(audit_log::Column::RequestId.is_in(views.iter().cloned()))
        .all(&db)
        .await
        .unwrap()
        .len();
    assert_eq!(
        audited_views,
        views.len(),
        "answered views without their audit row"
    );
    db.close().await.unwrap();
    drop(server);

    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["audit", "verify"])
        .env_clear()
        .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("hearth audit verify");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "hearth audit verify: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("audit chain intact: "), "{stdout}");
    if engine() == "sqlite" {
        sqlite_sound(&url).await;
    }
    let signed = attempts.iter().filter(|a| a.acked && a.sign).count();
    println!(
        "crash: {acknowledged} acknowledged writes, {found} found after SIGKILL ({})",
        engine()
    );
    println!(
        "crash: {} views answered during the writes, {audited_views} of them audited",
        views.len()
    );
    println!(
        "crash: {visits} visits, {per_visit} writes each at most, {signed} acknowledged signings, {} writers",
        WRITERS.len()
    );
    assert_eq!(found, acknowledged);
}
