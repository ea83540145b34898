//! Helpers shared by the API tests (`api`, `api_docs`, `api_notes`, `api_writes`,
//! `token_attacks`): issue a token through the admin's page, call the API with it, read the
//! answer.
use crate::support::*;
use reqwest::StatusCode;
use serde_json::Value;

/// Issues a token through the admin's page and returns it as shown there.
pub async fn issue_as(app: &TestApp, admin: &str, role: &str, access: &str) -> String {
    let b = app.signed_in(admin).await;
    let res = b
        .post(
            "/settings/api-tokens",
            &[
                ("name", "State data system"),
                ("role", role),
                ("access", access),
                ("days", "30"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    texts(&html, "#issued-token")
        .into_iter()
        .next()
        .expect("the token is shown once")
}

pub async fn issue(app: &TestApp, role: &str, access: &str) -> String {
    issue_as(app, ADMIN, role, access).await
}

/// A GET with the token; returns the status, the content type and the body as JSON.
pub async fn call(app: &TestApp, token: Option<&str>, path: &str) -> (StatusCode, String, Value) {
    let mut req = reqwest::Client::new().get(format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    answer(req.send().await.unwrap()).await
}

async fn answer(res: reqwest::Response) -> (StatusCode, String, Value) {
    let status = res.status();
    let ty = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    (status, ty, body)
}

pub fn ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

pub const PROBLEM: &str = "application/problem+json";
