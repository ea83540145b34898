//! `hearth bench --indicators-tier TIER`: how long each federal indicator takes to compute on
//! a synthetic program. With `--database-url` naming a database that already holds synthetic
//! programs, the largest present is measured (nothing is loaded); otherwise TIER is loaded into
//! the fresh database first. Prints the whole computation and each part of it
//! (`reports::Timings`).
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
    let mut t = Timings::default();
    let started = Instant::now();
    let r = reports::compute_timed(db, &p, period, period.to, today, &mut t).await?;
    let total = started.elapsed();
    println!(
        "indicators for {} ({children} children), {} to {}: {:.2?} in all",
        p.slug, period.from, period.to, total
    );
    println!("{:<40} {:>10}", "part", "time");
    for (part, d) in &t.parts {
        println!("{part:<40} {:>10}", super::ms(*d));
    }
    let c7 = r.figure(reports::Indicator::C7);
    println!("(C7 {} of {})", c7.numerator, c7.denominator);
    Ok(())
}
