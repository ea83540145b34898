//! A caseload a page at a time, in the dashboard's order (overdue first, then the soonest
//! next due item, cases with nothing due last; by name within a day).
//!
//! The order depends on the clocks, which are computed, not stored: so every view walks the
//! whole scope in batches of [`facts::BATCH`] children (each statement binds at most that
//! many ids), keeps only the page's rows and counters, and drops the rest. Memory and the
//! page stay bounded; the work still follows the size of the scope, which for a coordinator
//! is their caseload and for a supervisor the program (a stored summary of each child's
//! next due item, kept in the transaction of every change, would bound that too: not built).
use super::model::{CaseloadRow, Scope, served_by};
use crate::{
    entities::child,
    program::rules::ProgramRules,
    timeline::{self, facts},
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::BTreeMap;

/// One page of a caseload with the counts of the whole (filtered) caseload.
pub struct CaseloadPage {
    pub rows: Vec<CaseloadRow>,
    /// Children that pass the filter, on every page.
    pub total: usize,
    /// Of those, the ones with an overdue item.
    pub overdue: usize,
    /// Per coordinator (`None`: unassigned): children and those with an overdue item.
    pub by_coordinator: BTreeMap<Option<i32>, (usize, usize)>,
    /// The last row's child when more follow: the next page starts after it.
    pub next: Option<i32>,
}

/// Where the dashboard's order puts a row; the child id makes it total, so a page that
/// starts after a row never repeats or skips one.
type Key = (bool, bool, Option<NaiveDate>, String, String, i32);

fn key(r: &CaseloadRow) -> Key {
    let next = r.next_due().map(|i| i.due);
    (
        r.overdue() == 0,
        next.is_none(),
        next,
        r.child.last_name.clone(),
        r.child.first_name.clone(),
        r.child.id,
    )
}

/// The children of a scope.
pub async fn scoped(
    db: &impl ConnectionTrait,
    program_id: i32,
    scope: &Scope,
) -> Result<sea_orm::Select<child::Entity>, DbErr> {
    let q = child::Entity::find();
    Ok(match scope {
        Scope::Coordinator(id) => q
            .filter(child::Column::ProgramId.eq(program_id))
            .filter(child::Column::CoordinatorId.eq(*id)),
        // A provider's families: bounded by the services they are assigned to, found by id
        // alone (their program is checked on their plans): with the program here too,
        // SQLite walks the whole program's children through its program index.
        Scope::Provider(id) => {
            q.filter(child::Column::Id.is_in(served_by(db, program_id, *id).await?))
        }
        Scope::Program => q.filter(child::Column::ProgramId.eq(program_id)),
    })
}

fn rows_of(
    children: Vec<child::Model>,
    mut facts: std::collections::HashMap<i32, timeline::CaseFacts>,
    rules: &ProgramRules,
    today: NaiveDate,
) -> Vec<CaseloadRow> {
    children
        .into_iter()
        .map(|c| CaseloadRow {
            clocks: timeline::clocks(&facts.remove(&c.id).unwrap_or_default(), rules, today),
            child: c,
        })
        .collect()
}

/// The `per_page` rows that follow the child `after` (from the start without it) among the
/// scope's children that `keep` accepts.
#[allow(clippy::too_many_arguments)]
pub async fn page(
    db: &impl ConnectionTrait,
    program_id: i32,
    scope: Scope,
    rules: &ProgramRules,
    today: NaiveDate,
    keep: impl Fn(&CaseloadRow) -> bool,
    after: Option<i32>,
    per_page: usize,
) -> Result<CaseloadPage, DbErr> {
    let base = scoped(db, program_id, &scope).await?;
    // Where the previous page ended: that child's place in the order, now.
    let cursor: Option<Key> = match after {
        Some(id) => {
            let found = base
                .clone()
                .filter(child::Column::Id.eq(id))
                .all(db)
                .await?;
            let f = facts::for_children(db, &found).await?;
            rows_of(found, f, rules, today).first().map(key)
        }
        None => None,
    };
    let mut out = CaseloadPage {
        rows: Vec::new(),
        total: 0,
        overdue: 0,
        by_coordinator: BTreeMap::new(),
        next: None,
    };
    let mut last = 0;
    loop {
        let batch = base
            .clone()
            .filter(child::Column::Id.gt(last))
            .order_by_asc(child::Column::Id)
            .limit(facts::BATCH as u64)
            .all(db)
            .await?;
        let Some(end) = batch.last() else { break };
        last = end.id;
        let full = batch.len() == facts::BATCH;
        let f = facts::for_children(db, &batch).await?;
        for r in rows_of(batch, f, rules, today) {
            if !keep(&r) {
                continue;
            }
            let late = r.overdue() > 0;
            out.total += 1;
            out.overdue += usize::from(late);
            let e = out
                .by_coordinator
                .entry(r.child.coordinator_id)
                .or_default();
            e.0 += 1;
            e.1 += usize::from(late);
            if cursor.as_ref().is_none_or(|c| key(&r) > *c) {
                out.rows.push(r);
            }
        }
        // Only the page (and one more, to know a next page exists) is kept.
        if out.rows.len() > 2 * per_page {
            out.rows.sort_by_cached_key(key);
            out.rows.truncate(per_page + 1);
        }
        if !full {
            break;
        }
    }
    out.rows.sort_by_cached_key(key);
    if out.rows.len() > per_page {
        out.rows.truncate(per_page);
        out.next = out.rows.last().map(|r| r.child.id);
    }
    Ok(out)
}
