//! The indicators from stored answers: each child's [`Answers`] to a report (a period and a
//! count date) are kept in `report_rows` with the child's change count (`report_versions`, bumped
//! by database triggers in the transaction of every change to a fact the indicators read,
//! migration 000039) and the last day they hold ([`valid_through`]). A report recomputes,
//! with the one clock engine, only the children whose answers are missing, changed since, or
//! past that day, then reads every child's answers in one statement: a state program's
//! report costs what changed since it was last read, not 50,000 children's facts.
//!
//! Why it cannot go stale: the child's change count is read before its facts, so a stored
//! row never claims a later count than its facts; a change committed at any moment after
//! leaves the row's count behind the child's, and the next report recomputes it.
use super::{
    Period, Timings,
    answers::{self, Answers, Parts},
    load,
};
use crate::{
    db,
    entities::{child, program, report_row, report_version},
    program::rules::ProgramRules,
    timeline::facts::{self, Scope},
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionSession, TransactionTrait,
    sea_query::{Alias, Expr, ExprTrait, Func, OnConflict, Query, SelectStatement, SimpleExpr},
};
use std::{collections::HashMap, time::Instant};

/// Up to this many changed children are read in batches of ids; more (a first report) are
/// read through the program's children as a subquery, each statement once.
const BY_IDS: usize = 2_000;

/// Rows per multi-row insert (9 values a row, far under SQLite's 32,766).
const INSERT_ROWS: usize = 500;

/// The children a report concerns: the program's, less those who left before the period
/// and the count date.
pub fn concerned(program_id: i32, period: &Period, count_date: NaiveDate) -> Condition {
    let left_before = Ord::min(period.from, count_date);
    Condition::all()
        .add(child::Column::ProgramId.eq(program_id))
        .add(
            Condition::any()
                .add(child::Column::ExitDate.is_null())
                .add(child::Column::ExitDate.gte(left_before)),
        )
}

/// The change count of the child of the outer query (none yet: `NULL`, read as 0).
fn count_now() -> SelectStatement {
    let v = Alias::new("v");
    Query::select()
        .expr(Expr::col((v.clone(), report_version::Column::Version)))
        .from_as(report_version::Entity, v.clone())
        .and_where(
            Expr::col((v, report_version::Column::ChildId))
                .equals((child::Entity, child::Column::Id)),
        )
        .to_owned()
}

/// A stored row of this report, for the child of the outer query, computed from the child's
/// latest facts and still holding on `as_of`.
fn holding(period: &Period, count_date: NaiveDate, as_of: NaiveDate) -> SelectStatement {
    let r = Alias::new("r");
    let mut q = Query::select();
    q.expr(Expr::val(1))
        .from_as(report_row::Entity, r.clone())
        .and_where(
            Expr::col((r.clone(), report_row::Column::ChildId))
                .equals((child::Entity, child::Column::Id)),
        )
        .and_where(Expr::col((r.clone(), report_row::Column::PeriodFrom)).eq(period.from))
        .and_where(Expr::col((r.clone(), report_row::Column::PeriodTo)).eq(period.to))
        .and_where(Expr::col((r.clone(), report_row::Column::CountDate)).eq(count_date))
        .and_where(Expr::col((r.clone(), report_row::Column::AsOf)).lte(as_of))
        .and_where(
            Expr::col((r.clone(), report_row::Column::ValidThrough))
                .is_null()
                .or(Expr::col((r.clone(), report_row::Column::ValidThrough)).gte(as_of)),
        );
    q.and_where(
        Expr::col((r, report_row::Column::Version)).eq(Func::coalesce([
            SimpleExpr::SubQuery(None, Box::new(count_now().into())),
            Expr::val(0i64),
        ])),
    );
    q.to_owned()
}

/// Recomputes the answers of the report's children that need it and returns the parts of
/// the report added up from every child's stored answers, in the order of their ids.
pub async fn parts<C>(
    db: &C,
    program: &program::Model,
    period: Period,
    count_date: NaiveDate,
    as_of: NaiveDate,
    t: &mut Timings,
) -> Result<Parts, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let started = Instant::now();
    let concerned = concerned(program.id, &period, count_date);
    let stale_cond = concerned
        .clone()
        .add(Expr::exists(holding(&period, count_date, as_of)).not());
    // The counts first, then the facts: a row never claims a later count than its facts.
    // One statement when nothing changed (the usual view): the changed children's ids with
    // their counts.
    let changed = Query::select()
        .column((child::Entity, child::Column::Id))
        .expr(Func::coalesce([
            SimpleExpr::SubQuery(None, Box::new(count_now().into())),
            Expr::val(0i64),
        ]))
        .from(child::Entity)
        .cond_where(stale_cond.clone())
        .to_owned();
    let mut gens: HashMap<i32, i64> = HashMap::new();
    for row in db.query_all(&changed).await? {
        gens.insert(row.try_get_by_index(0)?, row.try_get_by_index(1)?);
    }
    let mut stale = Vec::new();
    if !gens.is_empty() {
        let find = child::Entity::find().order_by_asc(child::Column::Id);
        let find = if gens.len() <= BY_IDS {
            find.filter(child::Column::Id.is_in(gens.keys().copied()))
        } else {
            find.filter(stale_cond)
        };
        // A child changed after its count was read is left for the next report.
        stale = find.all(db).await?;
        stale.retain(|c| gens.contains_key(&c.id));
    }
    t.add("stored: finding changed children", started);
    if !stale.is_empty() {
        refresh(
            db, program, &period, count_date, as_of, &stale, &gens, &concerned, t,
        )
        .await?;
    }
    let started = Instant::now();
    let rows: Vec<String> = report_row::Entity::find()
        .select_only()
        .column(report_row::Column::Answers)
        .filter(
            report_row::Column::ChildId.in_subquery(
                Query::select()
                    .column((child::Entity, child::Column::Id))
                    .from(child::Entity)
                    .cond_where(concerned)
                    .to_owned(),
            ),
        )
        .filter(report_row::Column::PeriodFrom.eq(period.from))
        .filter(report_row::Column::PeriodTo.eq(period.to))
        .filter(report_row::Column::CountDate.eq(count_date))
        .order_by_asc(report_row::Column::ChildId)
        .into_tuple()
        .all(db)
        .await?;
    t.add("stored: reading answers", started);
    let started = Instant::now();
    let mut out = Parts::new(count_date);
    for json in rows {
        let a: Answers = serde_json::from_str(&json)
            .map_err(|e| DbErr::Custom(format!("stored report answers: {e}")))?;
        out.add(a);
    }
    t.add("stored: adding up", started);
    Ok(out)
}

/// Computes and stores the answers of `stale` (in `concerned`), each with its count.
#[allow(clippy::too_many_arguments)]
async fn refresh<C>(
    db: &C,
    program: &program::Model,
    period: &Period,
    count_date: NaiveDate,
    as_of: NaiveDate,
    stale: &[child::Model],
    gens: &HashMap<i32, i64>,
    concerned: &Condition,
    t: &mut Timings,
) -> Result<(), DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let rules = ProgramRules::from_json(&program.rules);
    let started = Instant::now();
    let mut facts = HashMap::with_capacity(stale.len());
    let mut extra = HashMap::with_capacity(stale.len());
    if stale.len() <= BY_IDS {
        for batch in stale.chunks(facts::BATCH) {
            let scope = Scope::Ids(batch.iter().map(|c| c.id).collect());
            facts.extend(facts::for_scope(db, batch, &scope).await?);
            extra.extend(load::for_scope(db, &scope).await?);
        }
    } else {
        // Wider than `stale`: the facts of children not in it are dropped.
        let scope = Scope::Query(Box::new(
            Query::select()
                .column((child::Entity, child::Column::Id))
                .from(child::Entity)
                .cond_where(concerned.clone())
                .to_owned(),
        ));
        facts = facts::for_scope(db, stale, &scope).await?;
        extra = load::for_scope(db, &scope).await?;
        extra.retain(|id, _| facts.contains_key(id));
    }
    t.add("loading: clock facts, plans and COS", started);
    let started = Instant::now();
    let none = load::Extra::default();
    let mut rows = Vec::with_capacity(stale.len());
    for c in stale {
        let Some(f) = facts.get(&c.id) else { continue };
        let x = extra.get(&c.id).unwrap_or(&none);
        let (a, clocks) = answers::answer(c, f, x, &rules, period, count_date, as_of);
        // In a past period `as_of` is its last day and never moves: the row holds for good.
        let valid = answers::valid_through(f, &clocks, as_of);
        rows.push(report_row::ActiveModel {
            id: sea_orm::ActiveValue::NotSet,
            child_id: sea_orm::ActiveValue::Set(c.id),
            period_from: sea_orm::ActiveValue::Set(period.from),
            period_to: sea_orm::ActiveValue::Set(period.to),
            count_date: sea_orm::ActiveValue::Set(count_date),
            as_of: sea_orm::ActiveValue::Set(as_of),
            valid_through: sea_orm::ActiveValue::Set(valid),
            version: sea_orm::ActiveValue::Set(gens.get(&c.id).copied().unwrap_or(0)),
            answers: sea_orm::ActiveValue::Set(
                serde_json::to_string(&a).map_err(|e| DbErr::Custom(e.to_string()))?,
            ),
        });
    }
    t.add("clock engine and rules", started);
    let started = Instant::now();
    let tx = db::begin_write(db).await?;
    for chunk in rows.chunks(INSERT_ROWS) {
        report_row::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([
                    report_row::Column::ChildId,
                    report_row::Column::PeriodFrom,
                    report_row::Column::PeriodTo,
                    report_row::Column::CountDate,
                ])
                .update_columns([
                    report_row::Column::AsOf,
                    report_row::Column::ValidThrough,
                    report_row::Column::Version,
                    report_row::Column::Answers,
                ])
                .to_owned(),
            )
            .exec_without_returning(&tx)
            .await?;
    }
    tx.commit().await?;
    t.add("stored: writing answers", started);
    Ok(())
}
