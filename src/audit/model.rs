//! The append-only audit trail and its hash chain.
//!
//! Each row's `hash` is SHA-256 over the previous row's hash and this row's fields, so
//! editing, inserting or deleting a row anywhere breaks the chain from that row on.
//! Appends are serialized: on PostgreSQL by a transaction-scoped advisory lock, on SQLite
//! by its single writer (the row is inserted first, which takes the write lock, and only
//! then is the previous hash read).
use crate::{entities::audit_log, meta::RequestMeta};
use chrono::{DateTime, SecondsFormat, Timelike, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use sha2::{Digest, Sha256};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Arbitrary constant naming the advisory lock that serializes audit appends on PostgreSQL.
const PG_LOCK_KEY: i64 = 0x4845_4152_5448;

/// Who acted: a signed-in user, or an anonymous caller (a failed sign-in).
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub program_id: Option<i32>,
    pub user_id: Option<i32>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

/// `Actor::user` (a signed-in staff member) is defined in `crate::auth`, beside
/// `CurrentUser`, so the log does not depend on sessions.
impl Actor {
    pub fn anonymous(meta: &RequestMeta) -> Self {
        Actor {
            ip: meta.ip.clone(),
            request_id: meta.request_id.clone(),
            ..Default::default()
        }
    }

    /// A command-line action (no request, no address).
    pub fn system(program_id: Option<i32>) -> Self {
        Actor {
            program_id,
            ..Default::default()
        }
    }
}

/// What happened, to which record.
#[derive(Debug, Clone)]
pub struct Event {
    pub action: &'static str,
    pub entity_type: &'static str,
    pub entity_id: Option<String>,
    pub detail: serde_json::Value,
}

impl Event {
    pub fn new(action: &'static str, entity_type: &'static str, entity_id: impl ToString) -> Self {
        Event {
            action,
            entity_type,
            entity_id: Some(entity_id.to_string()),
            detail: serde_json::Value::Null,
        }
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// Appends one event in its own transaction.
pub async fn record(db: &DatabaseConnection, actor: &Actor, ev: Event) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    record_in(&txn, actor, ev).await?;
    txn.commit().await
}

/// Appends one event inside the caller's transaction, so the change and its audit row
/// commit (or roll back) together.
pub async fn record_in(txn: &impl ConnectionTrait, actor: &Actor, ev: Event) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT pg_advisory_xact_lock({PG_LOCK_KEY})"),
        ))
        .await?;
    }
    let now = Utc::now();
    // Stored at microsecond precision so the hashed value survives the round trip.
    let created_at = now
        .with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    let detail = if ev.detail.is_null() {
        String::new()
    } else {
        ev.detail.to_string()
    };
    let row = audit_log::ActiveModel {
        program_id: Set(actor.program_id),
        user_id: Set(actor.user_id),
        action: Set(ev.action.to_owned()),
        entity_type: Set(ev.entity_type.to_owned()),
        entity_id: Set(ev.entity_id),
        detail: Set(detail),
        ip: Set(actor.ip.clone()),
        request_id: Set(actor.request_id.clone()),
        created_at: Set(created_at),
        prev_hash: Set(String::new()),
        hash: Set(String::new()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let prev = audit_log::Entity::find()
        .filter(audit_log::Column::Id.lt(row.id))
        .order_by_desc(audit_log::Column::Id)
        .one(txn)
        .await?
        .map(|r| r.hash)
        .unwrap_or_else(|| GENESIS.to_owned());
    let hash = row_hash(&prev, &row);
    let mut active: audit_log::ActiveModel = row.into();
    active.prev_hash = Set(prev);
    active.hash = Set(hash);
    active.update(txn).await?;
    Ok(())
}

fn row_hash(prev: &str, r: &audit_log::Model) -> String {
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
        stamp(r.created_at),
    ];
    let mut h = Sha256::new();
    for f in fields {
        // Length-prefixed, so no two different rows can hash the same text.
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    Intact {
        rows: u64,
    },
    /// The first row whose stored hashes do not match what its content and predecessor give.
    Broken {
        row_id: i64,
        reason: &'static str,
    },
}

/// Walks the chain in id order, a page at a time.
pub async fn verify_chain(db: &impl ConnectionTrait) -> Result<ChainStatus, DbErr> {
    const PAGE: u64 = 1000;
    let mut prev = GENESIS.to_owned();
    let mut after = i64::MIN;
    let mut rows = 0;
    loop {
        let page = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(after))
            .order_by_asc(audit_log::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else {
            return Ok(ChainStatus::Intact { rows });
        };
        after = last.id;
        for r in &page {
            if r.prev_hash != prev {
                return Ok(ChainStatus::Broken {
                    row_id: r.id,
                    reason: "does not follow the row before it (a row was removed or inserted)",
                });
            }
            if row_hash(&prev, r) != r.hash {
                return Ok(ChainStatus::Broken {
                    row_id: r.id,
                    reason: "its content was changed after it was written",
                });
            }
            prev = r.hash.clone();
            rows += 1;
        }
    }
}

/// Filters for the admin's audit page; all optional.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct Filter {
    pub action: Option<String>,
    pub user_id: Option<i32>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub page: Option<u64>,
}

pub const PAGE_SIZE: u64 = 100;

/// One page of a program's audit rows, newest first, and whether there are more.
pub async fn list(
    db: &impl ConnectionTrait,
    program_id: i32,
    f: &Filter,
) -> Result<(Vec<audit_log::Model>, bool), DbErr> {
    let mut q = audit_log::Entity::find().filter(audit_log::Column::ProgramId.eq(program_id));
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    if let Some(a) = text(&f.action) {
        q = q.filter(audit_log::Column::Action.starts_with(a));
    }
    if let Some(u) = f.user_id {
        q = q.filter(audit_log::Column::UserId.eq(u));
    }
    if let Some(t) = text(&f.entity_type) {
        q = q.filter(audit_log::Column::EntityType.eq(t));
    }
    if let Some(id) = text(&f.entity_id) {
        q = q.filter(audit_log::Column::EntityId.eq(id));
    }
    let page = f.page.unwrap_or(0);
    let mut rows = q
        .order_by_desc(audit_log::Column::Id)
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    Ok((rows, more))
}

/// The program's `n` latest events, newest first: a walk down the end of the
/// (program, time) index, whatever the log's length.
pub async fn latest_for_program(
    db: &impl ConnectionTrait,
    program_id: i32,
    n: u64,
) -> Result<Vec<audit_log::Model>, DbErr> {
    audit_log::Entity::find()
        .filter(audit_log::Column::ProgramId.eq(program_id))
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id)
        .limit(n)
        .all(db)
        .await
}
