//! Walking the chain: every row must follow the one before it and carry the hash its content
//! gives under its algorithm; unkeyed rows (older installations) only before the first keyed
//! one. The walk also reports the head it ends on, which `hearth audit verify` compares with
//! the anchor kept outside the table (`super::anchor`).
use super::model::{GENESIS, KEYED, UNKEYED, row_hash};
use crate::entities::audit_log;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

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

/// The newest row of the chain: what the anchor records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub id: i64,
    pub hash: String,
}

/// A whole walk: its outcome, the head it ended on, and how many rows are unkeyed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    pub status: ChainStatus,
    pub head: Option<Head>,
    pub unkeyed: u64,
}

/// Walks the chain in id order, a page at a time.
pub async fn verify_chain(db: &impl ConnectionTrait) -> Result<ChainStatus, DbErr> {
    Ok(walk(db).await?.status)
}

/// [`verify_chain`], keeping the head and the count of unkeyed rows.
pub async fn walk(db: &impl ConnectionTrait) -> Result<Walk, DbErr> {
    const PAGE: u64 = 1000;
    let key = super::key::current()?;
    let mut prev = GENESIS.to_owned();
    let mut after = i64::MIN;
    let mut rows = 0;
    let mut unkeyed = 0;
    let mut keyed_seen = false;
    let mut head = None;
    let broken = |row_id, reason, head, unkeyed| Walk {
        status: ChainStatus::Broken { row_id, reason },
        head,
        unkeyed,
    };
    loop {
        let page = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(after))
            .order_by_asc(audit_log::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else {
            return Ok(Walk {
                status: ChainStatus::Intact { rows },
                head,
                unkeyed,
            });
        };
        after = last.id;
        for r in &page {
            if r.prev_hash != prev {
                return Ok(broken(
                    r.id,
                    "does not follow the row before it (a row was removed or inserted)",
                    head,
                    unkeyed,
                ));
            }
            match r.alg.as_str() {
                KEYED => keyed_seen = true,
                UNKEYED if keyed_seen => {
                    return Ok(broken(
                        r.id,
                        "is unkeyed (sha256) after the keyed chain began: written without the audit key",
                        head,
                        unkeyed,
                    ));
                }
                UNKEYED => unkeyed += 1,
                _ => {}
            }
            match row_hash(key, &prev, r) {
                None => {
                    return Ok(broken(r.id, "has an unknown hash algorithm", head, unkeyed));
                }
                Some(h) if h != r.hash => {
                    return Ok(broken(
                        r.id,
                        "its content was changed after it was written",
                        head,
                        unkeyed,
                    ));
                }
                Some(_) => {}
            }
            prev = r.hash.clone();
            head = Some(Head {
                id: r.id,
                hash: r.hash.clone(),
            });
            rows += 1;
        }
    }
}
