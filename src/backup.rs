//! `hearth backup FILE` and `hearth restore FILE`.
//!
//! SQLite: the backup is `VACUUM INTO`, a consistent copy taken while the server runs (it
//! reads one snapshot; writers go on). A restore checks the file before anything is touched:
//! it is an SQLite database, `PRAGMA integrity_check` is ok, every migration of this release
//! is applied, and the audit chain verifies under this installation's `HEARTH_AUDIT_KEY`.
//! Only then is it copied beside the database and renamed over it; a database that holds
//! data is replaced only with `--force`, and is kept beside it as `<name>.replaced-<time>`.
//! The anchor is then set to the restored chain's head (the old anchor named the old one).
//! Stop the server before restoring.
//!
//! PostgreSQL: `pg_dump` and `pg_restore` do this job better than an application could; the
//! commands print how to use them.
use crate::{Config, audit, db};
use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::path::{Path, PathBuf};

/// What a backup did, for the command to print.
pub enum Done {
    Copied {
        bytes: u64,
    },
    /// PostgreSQL: what to run instead.
    Guidance(String),
}

fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn quoted(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "''"))
}

const PG_BACKUP: &str = "PostgreSQL: back up with pg_dump, which takes a consistent snapshot while Hearth runs:\n  pg_dump --format=custom --file=hearth.dump \"$DATABASE_URL\"\nRestore into an empty database (stop Hearth first), then check the audit chain:\n  pg_restore --no-owner --dbname=\"$DATABASE_URL\" hearth.dump\n  hearth audit verify\nThe audit key (HEARTH_AUDIT_KEY) is not in the dump: keep it with your secrets.";

/// `hearth backup FILE`.
pub async fn backup(config: &Config, file: &Path) -> anyhow::Result<Done> {
    if !config.is_sqlite() {
        return Ok(Done::Guidance(PG_BACKUP.into()));
    }
    if file.exists() {
        bail!("{} exists: choose a new file name", file.display());
    }
    let conn = db::connect(&config.database_url).await?;
    conn.execute_unprepared(&format!("VACUUM INTO {}", quoted(file)))
        .await
        .with_context(|| format!("backing up into {}", file.display()))?;
    conn.close().await?;
    Ok(Done::Copied {
        bytes: std::fs::metadata(file)?.len(),
    })
}

/// What a checked backup file holds.
pub struct Checked {
    pub audit_rows: u64,
    pub head: Option<audit::verify::Head>,
}

/// Opens `file` read-only and checks it is a whole Hearth database whose chain verifies.
pub async fn check(file: &Path) -> anyhow::Result<Checked> {
    if !file.is_file() {
        bail!("{} is not a file", file.display());
    }
    let url = format!("sqlite://{}?mode=ro", file.display());
    let conn = sea_orm::Database::connect(&url)
        .await
        .with_context(|| format!("{} cannot be opened as SQLite", file.display()))?;
    let result = check_open(&conn, file).await;
    conn.close().await.ok();
    result
}

async fn check_open(conn: &DatabaseConnection, file: &Path) -> anyhow::Result<Checked> {
    let name = file.display();
    let integrity = conn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .with_context(|| format!("{name} is not an SQLite database"))?
        .and_then(|r| r.try_get_by_index::<String>(0).ok());
    if integrity.as_deref() != Some("ok") {
        bail!(
            "{name} fails SQLite's integrity check: {}",
            integrity.unwrap_or_default()
        );
    }
    if !db::migrations_applied(conn).await {
        bail!(
            "{name} is not a Hearth database with this release's migrations applied (migrate a copy of it first: DATABASE_URL=sqlite://COPY hearth migrate)"
        );
    }
    let walk = audit::verify::walk(conn).await?;
    match walk.status {
        audit::ChainStatus::Intact { rows } => Ok(Checked {
            audit_rows: rows,
            head: walk.head,
        }),
        audit::ChainStatus::Broken { row_id, reason } => bail!(
            "{name}: audit chain broken at row {row_id}: {reason} (or it was written under another HEARTH_AUDIT_KEY)"
        ),
    }
}

/// Whether the database at `path` holds anything worth keeping (a program or an audit row).
async fn holds_data(path: &Path) -> anyhow::Result<bool> {
    if !path.exists() || std::fs::metadata(path)?.len() == 0 {
        return Ok(false);
    }
    let conn = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", path.display())).await?;
    let mut found = false;
    for table in ["programs", "audit_log"] {
        let sql = format!("SELECT 1 AS x FROM {table} LIMIT 1");
        // A missing table is no data.
        if let Ok(Some(_)) = conn
            .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
            .await
        {
            found = true;
        }
    }
    conn.close().await.ok();
    Ok(found)
}

/// What a restore did.
pub struct Restored {
    pub checked: Checked,
    pub into: PathBuf,
    pub kept: Option<PathBuf>,
}

/// `hearth restore FILE [--force]`.
pub async fn restore(config: &Config, file: &Path, force: bool) -> anyhow::Result<Restored> {
    let Some(target) = sqlite_path(&config.database_url) else {
        bail!("{}", PG_BACKUP);
    };
    let checked = check(file).await?;
    if holds_data(&target).await? && !force {
        bail!(
            "{} already holds data; restoring would replace it (add --force; it is then kept as {}.replaced-<time>)",
            target.display(),
            target.display()
        );
    }
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // A consistent copy beside the target, so the rename below is atomic.
    let staged = target.with_extension("restoring");
    let _ = std::fs::remove_file(&staged);
    let src = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", file.display())).await?;
    src.execute_unprepared(&format!("VACUUM INTO {}", quoted(&staged)))
        .await
        .context("copying the backup")?;
    src.close().await.ok();
    let kept = if target.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept = PathBuf::from(format!("{}.replaced-{stamp}", target.display()));
        std::fs::rename(&target, &kept)?;
        Some(kept)
    } else {
        None
    };
    for side in ["-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{side}", target.display()));
        if !p.exists() {
            continue;
        }
        // A WAL left beside the new file would be replayed into it: move it with the old
        // database, or drop it if there is none.
        match &kept {
            Some(k) => std::fs::rename(&p, format!("{}{side}", k.display()))?,
            None => std::fs::remove_file(&p)?,
        }
    }
    std::fs::rename(&staged, &target)?;
    if let Some(head) = &checked.head {
        audit::anchor::write(&config.audit_anchor, head)?;
    } else {
        let _ = std::fs::remove_file(&config.audit_anchor);
    }
    Ok(Restored {
        checked,
        into: target,
        kept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_file_is_read_from_the_url() {
        assert_eq!(
            sqlite_path("sqlite:///srv/hearth/hearth.db?mode=rwc"),
            Some(PathBuf::from("/srv/hearth/hearth.db"))
        );
        assert_eq!(
            sqlite_path("sqlite://data/h.db"),
            Some(PathBuf::from("data/h.db"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://x/y"), None);
    }
}
