//! Synthetic programs for scale work (`hearth seed --synthetic`): one program per tier, with
//! staff and children at every stage, generated from a seed so the same tier and seed give
//! the same rows. Rows get their ids here (the database is empty), so a whole batch of
//! children and everything under them is built in memory and written in multi-row inserts.
mod cases;
mod load;
mod plans;
mod staff;
mod visits;
mod write;

use crate::{entities::program, program::rules::ProgramRules};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sea_orm::{DatabaseConnection, DbErr};

/// The one password of every synthetic staff member (hashed once for all of them).
pub const SYNTHETIC_PASSWORD: &str = "hearth-synthetic-2026";

/// Children written per transaction.
const CHUNK: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Tier {
    Provider,
    County,
    State,
    National,
}

impl Tier {
    pub fn children(self) -> usize {
        match self {
            Tier::Provider => 25,
            Tier::County => 1_000,
            Tier::State => 50_000,
            Tier::National => 450_000,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Tier::Provider => "synthetic-provider",
            Tier::County => "synthetic-county",
            Tier::State => "synthetic-state",
            Tier::National => "synthetic-national",
        }
    }
}

/// What was written, for the command's output.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub program_id: i32,
    pub staff: usize,
    pub children: usize,
    pub visits: usize,
    /// A coordinator's e-mail, to sign in with.
    pub coordinator_email: String,
}

/// Loads `tier` into an empty database. `today` is the anchor every date is relative to;
/// `progress` draws a bar on stderr (when it is a terminal).
pub async fn seed(
    db: &DatabaseConnection,
    tier: Tier,
    seed: u64,
    today: NaiveDate,
    progress: bool,
) -> Result<Summary, DbErr> {
    if !super::is_empty(db).await? {
        return Err(DbErr::Custom(
            "the database already has programs; synthetic data goes into an empty database only"
                .into(),
        ));
    }
    let rules = ProgramRules::default();
    let hash = crate::auth::password::hash(SYNTHETIC_PASSWORD.into()).await;
    let mut ids = load::Ids::default();
    let program = program::Model {
        id: 1,
        slug: tier.slug().into(),
        name: format!("Synthetic {:?} Early Intervention (seed {seed})", tier),
        state_code: "PA".into(),
        timezone: "America/New_York".into(),
        rules: rules.to_json(),
        created_at: load::noon(today - chrono::Duration::days(1_500)),
    };
    let team = staff::team(program.id, tier.children(), seed, &hash, today, &mut ids);
    let summary = Summary {
        program_id: program.id,
        staff: team.users.len(),
        children: tier.children(),
        visits: 0,
        coordinator_email: team.coordinator_email(),
    };
    let bulk = write::connect(db).await?;
    let loaded = load_all(
        &bulk, program, team, rules, ids, tier, seed, today, progress,
    )
    .await;
    let finished = write::finish(bulk).await;
    let visits = loaded?;
    finished?;
    load::advance_sequences(db).await?;
    Ok(Summary { visits, ..summary })
}

/// What the generating thread hands the writer: a statement, or the end of a batch.
enum Message {
    Insert(write::Insert),
    Commit { children: usize, visits: usize },
}

/// Writes the program and its staff, then every child in batches of [`CHUNK`] (one
/// transaction each) while a thread of its own generates the next batch (bounded, so at most
/// a batch or so waits in memory). Returns the number of visits.
#[allow(clippy::too_many_arguments)]
async fn load_all(
    bulk: &DatabaseConnection,
    program: program::Model,
    team: staff::Team,
    rules: ProgramRules,
    mut ids: load::Ids,
    tier: Tier,
    seed: u64,
    today: NaiveDate,
    progress: bool,
) -> Result<usize, DbErr> {
    let mut writer = write::Writer::new(bulk.get_database_backend());
    let mut first = Vec::new();
    write::inserts(vec![program], &mut |i| first.push(i));
    write::inserts(team.users.clone(), &mut |i| first.push(i));
    let txn = crate::db::begin_write(bulk).await?;
    for i in first {
        writer.run(&txn, i).await?;
    }
    txn.commit().await?;

    let total = tier.children();
    let bar = if progress {
        ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} {bar:40} {pos}/{len} children {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Message>(64);
    let generator = std::thread::spawn(move || {
        let mut start = 0;
        while start < total && !tx.is_closed() {
            let end = (start + CHUNK).min(total);
            let mut rows = load::Rows::default();
            for n in start..end {
                cases::case(&mut rows, &mut ids, &team, &rules, seed, n, today);
            }
            let visits = rows.visits.len();
            // A send fails only when the writer stopped on an error, which it reports.
            rows.inserts(&mut |i| drop(tx.blocking_send(Message::Insert(i))));
            let _ = tx.blocking_send(Message::Commit {
                children: end,
                visits,
            });
            start = end;
        }
    });
    let mut visits = 0;
    let mut done = 0;
    let mut txn = None;
    while let Some(message) = rx.recv().await {
        match message {
            Message::Insert(i) => {
                let t = match txn.take() {
                    Some(t) => t,
                    None => crate::db::begin_write(bulk).await?,
                };
                writer.run(&t, i).await?;
                txn = Some(t);
            }
            Message::Commit {
                children,
                visits: v,
            } => {
                if let Some(t) = txn.take() {
                    t.commit().await?;
                }
                visits += v;
                done = children;
                bar.set_position(children as u64);
                bar.set_message(format!("{visits} visits"));
            }
        }
    }
    bar.finish_and_clear();
    // The channel closed: the generator returned (or panicked, which `join` reports).
    if generator.join().is_err() || done != total {
        return Err(DbErr::Custom(format!(
            "the synthetic generator stopped after {done} of {total} children"
        )));
    }
    Ok(visits)
}

/// A deterministic generator for one thing (`salt`) of one child `n`: each child's rows
/// do not depend on how the children are batched.
pub(crate) fn rng(seed: u64, salt: u64, n: usize) -> rand::rngs::StdRng {
    use rand::SeedableRng;
    let mix = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(salt.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(n as u64);
    rand::rngs::StdRng::seed_from_u64(mix)
}
