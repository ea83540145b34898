//! `hearth seed`: the demo a newcomer clicks through, or a generated program of a given size.
use super::synthetic::{self, Tier};
use anyhow::bail;
use sea_orm::DatabaseConnection;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The demo program and staff a newcomer can click through.
    #[arg(long)]
    demo: bool,
    /// A generated program of a given size (see --tier, --seed).
    #[arg(long, conflicts_with = "demo")]
    synthetic: bool,
    #[arg(long, value_enum, default_value = "provider", requires = "synthetic")]
    tier: Tier,
    #[arg(long, default_value_t = 1, requires = "synthetic")]
    seed: u64,
}

/// Seeds the (migrated) database `db` as `args` say, printing how to sign in.
pub async fn run(db: &DatabaseConnection, args: Args) -> anyhow::Result<()> {
    if args.synthetic {
        let started = std::time::Instant::now();
        let today = chrono::Utc::now().date_naive();
        let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let s = synthetic::seed(db, args.tier, args.seed, today, tty).await?;
        println!(
            "{} children, {} visits, {} staff in {:.1} s; sign in as {} / {}",
            s.children,
            s.visits,
            s.staff,
            started.elapsed().as_secs_f64(),
            s.coordinator_email,
            synthetic::SYNTHETIC_PASSWORD
        );
        return Ok(());
    }
    if !args.demo {
        bail!("say what to seed: hearth seed --demo, or --synthetic --tier provider");
    }
    if !super::is_empty(db).await? {
        bail!("the database already has programs; demo data goes into an empty database only");
    }
    for (email, role) in super::demo(db).await? {
        println!("{email:<34} {role}");
    }
    println!("password for all: {}", super::DEMO_PASSWORD);
    Ok(())
}
