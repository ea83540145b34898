//! A caseload a page at a time, in the dashboard's order (overdue first, then the soonest
//! next due item, cases with nothing due last; by name within a day).
//!
//! The order depends on the clocks, which are computed, not stored: so every view walks the
//! whole scope in batches of [`facts::BATCH`] children (each statement binds at most that
//! many ids), keeps only the page's rows and counters, and drops the rest. Memory and the
//! page stay bounded; the work still follows the size of the scope, which for a coordinator
//! is their caseload and for a supervisor the program (a stored summary of each child's
//! next due item, kept in the transaction of every change, would bound that too: not built).
use super::model::{CaseloadRow, Scope};
use crate::{
    entities::{child, ifsp, ifsp_service},
    program::rules::ProgramRules,
    timeline::{self, facts},
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect,
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
/// scope's children that `keep` accepts. With `only_open`, closed cases are left out in the
/// statement (a quarter of a synthetic coordinator's caseload): their facts are never loaded
/// nor their clocks computed only for `keep` to drop them.
#[allow(clippy::too_many_arguments)]
pub async fn page(
    db: &impl ConnectionTrait,
    program_id: i32,
    scope: Scope,
    only_open: bool,
    rules: &ProgramRules,
    today: NaiveDate,
    keep: impl Fn(&CaseloadRow) -> bool,
    after: Option<i32>,
    per_page: usize,
) -> Result<CaseloadPage, DbErr> {
    let mut base = scoped(db, program_id, &scope).await?;
    if only_open {
        base = base.filter(open());
    }
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

/// The children a provider serves in a program: assigned to a consented service on their
/// signed plan. One statement from the provider's services (their index) to each plan by
/// its key, reading one column, not the plans' text.
pub async fn served_by(
    db: &impl ConnectionTrait,
    program_id: i32,
    provider: i32,
) -> Result<Vec<i32>, DbErr> {
    let plan = ifsp_service::Entity::belongs_to(ifsp::Entity)
        .from(ifsp_service::Column::IfspId)
        .to(ifsp::Column::Id)
        .into();
    ifsp_service::Entity::find()
        .select_only()
        .column(ifsp::Column::ChildId)
        .distinct()
        .join(JoinType::InnerJoin, plan)
        .filter(ifsp_service::Column::ProviderId.eq(provider))
        .filter(ifsp_service::Column::ConsentGiven.eq(true))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .filter(ifsp::Column::ProgramId.eq(program_id))
        .into_tuple()
        .all(db)
        .await
}

/// Open cases (as [`child::Status::is_open`] says): the home pages show only these, so the
/// closed ones of a caseload (a fifth to a quarter in the synthetic tiers) are not read, nor
/// their clocks' facts loaded and computed.
pub(super) fn open() -> sea_orm::sea_query::SimpleExpr {
    let statuses = <child::Status as sea_orm::Iterable>::iter().filter(|s| s.is_open());
    child::Column::Status.is_in(statuses)
}

/// The cases a provider serves (only the open ones when `only_open`), by name. Read by id alone, the program checked on their
/// plans ([`served_by`]): with `program_id = ?` in this statement too, SQLite reads every
/// child of the program through its program index (1,000 at county scale, 50,000 at state
/// scale) to keep the provider's few dozen, and the home page's cost followed the database.
pub(super) async fn served_children(
    db: &impl ConnectionTrait,
    program_id: i32,
    provider: i32,
    only_open: bool,
) -> Result<Vec<child::Model>, DbErr> {
    let ids = served_by(db, program_id, provider).await?;
    let mut q = child::Entity::find().filter(child::Column::Id.is_in(ids));
    if only_open {
        q = q.filter(open());
    }
    q.order_by_asc(child::Column::LastName).all(db).await
}
