//! The `hearth export` and `hearth import` commands.
use super::{export, import};
use anyhow::{Context, bail};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use std::io::{BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Only this program (its slug); every program by default.
    #[arg(long)]
    program: Option<String>,
    /// Only records created or changed on or after this day (YYYY-MM-DD, UTC).
    #[arg(long)]
    since: Option<NaiveDate>,
    /// Write here instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// A file in the interchange format (JSON Lines), e.g. from `hearth export`.
    file: PathBuf,
}

pub async fn run_export(db: &DatabaseConnection, args: ExportArgs) -> anyhow::Result<()> {
    let opts = export::Options {
        program: args.program,
        since: args.since,
    };
    let counts = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            export::export(db, &opts, &mut BufWriter::new(file)).await?
        }
        None => export::export(db, &opts, &mut BufWriter::new(std::io::stdout().lock())).await?,
    };
    let mut err = std::io::stderr().lock();
    for (kind, n) in counts {
        writeln!(err, "{kind:<10} {n} exported")?;
    }
    Ok(())
}

pub async fn run_import(db: &DatabaseConnection, args: ImportArgs) -> anyhow::Result<()> {
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let progress = std::io::stderr().is_terminal();
    let report = import::import(db, BufReader::new(file), &name, progress).await?;
    if !report.problems.is_empty() {
        let mut err = std::io::stderr().lock();
        for p in &report.problems {
            writeln!(err, "{p}")?;
        }
        bail!(
            "{} problem(s) in {name}: nothing was imported",
            report.problems.len()
        );
    }
    print!("{report}");
    Ok(())
}
