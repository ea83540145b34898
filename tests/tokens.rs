//! Session tokens presented over HTTP: only a correctly signed, unexpired HS256 token for a
//! live session gets in.
use crate::support::*;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{Duration, Utc};
use hearth::{
    auth::token::{self, Claims},
    state::Keys,
};
use reqwest::StatusCode;

async fn with_token(app: &TestApp, jwt: &str) -> reqwest::Response {
    let b = app.browser();
    b.client
        .get(b.url("/"))
        .header("cookie", format!("hearth_session={jwt}"))
        .send()
        .await
        .unwrap()
}

/// Signs in as the provider and returns the live session's claims.
async fn live_claims(app: &TestApp) -> Claims {
    let b = app.signed_in(PROVIDER).await;
    let keys = Keys::derive(SECRET.as_bytes());
    token::verify(&keys, &b.cookie("hearth_session").unwrap()).expect("app issues valid tokens")
}

#[tokio::test]
async fn a_token_we_sign_ourselves_for_the_live_session_is_accepted() {
    // The control for the refusals below: the same construction, done right, gets in.
    let app = TestApp::spawn().await;
    let c = live_claims(&app).await;
    let jwt = token::issue(&Keys::derive(SECRET.as_bytes()), &c);
    assert_eq!(with_token(&app, &jwt).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn expired_tampered_unsigned_and_wrong_key_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let mut c = live_claims(&app).await;
    let keys = Keys::derive(SECRET.as_bytes());

    let mut expired = c.clone();
    expired.exp = (Utc::now() - Duration::seconds(10)).timestamp();
    let expired = token::issue(&keys, &expired);

    let wrong_key = token::issue(&Keys::derive(b"some-other-secret-some-other-secret!"), &c);

    // Tampered: claim to be the admin, keeping the original signature.
    let good = token::issue(&keys, &c);
    let admin_id = app.user_id(ADMIN).await;
    c.sub = admin_id.to_string();
    let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&c).unwrap());
    let parts: Vec<&str> = good.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);

    let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let alg_none = format!("{none_header}.{forged_payload}.");

    let hs512 = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS512),
        &c,
        &keys.jwt_encoding,
    )
    .unwrap();

    for (name, jwt) in [
        ("expired", expired),
        ("wrong key", wrong_key),
        ("tampered", tampered),
        ("alg none", alg_none),
        ("other algorithm", hs512),
        ("garbage", "not.a.token".into()),
    ] {
        let res = with_token(&app, &jwt).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{name}");
        assert_eq!(location(&res), "/login", "{name}");
    }
}

#[tokio::test]
async fn a_valid_signature_for_a_session_that_does_not_exist_is_refused() {
    let app = TestApp::spawn().await;
    let mut c = live_claims(&app).await;
    c.sid = "0".repeat(64);
    let jwt = token::issue(&Keys::derive(SECRET.as_bytes()), &c);
    assert_eq!(location(&with_token(&app, &jwt).await), "/login");
}
