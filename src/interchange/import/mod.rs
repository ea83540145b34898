//! `hearth import FILE`: the whole file is read and checked first, and every problem is
//! reported with its line, record and field; only a file without problems is written, in one
//! write transaction with one audit row. Records whose id is known here update their row (or
//! count as unchanged when nothing differs), so importing a file twice changes nothing.
mod check;
mod parse;
mod plans;
mod visits;
mod write;

pub use parse::{Parsed, Problem, parse_line};
pub use write::Outcome;

use super::Kind;
use super::ids::{self, Names};
use crate::audit::{self, Actor, Event};
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;
use std::io::BufRead;

/// What an import did, or would have done.
#[derive(Debug, Default)]
pub struct Report {
    /// Per type: created, updated, unchanged.
    pub counts: BTreeMap<Kind, [usize; 3]>,
    /// Likely duplicate children, for a person to look at.
    pub duplicates: Vec<String>,
    /// When not empty, nothing was written.
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (kind, [c, u, n]) in &self.counts {
            writeln!(f, "{kind:<10} {c} created, {u} updated, {n} unchanged")?;
        }
        writeln!(f, "possible duplicates: {}", self.duplicates.len())?;
        for d in &self.duplicates {
            writeln!(f, "  {d}")?;
        }
        Ok(())
    }
}

/// Reads every line of `input`, collecting the records and every problem.
pub fn read(input: impl BufRead) -> std::io::Result<(Vec<Parsed>, Vec<Problem>)> {
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let (p, mut e) = parse_line(i + 1, &line?);
        parsed.extend(p);
        problems.append(&mut e);
    }
    Ok((parsed, problems))
}

/// A whole file already in memory, read into records and problems exactly as `read` does,
/// with no database: everything `import` checks before it opens a transaction. The fuzz
/// target (`tests/fuzz`) drives this.
pub fn parse_file(text: &str) -> (Vec<Parsed>, Vec<Problem>) {
    // `&[u8]` as `BufRead` yields only valid UTF-8 lines here, so reading cannot fail.
    read(text.as_bytes()).unwrap_or_default()
}

/// Checks and (when there is no problem) writes the file read from `input`; `name` is what
/// the audit row calls it. `progress` shows a bar while writing.
pub async fn import(
    db: &DatabaseConnection,
    input: impl BufRead,
    name: &str,
    progress: bool,
) -> Result<Report, anyhow::Error> {
    let (parsed, mut problems) = read(input)?;
    let txn = crate::db::begin_write(db).await?;
    let tag = ids::installation_tag(&txn).await?;
    // Records whose line had a problem are still in the file: a reference to one is not
    // reported again as naming nothing.
    let failed: std::collections::HashSet<(Kind, String)> = problems
        .iter()
        .filter_map(|p| p.record.as_ref())
        .filter_map(|(t, id)| Some((Kind::parse(t)?, id.clone())))
        .collect();
    let mut locals = check::resolve(&txn, &tag, &parsed, &failed, &mut problems).await?;
    let mut names = Names::new(&tag);
    for p in &parsed {
        for (kind, ext) in std::iter::once((p.rec.kind(), p.rec.id()))
            .chain(p.rec.refs().into_iter().map(|r| (r.kind, r.id)))
        {
            if let Some(l) = locals.find(kind, ext) {
                names.insert(kind, l, ext);
            }
        }
    }
    visits::locked(&txn, &parsed, &locals, &names, &mut problems).await?;
    problems.sort_by_key(|p| p.line);
    let mut report = Report {
        problems,
        ..Default::default()
    };
    if !report.problems.is_empty() {
        txn.rollback().await?;
        return Ok(report);
    }
    report.duplicates = check::duplicates(&txn, &parsed, &locals).await?;
    let bar = if progress {
        indicatif::ProgressBar::new(parsed.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut later = plans::Later::default();
    for p in write::order(&parsed) {
        let outcome = write::upsert(&txn, p, &mut locals, &mut names, &mut later).await?;
        let slot = match outcome {
            Outcome::Created => 0,
            Outcome::Updated => 1,
            Outcome::Unchanged => 2,
        };
        report.counts.entry(p.rec.kind()).or_default()[slot] += 1;
        bar.inc(1);
    }
    later.apply(&txn, &locals).await?;
    bar.finish_and_clear();
    let counts: serde_json::Map<String, serde_json::Value> = report
        .counts
        .iter()
        .map(|(k, [c, u, n])| {
            (
                k.as_str().to_owned(),
                serde_json::json!({"created": c, "updated": u, "unchanged": n}),
            )
        })
        .collect();
    audit::record_in(
        &txn,
        &Actor::system(None),
        Event::new("interchange.imported", "import", name).detail(serde_json::json!({
            "file": name,
            "records": parsed.len(),
            "counts": counts,
            "possible_duplicates": report.duplicates.len(),
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}
