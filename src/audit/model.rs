//! The append-only audit trail and its hash chain.
//!
//! Each row's `hash` is HMAC-SHA256, under the audit key (`super::key`, from
//! `HEARTH_AUDIT_KEY`, kept apart from the database and the session secret), over the
//! previous row's hash and this row's fields, so editing, inserting or deleting a row
//! anywhere breaks the chain from that row on, and someone with only database access cannot
//! recompute it. Rows written before the key existed say `alg = 'sha256'` (plain SHA-256);
//! verification accepts them only before the first keyed row (`super::verify`).
//! Appends are serialized: on PostgreSQL by a transaction-scoped advisory lock, on SQLite
//! by its single writer (the row is inserted first, which takes the write lock, and only
//! then is the previous hash read).
use crate::entities::audit_log;
use chrono::{DateTime, SecondsFormat, Timelike, Utc};
use hmac::digest::Update;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use sha2::{Digest, Sha256};

use super::key::AuditKey;

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
/// `CurrentUser`, and `Actor::anonymous` in `crate::meta`, beside `RequestMeta`, so the log
/// depends on neither sessions nor requests (and `AppState` can hold its writer).
impl Actor {
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

/// Rows appended by this process since it started; the anchor keeper (`super::anchor`)
/// looks at the head only when this has moved, so the write path pays one atomic add.
pub(crate) static APPENDED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

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
    let key = super::key::current()?;
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
        alg: Set(KEYED.to_owned()),
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
    let hash = row_hash(key, &prev, &row).expect("a keyed row has a known algorithm");
    let mut active: audit_log::ActiveModel = row.into();
    active.prev_hash = Set(prev);
    active.hash = Set(hash);
    active.update(txn).await?;
    APPENDED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// The algorithm of rows written before the audit key existed: plain SHA-256, which anyone
/// with database access can recompute. Kept only so old installations still verify.
pub const UNKEYED: &str = "sha256";
/// Every row written now: HMAC-SHA256 under the audit key.
pub const KEYED: &str = "hmac-sha256";

/// A row's hash by its own algorithm: HMAC under `key` for keyed rows, plain SHA-256 for the
/// unkeyed rows of older installations. `None` for an algorithm this build does not know.
pub(crate) fn row_hash(key: &AuditKey, prev: &str, r: &audit_log::Model) -> Option<String> {
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
    // Length-prefixed, so no two different rows can hash the same text.
    fn feed(h: &mut impl Update, fields: &[String]) {
        for f in fields {
            h.update(&(f.len() as u64).to_be_bytes());
            h.update(f.as_bytes());
        }
    }
    match r.alg.as_str() {
        KEYED => {
            let mut mac = key.mac();
            // The algorithm is part of what is signed, so a keyed row cannot pass as another.
            feed(&mut mac, &[KEYED.to_owned()]);
            feed(&mut mac, &fields);
            Some(hex::encode(hmac::Mac::finalize(mac).into_bytes()))
        }
        UNKEYED => {
            let mut h = Sha256::new();
            feed(&mut h, &fields);
            Some(hex::encode(h.finalize()))
        }
        _ => None,
    }
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
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

/// Verification lives in `super::verify`; named here too for the admin's audit page.
pub use super::verify::{ChainStatus, verify_chain};
