//! `/healthz` and `/readyz`: JSON answers for load balancers and compose.
//!
//! `/healthz` says whether this process can serve at all: the database answers and every
//! migration this binary knows is applied (an empty database answered "ok" when it only
//! pinged). `/readyz` adds what a request may wait on: the connection pool, and this
//! process's mail worker (has it run a round, and recently).
use crate::{db, state::AppState};
use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// Whether the database answers, and whether its schema is this binary's.
async fn database(state: &AppState) -> (bool, Value) {
    if !db::ping(&state.db).await {
        return (false, json!({ "database": "unreachable" }));
    }
    let applied = db::migrations_applied(&state.db).await;
    (
        applied,
        json!({
            "database": "ok",
            "migrations": if applied { "applied" } else { "pending" },
        }),
    )
}

fn answer(ok: bool, mut body: Value) -> (StatusCode, Json<Value>) {
    body["status"] = json!(if ok { "ok" } else { "unavailable" });
    body["version"] = json!(env!("CARGO_PKG_VERSION"));
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}

pub async fn check(State(state): State<AppState>) -> impl IntoResponse {
    let (ok, body) = database(&state).await;
    answer(ok, body)
}

/// How the mail worker stands, from the time of its last round.
pub fn worker_state(
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    stale_after: chrono::Duration,
) -> &'static str {
    match last {
        None => "not_started",
        Some(t) if now - t > stale_after => "stalled",
        Some(_) => "running",
    }
}

pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let (db_ok, mut body) = database(&state).await;
    let mail = &state.config.mail;
    // A round may spend a send's whole timeout on one message; past three polls and that,
    // the worker is not coming back on its own.
    let stale_after = chrono::Duration::from_std(mail.poll * 3 + mail.send_timeout * 2)
        .unwrap_or(chrono::Duration::MAX);
    let last = state.mail_heartbeat.last();
    let worker = worker_state(last, Utc::now(), stale_after);
    body["pool"] = db::pool_stats(&state.db);
    body["mail_worker"] = json!({
        "state": worker,
        "last_round": last.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    });
    answer(db_ok && worker == "running", body)
}

#[cfg(test)]
mod tests {
    use super::worker_state;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn the_worker_is_running_until_its_last_round_is_too_old() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let limit = Duration::seconds(66);
        assert_eq!(worker_state(None, now, limit), "not_started");
        assert_eq!(
            worker_state(Some(now - Duration::seconds(66)), now, limit),
            "running"
        );
        assert_eq!(
            worker_state(Some(now - Duration::seconds(67)), now, limit),
            "stalled"
        );
    }
}
