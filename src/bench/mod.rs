//! `hearth bench`: how fast the pages people use most are, on a realistic amount of data.
//!
//! Builds a fresh database (SQLite in a temporary directory unless `--database-url` names
//! one), loads the demo program plus `children` more referrals on one coordinator's
//! caseload, signs in, and requests each page through the real router in-process, so the
//! numbers are handler + database + rendering, without network noise. Prints percentiles.
use crate::{
    AppState, Config,
    children::{caregivers::NewCaregiver, intake},
    db,
    entities::user,
    seed,
    server::router,
};
use anyhow::Context;
use axum::{
    body::{Body, to_bytes},
    extract::ConnectInfo,
    http::{Request, header},
};
use chrono::{Duration as Days, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};
use tower::ServiceExt;

pub mod http;
mod indicators;
mod interchange;
mod mail;
mod writes;

pub struct Options {
    pub children: usize,
    pub iterations: usize,
    pub database_url: Option<String>,
    /// Measure export and import of this synthetic tier instead of the pages.
    pub interchange_tier: Option<seed::synthetic::Tier>,
    /// Time each federal indicator on the largest synthetic program present, loading this
    /// tier first when there is none.
    pub indicators_tier: Option<seed::synthetic::Tier>,
}

pub async fn run(opts: Options) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("hearth-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let url = opts
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()));
    let vars = [
        ("DATABASE_URL", url.as_str()),
        ("HEARTH_DATA_DIR", dir.to_str().unwrap_or(".")),
        (
            "HEARTH_SECRET_KEY",
            "bench-secret-bench-secret-bench-secret!!",
        ),
    ];
    // Its own throwaway database with the demo in it: development, in a release build too.
    let config = Config::from_lookup_with(
        |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        },
        crate::config::Env::Development,
    )?;
    if let Some(tier) = opts.interchange_tier {
        return interchange::run(tier, &dir, &url).await;
    }
    let conn = db::connect(&url).await?;
    db::migrate(&conn).await?;
    if let Some(tier) = opts.indicators_tier {
        let out = indicators::run(tier, &conn).await;
        conn.close().await?;
        if opts.database_url.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        return out;
    }
    anyhow::ensure!(
        seed::is_empty(&conn).await?,
        "the benchmark needs an empty database"
    );
    seed::demo(&conn).await?;
    let maria = user::Entity::find()
        .filter(user::Column::Email.eq("coordinator@riverbend.example"))
        .one(&conn)
        .await?
        .context("demo coordinator")?;
    let started = Instant::now();
    for i in 0..opts.children {
        intake::create_case(&conn, maria.program_id, synthetic(i, maria.id), maria.id).await?;
    }
    println!(
        "database: {}  ({} extra children loaded in {:.1?})",
        if url.starts_with("sqlite") {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        opts.children,
        started.elapsed()
    );
    let started = Instant::now();
    // At least one visit per concurrent writer of the write benchmark.
    let extra_visits = opts.children.max(writes::MOST_WRITERS);
    let first_visit = load_visits(&conn, extra_visits).await?;
    println!(
        "{} extra visits for one provider loaded in {:.1?}",
        extra_visits,
        started.elapsed()
    );
    let started = Instant::now();
    let activities = load_activities(&conn, opts.children).await?;
    println!(
        "{activities} activities in the library, loaded in {:.1?}",
        started.elapsed()
    );
    let state = AppState::new(conn, config);
    let app = router(state.clone());

    let cookie = sign_in(&app, "coordinator@riverbend.example").await?;
    let pages = [
        "/",
        "/caseload",
        "/caseload?within=14",
        "/children/3",
        "/children/new",
        "/ifsps/6",
        "/children/3/transition",
        "/children/3/disclosures",
        "/agencies",
    ];
    println!(
        "{:<24} {:>8} {:>8} {:>8} {:>8}",
        "page", "p50", "p95", "max", "bytes"
    );
    measure(&app, &cookie, &pages, opts.iterations).await?;
    measure(
        &app,
        &cookie,
        &[
            "/activities",
            "/activities?q=bano",
            "/activities?q=snack+pause",
            "/activities?domain=communication&band=12-18&routine=mealtime",
        ],
        opts.iterations,
    )
    .await?;
    let provider = sign_in(&app, "slp@riverbend.example").await?;
    let visit = format!("/visits/{first_visit}");
    measure(
        &app,
        &provider,
        &["/visits", "/visits?view=day", &visit, "/mileage"],
        opts.iterations,
    )
    .await?;
    mail::run(&state, &app, &provider, opts.children, opts.iterations).await?;
    writes::run(&state.db, &app, &provider, opts.iterations).await?;
    if opts.database_url.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

pub(super) async fn measure(
    app: &axum::Router,
    cookie: &str,
    pages: &[&str],
    iterations: usize,
) -> anyhow::Result<()> {
    for path in pages {
        let mut times = Vec::with_capacity(iterations);
        let mut bytes = 0;
        for _ in 0..iterations {
            let t = Instant::now();
            let (status, len) = get(app, path, cookie).await?;
            times.push(t.elapsed());
            anyhow::ensure!(status == 200, "{path} answered {status}");
            bytes = len;
        }
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "{path:<24} {:>8} {:>8} {:>8} {bytes:>8}",
            ms(pct(0.5)),
            ms(pct(0.95)),
            ms(*times.last().unwrap())
        );
    }
    Ok(())
}

/// `n` delivered visits over the past year for the demo speech therapist, on one of her
/// services, so her agenda, mileage and visit pages are measured with a full year behind them.
/// Returns the id of one of her visits.
async fn load_visits(conn: &sea_orm::DatabaseConnection, n: usize) -> anyhow::Result<i32> {
    use crate::entities::{child, ifsp, ifsp_service, visit};
    let slp = user::Entity::find()
        .filter(user::Column::Email.eq("slp@riverbend.example"))
        .one(conn)
        .await?
        .context("demo provider")?;
    let template = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(slp.id))
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .one(conn)
        .await?
        .context("a demo visit")?;
    let s = ifsp_service::Entity::find_by_id(template.service_id)
        .one(conn)
        .await?
        .context("service")?;
    let plan = ifsp::Entity::find_by_id(s.ifsp_id)
        .one(conn)
        .await?
        .context("plan")?;
    let c = child::Entity::find_by_id(plan.child_id)
        .one(conn)
        .await?
        .context("child")?;
    let today = chrono::Utc::now().date_naive();
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let day = today - chrono::Duration::days(1 + (i % 365) as i64);
        let start = day.and_hms_opt(6, 0, 0).unwrap_or_default()
            + chrono::Duration::minutes(20 * (i / 365) as i64);
        let mut v = crate::visits::schedule::blank(
            &c,
            &s,
            slp.id,
            start,
            start + chrono::Duration::minutes(15),
            None,
            slp.id,
            chrono::Utc::now(),
        );
        v.status = sea_orm::Set(visit::Status::Completed);
        v.mileage_tenths = sea_orm::Set(85);
        rows.push(v);
    }
    for chunk in rows.chunks(500) {
        visit::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    Ok(template.id)
}

/// Copies of the starter library (new slugs, numbered titles) until the library holds about
/// `n` activities, so search is measured on thousands.
async fn load_activities(conn: &sea_orm::DatabaseConnection, n: usize) -> anyhow::Result<usize> {
    use crate::activities::starter;

    let per = starter::library()
        .map_err(anyhow::Error::msg)?
        .activity
        .len()
        .max(1);
    let txn = crate::db::begin_write(conn).await?;
    for round in 1..n.div_ceil(per) {
        let mut lib = starter::library().map_err(anyhow::Error::msg)?;
        for a in &mut lib.activity {
            a.slug = format!("{}-copy-{round}", a.slug);
            a.en.title = format!("{} ({round})", a.en.title);
        }
        starter::import(&txn, &lib).await?;
    }
    txn.commit().await?;
    Ok(per * n.div_ceil(per).max(1))
}

pub(super) fn ms(d: Duration) -> String {
    format!("{:.2}ms", d.as_secs_f64() * 1000.0)
}

fn synthetic(i: usize, coordinator: i32) -> intake::NewReferral {
    let today = Utc::now().date_naive();
    let age = 60 + (i as i64 * 37) % 900;
    intake::NewReferral {
        first_name: format!("Child{i}"),
        last_name: "Bench".into(),
        date_of_birth: today - Days::days(age),
        gestational_weeks: None,
        sex: None,
        race_ethnicity: None,
        received_on: today - Days::days((i as i64 * 13) % 50),
        source: crate::entities::referral::Source::Physician,
        source_name: String::new(),
        concerns: "Synthetic referral for the benchmark.".into(),
        caregiver: NewCaregiver {
            name: "Parent Bench".into(),
            relationship: crate::entities::caregiver::Relationship::Mother,
            email: None,
            phone: Some("555-000-0000".into()),
            preferred_contact: crate::entities::caregiver::Contact::Phone,
            language: crate::i18n::Lang::En,
            interpreter_needed: false,
        },
        address_line: String::new(),
        city: String::new(),
        county: String::new(),
        postal_code: String::new(),
        coordinator_id: Some(coordinator),
    }
}

fn request(method: &str, path: &str, cookie: &str, body: Body) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .expect("valid request");
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
    req
}

async fn get(app: &axum::Router, path: &str, cookie: &str) -> anyhow::Result<(u16, usize)> {
    let res = app
        .clone()
        .oneshot(request("GET", path, cookie, Body::empty()))
        .await?;
    let status = res.status().as_u16();
    let body = to_bytes(res.into_body(), usize::MAX).await?;
    Ok((status, body.len()))
}

/// Signs in through the real form (CSRF cookie and token included) and returns the cookies.
async fn sign_in(app: &axum::Router, email: &str) -> anyhow::Result<String> {
    let res = app
        .clone()
        .oneshot(request("GET", "/login", "", Body::empty()))
        .await?;
    let csrf_cookie = cookie_pair(&res, "hearth_csrf").context("csrf cookie")?;
    let html = String::from_utf8(to_bytes(res.into_body(), usize::MAX).await?.to_vec())?;
    let token = html
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .context("csrf token")?;
    let form = serde_urlencoded::to_string([
        ("email", email),
        ("password", seed::DEMO_PASSWORD),
        ("_csrf", token),
    ])?;
    let res = app
        .clone()
        .oneshot(request("POST", "/login", &csrf_cookie, Body::from(form)))
        .await?;
    let session = cookie_pair(&res, "hearth_session").context("sign-in failed")?;
    Ok(format!("{csrf_cookie}; {session}"))
}

fn cookie_pair(res: &axum::response::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
}
