//! `hearth bench --http --tier TIER`: the real server in a child process, driven over HTTP
//! on loopback by an embedded load generator, beside two baselines served by another child
//! process (plain text, and TechEmpower's Fortunes on the same database). Warm-up, then
//! several rounds that interleave every page, so machine noise falls on all of them alike.
//! Prints one Markdown table: requests/s, latency percentiles, the server's CPU time per
//! request (procfs) and its ratio to Fortunes', the gzipped size of each page, errors, and
//! each process's peak RSS.
pub mod baseline;
mod client;
mod fixtures;
mod load;
mod process;

use crate::{db, seed::synthetic, state::Keys};
use anyhow::Context;
use client::{Call, Conn, field, login_body, login_form, sign_in};
use load::{Page, Tally, Work};
use process::Served;
use std::{io::Write, sync::Arc, sync::atomic::AtomicI32, time::Instant};

const SECRET: &str = "bench-http-secret-bench-http-secret!!";

pub struct Options {
    pub tier: synthetic::Tier,
    pub database_url: Option<String>,
    pub rounds: usize,
    pub seconds: f64,
    /// Concurrent keep-alive connections for each page (sign-in uses 2, note saves 16).
    pub connections: usize,
}

pub async fn run(opts: Options) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("hearth-http-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let url = opts
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()));
    let engine = if url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    let out = measure(&opts, &dir, &url, engine).await;
    if opts.database_url.is_none() && out.is_ok() {
        let _ = std::fs::remove_dir_all(&dir);
    } else if out.is_err() {
        eprintln!("logs kept in {}", dir.display());
    }
    out
}

async fn measure(
    opts: &Options,
    dir: &std::path::Path,
    url: &str,
    engine: &str,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let conn = db::connect(url).await?;
    db::migrate(&conn).await?;
    let seeded = fixtures::seed_or_reuse(&conn, opts.tier).await?;
    println!(
        "tier {:?} on {engine}: {} in {:.1} s",
        opts.tier,
        if seeded { "seeded" } else { "reused" },
        started.elapsed().as_secs_f64()
    );
    let fx = fixtures::find(&conn, &Keys::derive(SECRET.as_bytes())).await?;
    conn.close().await?;

    let env = [
        ("DATABASE_URL", url.to_owned()),
        ("HEARTH_ENV", "development".to_owned()),
        ("HEARTH_DATA_DIR", dir.display().to_string()),
        ("HEARTH_SECRET_KEY", SECRET.to_owned()),
        // One client address drives every page: the family page's per-address limit would
        // otherwise answer 429 after its burst.
        ("HEARTH_LINK_RATE_PER_MINUTE", "100000".to_owned()),
    ];
    let server =
        Served::start(&["serve"], &env, &dir.join("server.log"), "/healthz", false).await?;
    let base = Served::start(
        &["bench-baseline", "--database-url", url],
        &env,
        &dir.join("baseline.log"),
        "/plaintext",
        true,
    )
    .await?;
    let result = drive(opts, &fx, &server, &base, engine).await;
    server.stop().await;
    base.stop().await;
    result
}

/// Signs everyone in, finds the forms' tokens, builds the rows and runs them.
async fn drive(
    opts: &Options,
    fx: &fixtures::Fixtures,
    server: &Served,
    base: &Served,
    engine: &str,
) -> anyhow::Result<()> {
    let pw = synthetic::SYNTHETIC_PASSWORD;
    let mut c = Conn::new(server.addr);
    let admin = sign_in(&mut c, &fx.admin, pw).await?;
    let supervisor = sign_in(&mut c, &fx.supervisor, pw).await?;
    let coordinator = sign_in(&mut c, &fx.coordinator, pw).await?;
    let provider = sign_in(&mut c, &fx.provider, pw).await?;
    let family = family_session(&mut c, &fx.family_token).await?;

    let mut versions = Vec::with_capacity(fx.drafts.len());
    let mut csrf = String::new();
    for (id, ..) in &fx.drafts {
        let page = c
            .call(&Call::get(format!("/visits/{id}"), &provider))
            .await?;
        anyhow::ensure!(page.status == 200, "visit {id} answered {}", page.status);
        let html = page.text();
        versions.push(AtomicI32::new(field(&html, "version")?.parse()?));
        csrf = field(&html, "_csrf")?;
    }
    let (login_csrf, login_token) = login_form(&mut c).await?;
    let n = opts.connections;
    let get = |name: &'static str, who: &'static str, path: String, cookie: &str| Page {
        name,
        who,
        what: format!("GET {path}"),
        baseline: false,
        concurrency: n,
        work: Work::Same {
            call: Call::get(path, cookie),
            ok: 200,
        },
    };
    let mut pages = vec![
        get(
            "coordinator dashboard",
            "coordinator",
            "/caseload".into(),
            &coordinator,
        ),
        get(
            "program dashboard",
            "supervisor",
            "/dashboard".into(),
            &supervisor,
        ),
        get("home: admin", "admin", "/".into(), &admin),
        get("home: supervisor", "supervisor", "/".into(), &supervisor),
        get("home: coordinator", "coordinator", "/".into(), &coordinator),
        get("home: provider", "provider", "/".into(), &provider),
        get(
            "child page",
            "coordinator",
            format!("/children/{}", fx.child_id),
            &coordinator,
        ),
        get(
            "IFSP page",
            "coordinator",
            format!("/ifsps/{}", fx.ifsp_id),
            &coordinator,
        ),
        get("agenda", "provider", "/visits".into(), &provider),
        get(
            "visit page",
            "provider",
            format!("/visits/{}", fx.drafts[0].0),
            &provider,
        ),
        Page {
            name: "visit-note save",
            who: "provider",
            what: "POST /visits/{id}".into(),
            baseline: false,
            concurrency: fixtures::WRITERS,
            work: Work::NoteSave {
                cookie: provider.clone(),
                csrf,
                drafts: fx.drafts.clone(),
                versions: Arc::new(versions),
            },
        },
        get(
            "activity search",
            "provider",
            "/activities?q=snack".into(),
            &provider,
        ),
        get("family page", "family", "/family".into(), &family),
        get(
            "indicators report",
            "supervisor",
            "/reports/indicators".into(),
            &supervisor,
        ),
        Page {
            name: "sign-in",
            who: "admin",
            what: "POST /login".into(),
            baseline: false,
            // Each is an Argon2 hash: more at once than cores only queues them.
            concurrency: 2,
            work: Work::Same {
                call: Call::post(
                    "/login",
                    &login_csrf,
                    login_body(&fx.admin, pw, &login_token)?,
                ),
                ok: 303,
            },
        },
    ];
    for (name, path) in [("Fortunes", "/fortunes"), ("plaintext", "/plaintext")] {
        pages.push(Page {
            name,
            who: "baseline",
            what: format!("GET {path}"),
            baseline: true,
            concurrency: n,
            work: Work::Same {
                call: Call::get(path, ""),
                ok: 200,
            },
        });
    }

    // The gzipped size of one answer of each GET, as a browser would receive it.
    let mut sizes = Vec::with_capacity(pages.len());
    let mut bc = Conn::new(base.addr);
    for p in &pages {
        sizes.push(match &p.work {
            Work::Same { call, .. } if call.method == "GET" => {
                let conn = if p.baseline { &mut bc } else { &mut c };
                let a = conn.call(call).await?;
                anyhow::ensure!(a.status == 200, "{} answered {}", p.what, a.status);
                Some(gzipped(&a.body)?)
            }
            _ => None,
        });
    }

    let warm = (opts.seconds / 2.0).min(2.0);
    eprintln!("warming up ({warm:.1} s a page)…");
    for p in &pages {
        run_window(p, server, base, warm, None).await?;
    }
    let mut tallies: Vec<Tally> = pages.iter().map(|_| Tally::default()).collect();
    for round in 1..=opts.rounds {
        eprintln!("round {round} of {}…", opts.rounds);
        for (p, t) in pages.iter().zip(tallies.iter_mut()) {
            run_window(p, server, base, opts.seconds, Some(t)).await?;
        }
    }
    print_table(opts, engine, &pages, &mut tallies, &sizes);
    println!(
        "\npeak RSS: server {:.1} MiB, baselines {:.1} MiB",
        server.peak_rss_mib()?,
        base.peak_rss_mib()?
    );
    for (p, t) in pages.iter().zip(&tallies) {
        if let Some(e) = &t.first_error {
            println!("{}: {} errors; first: {e}", p.name, t.errors);
        }
    }
    Ok(())
}

async fn run_window(
    p: &Page,
    server: &Served,
    base: &Served,
    seconds: f64,
    tally: Option<&mut Tally>,
) -> anyhow::Result<()> {
    let target = if p.baseline { base } else { server };
    load::window(target.addr, p, seconds, || target.cpu(), tally).await
}

/// Opens the family link as a family would (the page, then its confirm button) and returns
/// the cookies of the family session.
async fn family_session(c: &mut Conn, token: &str) -> anyhow::Result<String> {
    let path = format!("/family/open/{token}");
    let page = c.call(&Call::get(&path, "")).await?;
    anyhow::ensure!(
        page.status == 200,
        "the family link answered {}",
        page.status
    );
    let csrf = page.cookie("hearth_csrf").context("csrf cookie")?;
    let form = serde_urlencoded::to_string([("_csrf", field(&page.text(), "_csrf")?)])?;
    let res = c.call(&Call::post(&path, &csrf, form)).await?;
    let session = res
        .cookie("hearth_family")
        .with_context(|| format!("confirming the family link answered {}", res.status))?;
    Ok(format!("{csrf}; {session}"))
}

fn gzipped(body: &[u8]) -> anyhow::Result<usize> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(body)?;
    Ok(e.finish()?.len())
}

fn print_table(
    opts: &Options,
    engine: &str,
    pages: &[Page],
    tallies: &mut [Tally],
    sizes: &[Option<usize>],
) {
    let fortunes = pages
        .iter()
        .position(|p| p.name == "Fortunes")
        .map(|i| tallies[i].cpu_ms())
        .unwrap_or(0.0);
    println!(
        "\n{:?} tier, {engine}, {} round(s) of {} s a page, {} connections (sign-in 2, note saves {}); {}",
        opts.tier,
        opts.rounds,
        opts.seconds,
        opts.connections,
        fixtures::WRITERS,
        machine()
    );
    println!();
    println!(
        "| page | as | request | requests | req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | × Fortunes | gzip KB | errors |"
    );
    println!("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for ((p, t), size) in pages.iter().zip(tallies.iter_mut()).zip(sizes) {
        let ratio = if fortunes > 0.0 {
            format!("{:.1}", t.cpu_ms() / fortunes)
        } else {
            "-".into()
        };
        let (p50, p95, p99) = (
            t.percentile_ms(0.5),
            t.percentile_ms(0.95),
            t.percentile_ms(0.99),
        );
        println!(
            "| {} | {} | {} | {} | {:.0} | {p50:.2} | {p95:.2} | {p99:.2} | {:.3} | {ratio} | {} | {} |",
            p.name,
            p.who,
            p.what,
            t.requests,
            t.per_second(),
            t.cpu_ms(),
            size.map(|s| format!("{:.1}", s as f64 / 1024.0))
                .unwrap_or_else(|| "-".into()),
            t.errors,
        );
    }
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores, {model}")
}
