//! `hearth report indicators`: the same [`compute`] as the page, for one program (or, without
//! `--program`, [`combined::all_programs`] as the lead agency's page), printed as JSON or
//! CSV. Audited like a page view, as the command line (no user).
use super::{Period, combined, compute, export, export_all};
use crate::audit::{self, Actor, Event};
use anyhow::{Context, bail};
use sea_orm::DatabaseConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// The federal indicators (C7, C1, C8A/B/C, C3, C4; C2 on the count date) of one program.
    Indicators {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: chrono::NaiveDate,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: chrono::NaiveDate,
        /// The child-count date of C2, YYYY-MM-DD (default: --to).
        #[arg(long)]
        count_date: Option<chrono::NaiveDate>,
        /// The program's slug; without it, every program summed (the lead agency's page).
        #[arg(long)]
        program: Option<String>,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
}

/// Runs a `hearth report` command; returns what to print.
pub async fn run(db: &DatabaseConnection, command: Command) -> anyhow::Result<String> {
    match command {
        Command::Indicators {
            from,
            to,
            count_date,
            program,
            format,
        } => {
            let period = Period { from, to };
            let count = count_date.unwrap_or(to);
            indicators(db, period, count, program.as_deref(), format).await
        }
    }
}

/// The figures as text. `program` is a slug; left out, every program's figures summed by
/// [`combined::sum`], the same as the lead agency's "all programs" page and CSV.
pub async fn indicators(
    db: &DatabaseConnection,
    period: Period,
    count_date: chrono::NaiveDate,
    program: Option<&str>,
    format: Format,
) -> anyhow::Result<String> {
    if period.from > period.to {
        bail!("--to must be on or after --from");
    }
    let programs = super::scope::programs(db).await?;
    let name = match format {
        Format::Json => "json",
        Format::Csv => "csv",
    };
    let Some(slug) = program else {
        // Every program summed, as the lead agency's page shows it.
        let c =
            combined::all_programs(db, programs, period, count_date, chrono::Utc::now()).await?;
        for (p, _) in &c.reports {
            let ev = Event::new("report.exported", "program", p.id).detail(serde_json::json!({
                "report": "indicators", "indicator": "all", "scope": "all_programs",
                "from": period.from, "to": period.to, "count_date": count_date, "format": name,
            }));
            audit::record(db, &Actor::system(Some(p.id)), ev).await?;
        }
        return Ok(match format {
            Format::Json => export_all::combined_json(&c) + "\n",
            Format::Csv => export_all::combined_csv(&c)?,
        });
    };
    let p = programs
        .into_iter()
        .find(|p| p.slug == slug)
        .with_context(|| format!("no program with slug {slug}"))?;
    let today = chrono::Utc::now().with_timezone(&p.tz()).date_naive();
    let r = compute(db, &p, period, count_date, today).await?;
    let ev = Event::new("report.exported", "program", p.id).detail(serde_json::json!({
        "report": "indicators", "indicator": "all",
        "from": period.from, "to": period.to, "count_date": count_date, "format": name,
    }));
    audit::record(db, &Actor::system(Some(p.id)), ev).await?;
    Ok(match format {
        Format::Json => export::summary_json(&r) + "\n",
        Format::Csv => export::summary_csv(&r)?,
    })
}
