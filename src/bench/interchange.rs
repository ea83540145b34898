//! `hearth bench --interchange-tier TIER`: how long moving a program in and out takes. A
//! synthetic tier is loaded into a fresh SQLite file (or the `--database-url` given), written
//! out in the interchange format, read into a second, empty database, and written out again;
//! the two files must be the same bytes, or the run fails.
use crate::{db, interchange, seed::synthetic};
use anyhow::ensure;
use std::time::Instant;

pub async fn run(
    tier: synthetic::Tier,
    dir: &std::path::Path,
    source_url: &str,
) -> anyhow::Result<()> {
    let target_url = format!("sqlite://{}?mode=rwc", dir.join("imported.db").display());
    let source = db::connect(source_url).await?;
    db::migrate(&source).await?;
    let started = Instant::now();
    let today = chrono::Utc::now().date_naive();
    let s = synthetic::seed(&source, tier, 1, today, false).await?;
    println!(
        "tier {tier:?}: {} children, {} visits, {} staff loaded in {:.1?}",
        s.children,
        s.visits,
        s.staff,
        started.elapsed()
    );
    let opts = interchange::export::Options::default();
    let started = Instant::now();
    let mut first = Vec::new();
    let counts = interchange::export::export(&source, &opts, &mut first).await?;
    let records: usize = counts.values().sum();
    println!(
        "export: {records} records, {:.1} MB in {:.2?}",
        first.len() as f64 / 1e6,
        started.elapsed()
    );
    let target = db::connect(&target_url).await?;
    db::migrate(&target).await?;
    let started = Instant::now();
    let report = interchange::import::import(&target, first.as_slice(), "bench", false).await?;
    ensure!(
        report.problems.is_empty(),
        "the export did not import: {}",
        report.problems[0]
    );
    println!("import into an empty database: {:.2?}", started.elapsed());
    let mut second = Vec::new();
    let started = Instant::now();
    interchange::export::export(&target, &opts, &mut second).await?;
    println!("export of the imported copy: {:.2?}", started.elapsed());
    ensure!(first == second, "the two exports differ");
    println!("the two exports are the same bytes");
    Ok(())
}
