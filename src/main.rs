//! The `hearth` command line.
use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use hearth::{Config, audit, db, reports, seed};
use migration::{Migrator, MigratorTrait};

#[derive(Parser)]
#[command(
    name = "hearth",
    version,
    about = "Early-intervention case management (IDEA Part C)"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve {
        /// Run as development (the default of a debug build only): loads the demo program
        /// into an empty database, with its published password. Same as
        /// HEARTH_ENV=development.
        #[arg(long)]
        demo: bool,
    },
    /// Apply or inspect database migrations.
    Migrate {
        #[command(subcommand)]
        action: Option<MigrateAction>,
    },
    /// Load demo data (or a generated program) into an empty database.
    Seed(seed::cli::Args),
    /// Manage programs.
    Program {
        #[command(subcommand)]
        action: ProgramAction,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        action: hearth::staff::cli::UserAction,
    },
    /// Measure the busiest pages on a fresh database with a realistic caseload.
    Bench {
        /// Extra referrals to load onto one coordinator's caseload.
        #[arg(long, default_value_t = 500)]
        children: usize,
        /// Requests per page.
        #[arg(long, default_value_t = 50)]
        iterations: usize,
        /// An empty database to use instead of a temporary SQLite file.
        #[arg(long)]
        database_url: Option<String>,
        /// Instead of the pages: load this synthetic tier, export it, import the file into an
        /// empty database and export that again (the two must match), timing each step.
        #[arg(long, value_enum)]
        interchange_tier: Option<seed::synthetic::Tier>,
        /// Instead of the pages: time each federal indicator on the largest synthetic
        /// program in the database, loading this tier first when there is none.
        #[arg(long, value_enum)]
        indicators_tier: Option<seed::synthetic::Tier>,
        /// Instead of the pages in-process: start `hearth serve` on a synthetic tier and
        /// drive it over HTTP beside two baselines (plain text, Fortunes), printing a table.
        #[arg(long, requires = "tier")]
        http: bool,
        /// The synthetic tier the HTTP benchmark seeds (or finds in --database-url).
        #[arg(long, value_enum, requires = "http")]
        tier: Option<seed::synthetic::Tier>,
        /// HTTP benchmark: rounds over every page, after a warm-up.
        #[arg(long, default_value_t = 3, requires = "http")]
        rounds: usize,
        /// HTTP benchmark: seconds of load on each page in each round.
        #[arg(long, default_value_t = 5.0, requires = "http")]
        seconds: f64,
        /// HTTP benchmark: concurrent keep-alive connections for each page.
        #[arg(long, default_value_t = 8, requires = "http")]
        connections: usize,
    },
    /// The HTTP benchmark's baselines (plain text, Fortunes), never the product's router.
    #[command(hide = true)]
    BenchBaseline {
        #[arg(long)]
        port: u16,
        #[arg(long)]
        database_url: String,
    },
    /// Check the audit log's hash chain.
    Audit {
        #[command(subcommand)]
        action: audit::cli::AuditAction,
    },
    /// Send queued e-mail: runs the mail worker alone, without the web app (several may run
    /// at once). `hearth serve` runs one too.
    Outbox {
        /// Send what is due now, then exit (for cron), instead of running until stopped.
        #[arg(long)]
        once: bool,
    },
    /// Copy the database to FILE while Hearth runs (SQLite: VACUUM INTO; PostgreSQL: prints
    /// how to use pg_dump).
    Backup { file: std::path::PathBuf },
    /// Replace the database with a backup, after checking it (stop the server first).
    Restore {
        file: std::path::PathBuf,
        /// Replace a database that holds data (it is kept beside it).
        #[arg(long)]
        force: bool,
    },
    /// Reports, printed from the same function as the web pages.
    Report {
        #[command(subcommand)]
        action: reports::cli::Command,
    },
    /// Write a program's records in the interchange format (JSON Lines; see the README).
    Export(hearth::interchange::cli::ExportArgs),
    /// Check a file in the interchange format and, when it has no problem, import it.
    Import(hearth::interchange::cli::ImportArgs),
    /// Load Hearth's starter activity library, or update it to this release's revisions
    /// (activities a program has edited are left as they are).
    Activities,
}

#[derive(Subcommand)]
enum MigrateAction {
    /// Apply all pending migrations (the default).
    Up,
    /// Roll back the last N migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Subcommand)]
enum ProgramAction {
    /// Create a program (a county or regional EI program).
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// Two-letter state code, e.g. PA.
        #[arg(long)]
        state: String,
        #[arg(long, default_value = "America/New_York")]
        timezone: String,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line a person can act on; no backtrace for an operator's mistake.
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    // One line per request at INFO (method, path, status, latency, request id); JSON lines
    // for log collectors with HEARTH_LOG_FORMAT=json.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
    if std::env::var("HEARTH_LOG_FORMAT").is_ok_and(|f| f == "json") {
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let cli = Cli::parse();
    // Every command but `bench` (which makes its own database) reads the configuration.
    let config = || Config::from_env().context("configuration");
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Bench {
            children,
            iterations,
            database_url,
            interchange_tier,
            indicators_tier,
            http,
            tier,
            rounds,
            seconds,
            connections,
        } => {
            if let (true, Some(tier)) = (http, tier) {
                return hearth::bench::http::run(hearth::bench::http::Options {
                    tier,
                    database_url,
                    rounds: rounds.max(1),
                    seconds: seconds.max(0.1),
                    connections: connections.max(1),
                })
                .await;
            }
            hearth::bench::run(hearth::bench::Options {
                children,
                iterations,
                database_url,
                interchange_tier,
                indicators_tier,
            })
            .await
        }
        Command::BenchBaseline { port, database_url } => {
            hearth::bench::http::baseline::serve(port, &database_url).await
        }
        Command::Serve { demo: false } => hearth::serve(config()?).await,
        Command::Serve { demo: true } => {
            if std::env::var("HEARTH_ENV").is_ok_and(|v| v.starts_with("prod")) {
                bail!("--demo cannot be used with HEARTH_ENV=production");
            }
            let config =
                Config::from_env_with(hearth::config::Env::Development).context("configuration")?;
            hearth::serve(config).await
        }
        Command::Outbox { once } => {
            let config = config()?;
            let db = db::connect(&config.database_url).await?;
            db::migrate(&db).await?;
            let mailer = hearth::mail::transport::Mailer::from_config(&config)?;
            // The worker audits what it sends: the anchor follows, as `serve` keeps it.
            let anchor_path = config.audit_anchor.clone();
            let worker = hearth::mail::worker::Worker::new(
                &hearth::AppState::new(db.clone(), config),
                mailer,
            );
            if once {
                let n = worker.run_once().await?;
                println!("processed {n} message(s)");
                audit::anchor::advance(&db, &anchor_path).await?;
            } else {
                let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
                let keeper = tokio::spawn(audit::anchor::keep(db, anchor_path, async {
                    stopped.await.ok();
                }));
                worker
                    .run(async {
                        let _ = tokio::signal::ctrl_c().await;
                    })
                    .await;
                let _ = stop.send(());
                let _ = keeper.await;
            }
            Ok(())
        }
        Command::Migrate { action } => {
            let db = db::connect(&config()?.database_url).await?;
            match action.unwrap_or(MigrateAction::Up) {
                MigrateAction::Up => {
                    let pending = Migrator::get_pending_migrations(&db).await?.len();
                    // The same locked path `hearth serve` takes, so a migration run while
                    // other processes start cannot race them.
                    db::migrate(&db).await?;
                    println!("applied {pending} migration(s)");
                }
                MigrateAction::Down { steps } => {
                    Migrator::down(&db, Some(steps)).await?;
                    println!("rolled back {steps} migration(s)");
                }
                MigrateAction::Status => {
                    for m in Migrator::get_migration_with_status(&db).await? {
                        println!("{:<10} {}", m.status().to_string(), m.name());
                    }
                }
            }
            Ok(())
        }
        Command::Seed(args) => {
            let config = config()?;
            let db = db::connect(&config.database_url).await?;
            db::migrate(&db).await?;
            seed::cli::run(&db, args).await?;
            anchor(&db, &config).await
        }
        Command::Program {
            action:
                ProgramAction::Create {
                    slug,
                    name,
                    state,
                    timezone,
                },
        } => {
            let config = config()?;
            let db = db::connect(&config.database_url).await?;
            db::migrate(&db).await?;
            let p =
                seed::create_program(&db, &slug, &name, &state.to_uppercase(), &timezone).await?;
            audit::record(
                &db,
                &audit::Actor::system(Some(p.id)),
                audit::Event::new("program.created", "program", p.id),
            )
            .await?;
            println!("created program {} (id {})", p.slug, p.id);
            anchor(&db, &config).await
        }
        Command::User { action } => {
            let config = config()?;
            let db = db::connect(&config.database_url).await?;
            db::migrate(&db).await?;
            hearth::staff::cli::run(&db, &config, action).await
        }
        Command::Report { action } => {
            let db = db::connect(&config()?.database_url).await?;
            print!("{}", reports::cli::run(&db, action).await?);
            Ok(())
        }
        Command::Export(args) => {
            let db = db::connect(&config()?.database_url).await?;
            db::migrate(&db).await?;
            hearth::interchange::cli::run_export(&db, args).await
        }
        Command::Import(args) => {
            let db = db::connect(&config()?.database_url).await?;
            db::migrate(&db).await?;
            hearth::interchange::cli::run_import(&db, args).await
        }
        Command::Activities => {
            let db = db::connect(&config()?.database_url).await?;
            db::migrate(&db).await?;
            let lib = hearth::activities::starter::library().map_err(anyhow::Error::msg)?;
            let problems = hearth::activities::starter::problems(&lib);
            if let Some(p) = problems.first() {
                bail!("the starter library is not fit to load: {p}");
            }
            let r = hearth::activities::starter::import(&db, &lib).await?;
            println!(
                "starter library: {} added, {} updated, {} kept as edited locally",
                r.added, r.updated, r.kept_local
            );
            Ok(())
        }
        Command::Audit { action } => {
            let config = config()?;
            let db = db::connect(&config.database_url).await?;
            audit::cli::run(&db, &config, action).await
        }
        Command::Backup { file } => {
            match hearth::backup::backup(&config()?, &file).await? {
                hearth::backup::Done::Copied { bytes } => {
                    println!("backed up to {} ({bytes} bytes)", file.display())
                }
                hearth::backup::Done::Guidance(text) => println!("{text}"),
            }
            Ok(())
        }
        Command::Restore { file, force } => {
            let r = hearth::backup::restore(&config()?, &file, force).await?;
            println!(
                "restored {} into {} ({} audit rows verified{})",
                file.display(),
                r.into.display(),
                r.checked.audit_rows,
                r.kept
                    .map(|k| format!("; the database it replaced is kept as {}", k.display()))
                    .unwrap_or_default()
            );
            Ok(())
        }
    }
}

/// Moves the audit anchor on after a command that appended rows (`hearth serve` keeps it
/// itself), so `hearth audit verify` right after finds the head anchored.
async fn anchor(db: &sea_orm::DatabaseConnection, config: &Config) -> anyhow::Result<()> {
    audit::anchor::advance(db, &config.audit_anchor).await?;
    Ok(())
}
