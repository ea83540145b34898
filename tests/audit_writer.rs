//! Issue 16: stand-alone audit rows (page views) are appended by group commit. A view is
//! answered only after its row is committed, the chain stays whole, and views waiting at the
//! same moment share one transaction instead of queueing for the chain's lock one by one.
use crate::support::*;
use hearth::audit::{Actor, ChainStatus, Event, verify_chain};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DbBackend};
use std::sync::atomic::Ordering::Relaxed;

/// Twenty-four views of one child at once, from two signed-in staff: every one answered,
/// every one audited, the chain intact.
#[tokio::test]
async fn concurrent_views_are_each_audited_and_the_chain_holds() {
    let app = TestApp::spawn().await;
    let mateo = child_named(&app, "Mateo").await;
    let path = format!("/children/{}", mateo.id);
    let before = app.audit_rows("child.viewed").await.len();
    let browsers = [
        app.signed_in(COORDINATOR).await,
        app.signed_in(SUPERVISOR).await,
    ];
    let mut views = tokio::task::JoinSet::new();
    for i in 0..24 {
        let (client, url) = (browsers[i % 2].client.clone(), browsers[i % 2].url(&path));
        views.spawn(async move { client.get(url).send().await.unwrap().status() });
    }
    let statuses = views.join_all().await;
    assert_eq!(statuses, vec![StatusCode::OK; 24]);
    // Answered means committed: the rows are there without waiting for anything.
    assert_eq!(app.audit_rows("child.viewed").await.len(), before + 24);
    assert!(matches!(
        verify_chain(&app.db).await.unwrap(),
        ChainStatus::Intact { .. }
    ));
    let stats = app.state.audit.stats();
    println!(
        "audit writer: {} events in {} transactions (24 concurrent views)",
        stats.events.load(Relaxed),
        stats.batches.load(Relaxed)
    );
}

/// With the chain held by someone else (SQLite's write lock, PostgreSQL's audit lock), 21
/// events wait; when it is let go they are appended in at most two transactions, not 21,
/// and each caller hears only after its row is in.
#[tokio::test]
async fn events_waiting_together_share_one_commit() {
    let app = TestApp::spawn().await;
    let writer = hearth::audit::Writer::new(app.db.clone());
    let blocker = hearth::db::begin_write(&app.db).await.unwrap();
    if app.db.get_database_backend() == DbBackend::Postgres {
        // The audit chain's advisory lock (its key written out here by hand).
        blocker
            .execute_unprepared("SELECT pg_advisory_xact_lock(79462285857864)")
            .await
            .unwrap();
    }
    let calls: Vec<_> = (0..21)
        .map(|i| {
            let writer = writer.clone();
            tokio::spawn(async move {
                let ev = Event::new("test.batched", "test", i);
                writer.record(&Actor::system(None), ev).await
            })
        })
        .collect();
    eventually("21 events waiting for the chain", || {
        let waiting = writer.stats().waiting.load(Relaxed);
        async move { (waiting == 21).then_some(()) }
    })
    .await;
    assert!(app.audit_rows("test.batched").await.is_empty());
    assert!(
        calls.iter().all(|c| !c.is_finished()),
        "answered before its row was in"
    );
    blocker.commit().await.unwrap();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let stats = writer.stats();
    assert_eq!(stats.events.load(Relaxed), 21);
    let batches = stats.batches.load(Relaxed);
    assert!(
        (1..=2).contains(&batches),
        "{batches} transactions for 21 events"
    );
    let rows = app.audit_rows("test.batched").await;
    assert_eq!(rows.len(), 21);
    assert!(matches!(
        verify_chain(&app.db).await.unwrap(),
        ChainStatus::Intact { .. }
    ));
}
