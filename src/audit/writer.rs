//! Audit rows that stand alone (a page view, a refusal, a sign-in) appended by group commit.
//!
//! Every read of a child's record is audited, and the row must exist before the page is
//! shown: a view that was answered is a view on the record. Appending each row in its own
//! transaction serialized the installation — the chain's lock (PostgreSQL) or SQLite's one
//! writer, and one `fsync`, per page view. Here each process has one writer task: a request
//! hands it its event and waits; the task takes every event waiting at that moment, appends
//! them in one transaction (one lock, one commit, the chain extended row by row in arrival
//! order) and answers each request after the commit. So nothing is acknowledged before it is
//! durable, and under load many views share one commit instead of queueing for one each.
//!
//! A change to the record does not come here: its audit row is written inside the change's
//! own transaction (`super::Change`), so the two commit or roll back together.
use super::{Actor, Event, record_in};
use sea_orm::{DatabaseConnection, DbErr};
use std::sync::{
    Arc, OnceLock,
    atomic::{AtomicUsize, Ordering::Relaxed},
};
use tokio::sync::{mpsc, oneshot};

/// Events one transaction takes at most; more waiting go in the next one.
const BATCH: usize = 256;
/// Requests that may wait for the writer before senders wait to hand theirs over.
const QUEUE: usize = 4096;

/// The error as text: a database error cannot be cloned to every request of a batch.
type Reply = oneshot::Sender<Result<(), String>>;
type Job = (Actor, Event, Reply);

/// This process's audit writer for one database. Cheap to clone; the task starts on first use
/// (inside the runtime) and ends when the last clone is dropped.
#[derive(Clone)]
pub struct Writer {
    db: DatabaseConnection,
    queue: Arc<OnceLock<mpsc::Sender<Job>>>,
    stats: Arc<Stats>,
}

/// What this writer has done: for tests and the bench, which show that views share commits.
#[derive(Debug, Default)]
pub struct Stats {
    /// Events handed over and not yet answered.
    pub waiting: AtomicUsize,
    /// Transactions the task has committed (or tried to).
    pub batches: AtomicUsize,
    /// Events answered.
    pub events: AtomicUsize,
}

impl Writer {
    pub fn new(db: DatabaseConnection) -> Self {
        Writer {
            db,
            queue: Arc::new(OnceLock::new()),
            stats: Arc::default(),
        }
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Appends one event and returns once it is committed.
    pub async fn record(&self, actor: &Actor, ev: Event) -> Result<(), DbErr> {
        let queue = self.queue.get_or_init(|| {
            let (tx, rx) = mpsc::channel(QUEUE);
            tokio::spawn(run(self.db.clone(), rx, self.stats.clone()));
            tx
        });
        let (reply, answer) = oneshot::channel();
        let job = (actor.clone(), ev, reply);
        self.stats.waiting.fetch_add(1, Relaxed);
        let _answered = Answered(&self.stats);
        match queue.send(job).await {
            Ok(()) => match answer.await {
                Ok(result) => result.map_err(DbErr::Custom),
                // The task ended before answering (its runtime is shutting down): the event
                // may or may not be in; say it failed, so the request is not acknowledged.
                Err(_) => Err(DbErr::Custom("audit writer stopped".into())),
            },
            // No task to take it: write it here, alone, as before.
            Err(mpsc::error::SendError((actor, ev, _))) => {
                super::record(&self.db, &actor, ev).await
            }
        }
    }
}

/// Counts the request as answered however it ends (also when its client goes away).
struct Answered<'a>(&'a Stats);

impl Drop for Answered<'_> {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Relaxed);
        self.0.events.fetch_add(1, Relaxed);
    }
}

async fn run(db: DatabaseConnection, mut rx: mpsc::Receiver<Job>, stats: Arc<Stats>) {
    let mut jobs = Vec::with_capacity(BATCH);
    while rx.recv_many(&mut jobs, BATCH).await > 0 {
        stats.batches.fetch_add(1, Relaxed);
        if jobs.len() > 1 && append(&db, &jobs).await.is_ok() {
            for (_, _, reply) in jobs.drain(..) {
                // A request that stopped waiting (its client left) needs no answer.
                let _ = reply.send(Ok(()));
            }
            continue;
        }
        // One event, or a batch that failed as a whole: each alone, so one event the
        // database refuses does not take the others with it.
        for (actor, ev, reply) in jobs.drain(..) {
            let result = super::record(&db, &actor, ev).await;
            let _ = reply.send(result.map_err(|e| e.to_string()));
        }
    }
}

/// The events in one transaction, in order; all or none.
async fn append(db: &DatabaseConnection, jobs: &[Job]) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    for (actor, ev, _) in jobs {
        record_in(&txn, actor, ev.clone()).await?;
    }
    txn.commit().await
}
