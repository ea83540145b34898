//! `/metrics`: what an operator graphs and alerts on, in the Prometheus (OpenMetrics) text
//! format, through the Prometheus project's own `prometheus-client` crate.
//!
//! Requests are counted by route *template* (axum's `MatchedPath`, `/children/{id}`), never by
//! the raw path: ids would make one series per child and put record numbers into a monitoring
//! system that is not covered by the program's confidentiality rules. No label holds anything
//! from a record. The outbox depth and the pool are read when scraped; mail outcomes are
//! counted by the worker (process-wide, as the worker is).
//!
//! Not public: the numbers say how busy a program is and when. Only a caller on this machine
//! (loopback, after the trusted-proxy rules of `meta::request_client`) or one with the bearer
//! token `HEARTH_METRICS_TOKEN` may read them; anyone else gets the app's 404.
use crate::{config::Secret, entities::outbox, error::AppResult, state::AppState};
use axum::{
    Extension, Router,
    extract::{ConnectInfo, MatchedPath, Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};
use sea_orm::{ColumnTrait, EntityTrait, QuerySelect};
use sha2::{Digest, Sha256};
use std::{
    net::{IpAddr, SocketAddr},
    sync::{Arc, LazyLock},
    time::{SystemTime, UNIX_EPOCH},
};
use subtle::ConstantTimeEq;

/// The route label of a request that matched no route (the 404 page): one series for all.
const UNMATCHED: &str = "unmatched";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// When this process first built its router (≈ when it started serving).
static STARTED: LazyLock<f64> = LazyLock::new(|| {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
});

/// Mail outcomes, counted by whichever worker runs in this process.
static MAIL: LazyLock<Family<OutcomeLabel, Counter>> = LazyLock::new(Family::default);

/// A mail worker's outcome for one message: `sent`, `deferred` (retried later) or `failed`.
pub fn mail_outcome(outcome: &'static str) {
    MAIL.get_or_create(&OutcomeLabel { outcome }).inc();
}

/// One router's metrics: its requests, and the gauges filled in at each scrape.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Latency,
    outbox: Family<StateLabel, Gauge>,
    pool: Family<StateLabel, Gauge>,
}

fn latency_histogram() -> Histogram {
    // 5 ms to ~10 s.
    Histogram::new(exponential_buckets(0.005, 2.0, 12))
}

impl Metrics {
    pub fn new() -> Arc<Metrics> {
        let mut registry = Registry::with_prefix("hearth");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status class",
            requests.clone(),
        );
        let latency: Latency = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and method",
            latency.clone(),
        );
        let outbox = Family::<StateLabel, Gauge>::default();
        registry.register(
            "outbox_messages",
            "Messages in the e-mail outbox, by state",
            outbox.clone(),
        );
        registry.register(
            "mail_deliveries",
            "Mail send outcomes in this process: sent, deferred (to retry) or failed",
            MAIL.clone(),
        );
        let pool = Family::<StateLabel, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database pool connections: open (size), idle, and the configured max",
            pool.clone(),
        );
        let started = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        started.set(*STARTED);
        registry.register(
            "process_start_time_seconds",
            "When this process started serving, in seconds since the Unix epoch",
            started,
        );
        Arc::new(Metrics {
            registry,
            requests,
            latency,
            outbox,
            pool,
        })
    }
}

/// The method as a label: the standard ones by name, anything else as `other` (a client can
/// send any token as a method; each would otherwise become a series).
fn method_label(m: &axum::http::Method) -> &'static str {
    match m.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

fn status_class(s: StatusCode) -> &'static str {
    match s.as_u16() / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    }
}

/// Counts and times every request. A `Router::layer` middleware runs after routing, so the
/// matched route's template is known here.
pub async fn track(State(m): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED.to_owned(), |p| p.as_str().to_owned());
    let method = method_label(req.method());
    let start = std::time::Instant::now();
    let res = next.run(req).await;
    m.latency
        .get_or_create(&RouteLabels {
            method,
            route: route.clone(),
        })
        .observe(start.elapsed().as_secs_f64());
    m.requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: status_class(res.status()),
        })
        .inc();
    res
}

/// The `/metrics` route, answering from `m`.
pub fn routes(m: Arc<Metrics>) -> Router<AppState> {
    Router::new()
        .route("/metrics", get(scrape))
        .layer(Extension(m))
}

/// Whether the caller may read the metrics: a local caller, or the right bearer token.
///
/// `client` is the caller after the trusted-proxy rules (`None` without a connection);
/// `forwarded_untrusted` says the request carries forwarding headers from a peer that is not
/// a configured proxy: a reverse proxy on this machine that nobody declared, whose loopback
/// address stands for a caller elsewhere. Tokens are compared as SHA-256 digests in constant
/// time, so neither the content nor the length of the token leaks through timing.
pub fn allowed(
    client: Option<IpAddr>,
    forwarded_untrusted: bool,
    bearer: Option<&str>,
    token: Option<&Secret>,
) -> bool {
    if let (Some(given), Some(token)) = (bearer, token) {
        let a = Sha256::digest(given.as_bytes());
        let b = Sha256::digest(token.expose());
        if bool::from(a.ct_eq(&b)) {
            return true;
        }
    }
    client.is_some_and(|ip| ip.is_loopback()) && !forwarded_untrusted
}

async fn scrape(
    State(state): State<AppState>,
    Extension(m): Extension<Arc<Metrics>>,
    headers: HeaderMap,
    req: Request,
) -> AppResult<Response> {
    let trusted = &state.config.trusted_proxies;
    let client = crate::meta::request_client(req.extensions(), &headers, trusted);
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarding = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    let from_proxy = peer.is_some_and(|p| trusted.iter().any(|n| n.contains(&p)));
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !allowed(
        client,
        forwarding && !from_proxy,
        bearer,
        state.config.metrics_token.as_ref(),
    ) {
        return Err(crate::error::AppError::NotFound);
    }

    let counts: Vec<(String, i64)> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Status)
        .column_as(outbox::Column::Id.count(), "n")
        .group_by(outbox::Column::Status)
        .into_tuple()
        .all(&state.db)
        .await?;
    for s in <outbox::Status as strum::IntoEnumIterator>::iter() {
        let name: &'static str = s.into();
        let n = counts
            .iter()
            .find(|(k, _)| k == name)
            .map_or(0, |(_, n)| *n);
        m.outbox.get_or_create(&StateLabel { state: name }).set(n);
    }
    let pool = crate::db::pool_stats(&state.db);
    for key in ["size", "idle", "max"] {
        let n = pool[key].as_i64().unwrap_or(0);
        m.pool.get_or_create(&StateLabel { state: key }).set(n);
    }

    let mut body = String::new();
    encode(&mut body, &m.registry)
        .map_err(|e| crate::error::AppError::Internal(format!("encode metrics: {e}")))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn only_local_callers_or_the_token_may_read_metrics() {
        let token = Secret::new(b"metrics-token-for-tests".to_vec());
        let t = Some(&token);
        // On this machine, directly.
        assert!(allowed(ip("127.0.0.1"), false, None, t));
        assert!(allowed(ip("::1"), false, None, None));
        // Elsewhere, or forwarded by an undeclared proxy, or without a connection: no.
        assert!(!allowed(ip("203.0.113.9"), false, None, t));
        assert!(!allowed(ip("127.0.0.1"), true, None, t));
        assert!(!allowed(None, false, None, t));
        // The token opens it from anywhere; a wrong one, or one when none is set, does not.
        assert!(allowed(
            ip("203.0.113.9"),
            false,
            Some("metrics-token-for-tests"),
            t
        ));
        assert!(!allowed(
            ip("203.0.113.9"),
            false,
            Some("metrics-token-for-test"),
            t
        ));
        assert!(!allowed(ip("203.0.113.9"), false, Some(""), t));
        assert!(!allowed(ip("203.0.113.9"), false, Some("anything"), None));
    }

    #[test]
    fn methods_outside_the_standard_ones_share_one_label() {
        let m = |s: &str| method_label(&axum::http::Method::from_bytes(s.as_bytes()).unwrap());
        assert_eq!(m("GET"), "GET");
        assert_eq!(m("POST"), "POST");
        assert_eq!(m("BREW"), "other");
    }
}
