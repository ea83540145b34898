use crate::support::*;
use reqwest::{StatusCode, header};

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn unknown_pages_get_a_friendly_404() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    let (status, html) = b.page("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(texts(&html, "h1"), vec!["Page not found"]);
    assert_eq!(
        b.get("/staff/not-a-number").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in() {
    let app = TestApp::spawn().await;
    for path in ["/", "/staff", "/audit", "/account"] {
        let res = app.browser().get(path).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&res), "/login");
    }
}

#[tokio::test]
async fn pages_are_accessible_in_structure() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let (_, html) = b.page("/login").await;
    assert_eq!(first_attr(&html, "html", "lang").as_deref(), Some("en"));
    assert_eq!(
        first_attr(&html, "a.skip-link", "href").as_deref(),
        Some("#main")
    );
    assert_eq!(
        first_attr(&html, "label[for=f-email]", "for").as_deref(),
        Some("f-email")
    );
    assert!(first_attr(&html, "meta[name=viewport]", "content").is_some());
    let b = app.signed_in(ADMIN).await;
    let (_, html) = b.page("/staff").await;
    assert_eq!(
        first_attr(&html, "nav[aria-label=Main] a[aria-current=page]", "href").as_deref(),
        Some("/staff")
    );
    assert!(texts(&html, "th[scope=col]").len() >= 5);
}

#[tokio::test]
async fn responses_carry_security_headers_and_cookies_are_httponly() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/login").await;
    let h = res.headers();
    assert!(
        h[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(h.get("x-request-id").is_some());
    let cookie = h[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let b = app.browser();
    let res = b.login(ADMIN, PASSWORD).await;
    let session = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("hearth_session="))
        .unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && session.contains("Path=/")
    );
}

#[tokio::test]
async fn assets_are_embedded_and_cached_by_content_hash() {
    let app = TestApp::spawn().await;
    let (_, html) = app.browser().page("/login").await;
    let href = first_attr(&html, "link[rel=stylesheet]", "href").unwrap();
    assert!(href.starts_with("/assets/css/app.css?v="), "{href}");
    let res = app.browser().get(&href).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/css");
    assert!(
        res.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(
        app.browser().get("/assets/nope.css").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_bench_command_runs_end_to_end() {
    // Small numbers: this checks the command works (sign-in, every page answers 200), not speed.
    hearth::bench::run(hearth::bench::Options {
        children: 3,
        iterations: 1,
        database_url: None,
        interchange_tier: None,
        indicators_tier: None,
    })
    .await
    .expect("bench ran");
}

#[tokio::test]
async fn the_interchange_bench_round_trips_a_tier() {
    // The smallest tier: the command works and its two exports match; not a timing.
    hearth::bench::run(hearth::bench::Options {
        children: 0,
        iterations: 0,
        database_url: None,
        interchange_tier: Some(hearth::seed::synthetic::Tier::Provider),
        indicators_tier: None,
    })
    .await
    .expect("interchange bench ran");
}

#[tokio::test]
async fn the_indicators_bench_times_each_indicator() {
    // The smallest tier: the command loads it and times the indicators; not a timing.
    hearth::bench::run(hearth::bench::Options {
        children: 0,
        iterations: 0,
        database_url: None,
        interchange_tier: None,
        indicators_tier: Some(hearth::seed::synthetic::Tier::Provider),
    })
    .await
    .expect("indicators bench ran");
}

#[tokio::test]
async fn the_admin_home_counts_active_staff_by_role() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let (_, html) = admin.page("/").await;
    assert_eq!(
        texts(&html, "ul.stats li"),
        [
            "1 Program admin",
            "1 Supervisor",
            "2 Service coordinator",
            "3 Provider"
        ]
    );
    // A deactivated provider no longer counts.
    let ot = app.user_id("ot@riverbend.example").await;
    admin
        .post(&format!("/staff/{ot}/active"), &[("active", "false")])
        .await;
    let (_, html) = admin.page("/").await;
    assert!(texts(&html, "ul.stats li").contains(&"2 Provider".to_string()));
}
