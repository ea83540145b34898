//! A change to the record: one write transaction that can only be committed together with
//! the audit row saying what happened. Commands in the domains take a `Change`, make their
//! guarded updates and outbox rows through [`Change::db`], and finish with
//! [`Change::commit`]; dropping a change without committing rolls everything back, so an
//! early return on a refusal or a stale version leaves nothing behind.
use super::{Actor, Event, record_in};
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};

pub struct Change {
    txn: DatabaseTransaction,
    actor: Actor,
}

impl Change {
    /// Begins the change as a writer (`BEGIN IMMEDIATE` on SQLite, see `db::begin_write`).
    pub async fn begin(db: &DatabaseConnection, actor: Actor) -> Result<Change, DbErr> {
        Ok(Change {
            txn: crate::db::begin_write(db).await?,
            actor,
        })
    }

    /// The transaction, for the change's reads and writes.
    pub fn db(&self) -> &DatabaseTransaction {
        &self.txn
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Records a further event inside the change (a change that is several things at once).
    pub async fn record(&self, ev: Event) -> Result<(), DbErr> {
        record_in(&self.txn, &self.actor, ev).await
    }

    /// Writes the audit row and commits the change with it.
    pub async fn commit(self, ev: Event) -> Result<(), DbErr> {
        record_in(&self.txn, &self.actor, ev).await?;
        self.txn.commit().await
    }

    /// Undoes everything the change wrote. Dropping it does the same; this says so at the
    /// call site and reports a failed rollback.
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

/// Lets a `Change` stand where the domain's query functions take `&impl ConnectionTrait`.
impl std::ops::Deref for Change {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}
