//! Write throughput: 1, 4 and 16 providers saving visit notes at the same moment, through the
//! real form (CSRF, session, overlap check, optimistic lock, audit row), each on a visit of
//! their own. A failed save is any answer but the redirect that follows a saved note.
use super::{ms, request};
use crate::entities::{user, visit};
use anyhow::Context;
use axum::body::{Body, to_bytes};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The most writers at once: the benchmark needs a visit for each.
pub const MOST_WRITERS: usize = 16;
const LEVELS: [usize; 3] = [1, 4, MOST_WRITERS];

pub async fn run(
    db: &DatabaseConnection,
    app: &axum::Router,
    provider_cookie: &str,
    saves_each: usize,
) -> anyhow::Result<()> {
    let slp = user::Entity::find()
        .filter(user::Column::Email.eq("slp@riverbend.example"))
        .one(db)
        .await?
        .context("demo provider")?;
    // The benchmark's own delivered, unsigned visits: one per writer.
    let visits = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(slp.id))
        .filter(visit::Column::SignedAt.is_null())
        .filter(visit::Column::LoggedAt.is_null())
        .filter(visit::Column::StartsAt.lt(chrono::Utc::now().naive_utc()))
        .order_by_desc(visit::Column::Id)
        .limit(MOST_WRITERS as u64)
        .all(db)
        .await?;
    anyhow::ensure!(
        visits.len() == MOST_WRITERS,
        "the write benchmark needs {MOST_WRITERS} extra visits"
    );
    let token = csrf_token(app, provider_cookie, visits[0].id).await?;
    println!(
        "{:<24} {:>8} {:>8} {:>8} {:>8}",
        "note saves", "saves/s", "p50", "p95", "failed"
    );
    for writers in LEVELS {
        let started = Instant::now();
        let tasks: Vec<_> = visits[..writers]
            .iter()
            .map(|v| {
                let (app, cookie, token, v) = (
                    app.clone(),
                    provider_cookie.to_owned(),
                    token.clone(),
                    v.clone(),
                );
                tokio::spawn(async move { writer(app, cookie, token, v, saves_each).await })
            })
            .collect();
        let mut times = Vec::new();
        let mut failed = 0;
        for t in tasks {
            let (mut ts, f) = t.await??;
            times.append(&mut ts);
            failed += f;
        }
        let took = started.elapsed();
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "{:<24} {:>8.0} {:>8} {:>8} {failed:>8}",
            format!("{writers} writer{}", if writers == 1 { "" } else { "s" }),
            times.len() as f64 / took.as_secs_f64(),
            ms(pct(0.5)),
            ms(pct(0.95)),
        );
    }
    Ok(())
}

/// One provider's device saving the same note again and again, as autosave would.
async fn writer(
    app: axum::Router,
    cookie: String,
    token: String,
    v: visit::Model,
    saves: usize,
) -> anyhow::Result<(Vec<Duration>, usize)> {
    let mut version = current_version(&app, &cookie, v.id).await?;
    let (mut times, mut failed) = (Vec::with_capacity(saves), 0);
    for i in 0..saves {
        let form = serde_urlencoded::to_string([
            ("date", v.starts_at.date().to_string()),
            ("start", v.starts_at.format("%H:%M").to_string()),
            ("end", v.ends_at.format("%H:%M").to_string()),
            ("method", "in_person".into()),
            ("location", "home".into()),
            ("participants", "Mother and child".into()),
            (
                "tried",
                format!("Pausing with the cup in view (draft {i})."),
            ),
            ("version", version.to_string()),
            ("intent", "save".into()),
            ("_csrf", token.clone()),
        ])?;
        let t = Instant::now();
        let res = app
            .clone()
            .oneshot(request(
                "POST",
                &format!("/visits/{}", v.id),
                &cookie,
                Body::from(form),
            ))
            .await?;
        times.push(t.elapsed());
        if res.status().as_u16() == 303 {
            version += 1;
        } else {
            failed += 1;
            version = current_version(&app, &cookie, v.id).await?;
        }
    }
    Ok((times, failed))
}

/// The note's version as its form shows it.
async fn current_version(app: &axum::Router, cookie: &str, id: i32) -> anyhow::Result<i32> {
    let html = page(app, cookie, id).await?;
    field(&html, "version")?
        .parse()
        .context("version is a number")
}

async fn csrf_token(app: &axum::Router, cookie: &str, id: i32) -> anyhow::Result<String> {
    field(&page(app, cookie, id).await?, "_csrf")
}

async fn page(app: &axum::Router, cookie: &str, id: i32) -> anyhow::Result<String> {
    let res = app
        .clone()
        .oneshot(request(
            "GET",
            &format!("/visits/{id}"),
            cookie,
            Body::empty(),
        ))
        .await?;
    anyhow::ensure!(res.status() == 200, "visit {id} answered {}", res.status());
    Ok(String::from_utf8(
        to_bytes(res.into_body(), usize::MAX).await?.to_vec(),
    )?)
}

fn field(html: &str, name: &str) -> anyhow::Result<String> {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(str::to_owned)
        .with_context(|| format!("no {name} field on the visit page"))
}
