//! `/healthz`: a JSON answer for load balancers and compose, checking the database.
use crate::{db, state::AppState};
use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;

pub async fn check(State(state): State<AppState>) -> impl IntoResponse {
    let db_ok = db::ping(&state.db).await;
    let status = if db_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({
            "status": if db_ok { "ok" } else { "unavailable" },
            "database": if db_ok { "ok" } else { "unreachable" },
            "version": env!("CARGO_PKG_VERSION"),
        })),
    )
}
