//! `hearth bench --indicators-tier TIER`: how long each federal indicator takes to compute on
//! a synthetic program. With `--database-url` naming a database that already holds synthetic
//! programs, the largest present is measured (nothing is loaded); otherwise TIER is loaded into
//! the fresh database first. Prints three runs, each whole and part by part
//! (`reports::Timings`): from the facts read afresh (`reports::compute_live`), the first
//! stored report (every child computed and stored), and the next one (nothing changed: the
//! stored answers read and added up), as a page view after the first would be.
use crate::{
    entities::{child, program},
    reports::{self, Period, Timings},
    seed::synthetic,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::time::Instant;

/// The synthetic program with the most children, if any.
async fn largest(db: &DatabaseConnection) -> anyhow::Result<Option<(program::Model, u64)>> {
    let mut best = None;
    for p in program::Entity::find()
        .filter(program::Column::Slug.starts_with("synthetic-"))
        .order_by_asc(program::Column::Id)
        .all(db)
        .await?
    {
        let n = child::Entity::find()
            .filter(child::Column::ProgramId.eq(p.id))
            .count(db)
            .await?;
        if best.as_ref().is_none_or(|(_, m)| n > *m) {
            best = Some((p, n));
        }
    }
    Ok(best)
}

pub async fn run(tier: synthetic::Tier, db: &DatabaseConnection) -> anyhow::Result<()> {
    let today = chrono::Utc::now().date_naive();
    if largest(db).await?.is_none() {
        let started = Instant::now();
        let s = synthetic::seed(db, tier, 1, today, false).await?;
        println!(
            "tier {tier:?}: {} children, {} visits loaded in {:.1?}",
            s.children,
            s.visits,
            started.elapsed()
        );
    }
    let (p, children) = largest(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no synthetic program to measure"))?;
    let period = Period::federal_year(today);
    println!(
        "indicators for {} ({children} children), {} to {}",
        p.slug, period.from, period.to
    );
    let mut rows = Vec::new();
    for run in ["live (facts read afresh)", "stored, first", "stored, next"] {
        let mut t = Timings::default();
        let started = Instant::now();
        let r = if run.starts_with("live") {
            reports::compute_live(db, &p, period, period.to, today, &mut t).await?
        } else {
            reports::compute_timed(db, &p, period, period.to, today, &mut t).await?
        };
        let c7 = r.figure(reports::Indicator::C7);
        println!(
            "{run}: {} in all (C7 {} of {})",
            super::ms(started.elapsed()),
            c7.numerator,
            c7.denominator
        );
        rows.push((run, t));
    }
    println!("{:<40} {:>10}", "part", "time");
    for (run, t) in &rows {
        println!("{run}");
        for (part, d) in &t.parts {
            println!("  {part:<38} {:>10}", super::ms(*d));
        }
    }
    Ok(())
}
