//! The chain's head, kept outside the audit table (a small file, `HEARTH_AUDIT_ANCHOR`,
//! `<data dir>/audit.anchor` by default), so cutting off the newest rows or rewriting the
//! chain is seen even though each remaining row still follows the one before it.
//!
//! `hearth serve` keeps it ([`keep`]): once a second, and only when this process appended
//! rows, it reads the head (one indexed row) and replaces the file atomically; once more at
//! shutdown. Rows appended since the last write (at most about a second's worth) are not yet
//! covered. The file carries an HMAC under the audit key, so it cannot be forged without the
//! key. Before moving the anchor on, the keeper checks the anchored row still has the
//! anchored hash: a rewritten chain is never anchored over (the error is logged instead).
use super::{key, verify::Head};
use crate::entities::audit_log;
use hmac::Mac;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::{
    path::{Path, PathBuf},
    sync::atomic::Ordering,
    time::Duration,
};

/// How often a busy server moves the anchor on, at most.
pub const EVERY: Duration = Duration::from_secs(1);

const MAGIC: &str = "hearth-audit-anchor v1";

/// What the anchor file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: i64,
    pub hash: String,
    pub at: String,
}

fn mac(id: i64, hash: &str) -> Result<String, DbErr> {
    let mut m = key::current()?.mac();
    m.update(format!("{MAGIC}\n{id}\n{hash}").as_bytes());
    Ok(hex::encode(m.finalize().into_bytes()))
}

/// Why an anchor file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no anchor at {0}")]
    Missing(PathBuf),
    #[error("the anchor at {0} is not an anchor file")]
    Garbled(PathBuf),
    #[error("the anchor at {0} was not written with this audit key (forged, or another key)")]
    Forged(PathBuf),
    #[error("cannot read the anchor at {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Reads and checks the anchor file at `path`.
pub fn read(path: &Path) -> Result<Anchor, ReadError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ReadError::Missing(path.to_owned()));
        }
        Err(e) => return Err(ReadError::Io(path.to_owned(), e)),
    };
    let garbled = || ReadError::Garbled(path.to_owned());
    let mut lines = text.lines();
    if lines.next() != Some(MAGIC) {
        return Err(garbled());
    }
    let mut field = |name: &str| -> Result<String, ReadError> {
        lines
            .next()
            .and_then(|l| l.strip_prefix(name))
            .and_then(|l| l.strip_prefix('='))
            .map(str::to_owned)
            .ok_or_else(garbled)
    };
    let id = field("id")?.parse::<i64>().map_err(|_| garbled())?;
    let hash = field("hash")?;
    let at = field("at")?;
    let signature = field("mac")?;
    if signature != mac(id, &hash)? {
        return Err(ReadError::Forged(path.to_owned()));
    }
    Ok(Anchor { id, hash, at })
}

/// Replaces the anchor at `path` with `head`: written beside it, synced, then renamed over
/// it, so a reader (or a crash) sees the old anchor or the new one, never half of one.
pub fn write(path: &Path, head: &Head) -> Result<(), ReadError> {
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let text = format!(
        "{MAGIC}\nid={}\nhash={}\nat={at}\nmac={}\n",
        head.id,
        head.hash,
        mac(head.id, &head.hash)?
    );
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let io = |e| ReadError::Io(path.to_owned(), e);
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(text.as_bytes()).map_err(io)?;
        f.sync_all().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)
}

/// The newest hashed row (one step down the primary key).
pub async fn head(db: &impl ConnectionTrait) -> Result<Option<Head>, DbErr> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::Hash.ne(""))
        .order_by_desc(audit_log::Column::Id)
        .one(db)
        .await?
        .map(|r| Head {
            id: r.id,
            hash: r.hash,
        }))
}

/// The stored hash of row `id`, if the row is there.
pub async fn hash_of(db: &impl ConnectionTrait, id: i64) -> Result<Option<String>, DbErr> {
    Ok(audit_log::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|r| r.hash))
}

/// What moving the anchor did.
#[derive(Debug, PartialEq, Eq)]
pub enum Moved {
    To(i64),
    /// The anchor already names the head (or a later row another process anchored).
    Unchanged,
    /// Nothing to anchor: the log is empty.
    Empty,
}

/// Moves the anchor at `path` on to the database's head, if the anchored row is still as
/// anchored. A missing anchor file is started afresh.
pub async fn advance(db: &impl ConnectionTrait, path: &Path) -> Result<Moved, AdvanceError> {
    let Some(now) = head(db).await? else {
        return Ok(Moved::Empty);
    };
    match read(path) {
        Ok(a) => {
            if hash_of(db, a.id).await?.as_deref() != Some(a.hash.as_str()) {
                return Err(AdvanceError::Diverged { id: a.id });
            }
            if a.id >= now.id {
                return Ok(Moved::Unchanged);
            }
        }
        Err(ReadError::Missing(_)) => {}
        Err(e) => return Err(e.into()),
    }
    write(path, &now)?;
    Ok(Moved::To(now.id))
}

#[derive(Debug, thiserror::Error)]
pub enum AdvanceError {
    #[error(
        "the anchored audit row {id} is gone or no longer has the anchored hash: the chain was cut off or rewritten; the anchor is left as it is (run hearth audit verify)"
    )]
    Diverged { id: i64 },
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Keeps the anchor at `path` up to date until `stop` resolves, then writes it once more.
pub async fn keep(
    db: sea_orm::DatabaseConnection,
    path: PathBuf,
    stop: impl std::future::Future<Output = ()>,
) {
    let step = |db: sea_orm::DatabaseConnection, path: PathBuf| async move {
        if let Err(e) = advance(&db, &path).await {
            tracing::error!(error = %e, "audit anchor not moved");
        }
    };
    step(db.clone(), path.clone()).await;
    let mut seen = super::model::APPENDED.load(Ordering::Relaxed);
    let mut tick = tokio::time::interval(EVERY);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let now = super::model::APPENDED.load(Ordering::Relaxed);
                if now != seen {
                    seen = now;
                    step(db.clone(), path.clone()).await;
                }
            }
            () = &mut stop => break,
        }
    }
    step(db, path).await;
}
