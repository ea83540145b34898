//! `hearth audit verify`: the chain walked, its head printed, and the head compared with the
//! anchor kept outside the table. What it prints is what an auditor reads, so each failure
//! says what was found and what it means.
use super::{
    anchor::{self, ReadError},
    verify::{self, ChainStatus},
};
use sea_orm::{ConnectionTrait, DbErr};
use std::path::Path;

/// What verification found: lines to print, and the failures among them (none: it passed).
#[derive(Debug, Default)]
pub struct Report {
    pub lines: Vec<String>,
    pub failures: Vec<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Walks the chain and, when `anchor_path` is given, compares its head with the anchor.
pub async fn check(db: &impl ConnectionTrait, anchor_path: Option<&Path>) -> Result<Report, DbErr> {
    let walk = verify::walk(db).await?;
    let mut r = Report::default();
    match &walk.status {
        ChainStatus::Intact { rows } => {
            r.lines.push(format!("audit chain intact: {rows} rows"));
        }
        ChainStatus::Broken { row_id, reason } => {
            r.failures
                .push(format!("audit chain broken at row {row_id}: {reason}"));
        }
    }
    match &walk.head {
        Some(h) => r.lines.push(format!("head: row {} hash {}", h.id, h.hash)),
        None => r.lines.push("head: none (the audit log is empty)".into()),
    }
    if walk.unkeyed > 0 {
        r.lines.push(format!(
            "unkeyed rows (plain sha256, written before the audit key): {}",
            walk.unkeyed
        ));
    }
    if !matches!(walk.status, ChainStatus::Intact { .. }) {
        // The walk stopped early: its "head" is only where it stopped.
        return Ok(r);
    }
    let Some(path) = anchor_path else {
        return Ok(r);
    };
    let a = match anchor::read(path) {
        Ok(a) => a,
        Err(ReadError::Missing(p)) if walk.head.is_none() => {
            r.lines.push(format!(
                "anchor: none at {} (nothing to anchor yet)",
                p.display()
            ));
            return Ok(r);
        }
        Err(ReadError::Missing(p)) => {
            r.failures.push(format!(
                "no anchor at {}: cannot tell whether the newest rows were cut off \
                 (hearth serve keeps it; `hearth audit anchor` writes it)",
                p.display()
            ));
            return Ok(r);
        }
        Err(ReadError::Db(e)) => return Err(e),
        Err(e) => {
            r.failures.push(e.to_string());
            return Ok(r);
        }
    };
    r.lines.push(format!(
        "anchor ({}, written {}): row {} hash {}",
        path.display(),
        a.at,
        a.id,
        a.hash
    ));
    let Some(head) = &walk.head else {
        r.failures.push(format!(
            "the audit log is empty but the anchor names row {}: its rows were deleted",
            a.id
        ));
        return Ok(r);
    };
    if head.id < a.id {
        r.failures.push(format!(
            "the newest rows were cut off: the anchor names row {}, the newest row is {}",
            a.id, head.id
        ));
        return Ok(r);
    }
    let anchored = anchor::hash_of(db, a.id).await?;
    match anchored {
        Some(h) if h == a.hash => {
            r.lines.push(if head.id == a.id {
                "anchor matches the head".to_owned()
            } else {
                format!(
                    "anchor matches row {}; rows after it (to {}) were appended since",
                    a.id, head.id
                )
            });
        }
        Some(_) => r.failures.push(format!(
            "the chain was rewritten: row {} no longer has the anchored hash",
            a.id
        )),
        None => r.failures.push(format!(
            "the chain was rewritten: the anchored row {} is gone",
            a.id
        )),
    }
    Ok(r)
}
