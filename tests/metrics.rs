//! Issue 18: `/metrics` counts requests by route template, shows the outbox, the mail worker's
//! outcomes and the pool, and is open only to this machine or to the bearer token.
use crate::note_helpers::*;
use crate::support::*;
use crate::web::client_with;
use hearth::entities::outbox;
use hearth::i18n::Lang;
use reqwest::StatusCode;
use std::sync::Arc;

/// The value of the one sample line `series` (name and labels, exactly), if it is there.
fn sample(body: &str, series: &str) -> Option<f64> {
    body.lines().find_map(|l| {
        l.strip_prefix(series)
            .and_then(|rest| rest.strip_prefix(' '))
            .map(|v| v.parse().unwrap())
    })
}

async fn scrape(b: &Browser) -> String {
    let res = b.get("/metrics").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    let body = res.text().await.unwrap();
    assert!(body.ends_with("# EOF\n"), "{body}");
    body
}

#[tokio::test]
async fn requests_are_counted_by_route_template_and_status_class() {
    let app = TestApp::spawn().await;
    let visits = signed_visits(&app, PROVIDER).await;
    let (a, b) = (&visits[0], &visits[1]);
    let provider = app.signed_in(PROVIDER).await;
    for id in [a.id, b.id, a.id] {
        let (status, _) = provider.page(&format!("/visits/{id}")).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _) = provider.page("/no/such/page/4711").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let body = scrape(&app.browser()).await;
    let req = |labels: &str| sample(&body, &format!("hearth_http_requests_total{{{labels}}}"));
    assert_eq!(
        req(r#"method="GET",route="/visits/{id}",status="2xx""#),
        Some(3.0),
        "{body}"
    );
    assert_eq!(
        req(r#"method="POST",route="/login",status="3xx""#),
        Some(1.0)
    );
    assert_eq!(
        req(r#"method="GET",route="unmatched",status="4xx""#),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &body,
            r#"hearth_http_request_duration_seconds_count{method="GET",route="/visits/{id}"}"#
        ),
        Some(3.0)
    );
    assert_eq!(
        sample(
            &body,
            r#"hearth_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/visits/{id}"}"#
        ),
        Some(3.0),
        "{body}"
    );
    // No raw path, id or record text in any label.
    for raw in [
        format!("/visits/{}", a.id),
        format!("/visits/{}", b.id),
        "4711".to_string(),
        child_of(&app, a).await.first_name,
    ] {
        assert!(!body.contains(&raw), "{raw} in:\n{body}");
    }

    // The pool, and when the process started.
    let max = if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        20.0
    } else {
        8.0
    };
    assert_eq!(
        sample(&body, r#"hearth_db_pool_connections{state="max"}"#),
        Some(max)
    );
    assert!(sample(&body, r#"hearth_db_pool_connections{state="size"}"#).unwrap() >= 1.0);
    let started = sample(&body, "hearth_process_start_time_seconds").unwrap();
    let now = chrono::Utc::now().timestamp() as f64 + 1.0;
    assert!(started > 1.7e9 && started <= now, "{started}");
}

#[tokio::test]
async fn the_outbox_depth_and_mail_outcomes_follow_the_queue() {
    let mut app = TestApp::spawn().await;
    let local = app.browser();
    let body = scrape(&local).await;
    for state in ["queued", "sending", "sent", "failed"] {
        let series = format!("hearth_outbox_messages{{state=\"{state}\"}}");
        assert_eq!(sample(&body, &series), Some(0.0), "{state}: {body}");
    }
    let sent_before =
        sample(&body, r#"hearth_mail_deliveries_total{outcome="sent"}"#).unwrap_or(0.0);

    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    primary_caregiver(&app, &c, "metrics.family@family.example", Lang::En).await;
    let provider = app.signed_in(PROVIDER).await;
    assert_eq!(
        send_note(&provider, v.id, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let rows = outbox_of(&app, v.id).await;
    assert_eq!(rows.len(), 1, "one message to the one caregiver: {rows:?}");
    let body = scrape(&local).await;
    assert_eq!(
        sample(&body, r#"hearth_outbox_messages{state="queued"}"#),
        Some(1.0)
    );

    app.start_mail_worker();
    wait_row(&app, rows[0].id, "sent", |r| {
        r.status == outbox::Status::Sent
    })
    .await;
    let body = scrape(&local).await;
    assert_eq!(
        sample(&body, r#"hearth_outbox_messages{state="queued"}"#),
        Some(0.0)
    );
    assert_eq!(
        sample(&body, r#"hearth_outbox_messages{state="sent"}"#),
        Some(1.0)
    );
    // Mail outcomes are counted per process, and other tests in this binary send mail too:
    // this test's one send is at least one more.
    let sent_after = sample(&body, r#"hearth_mail_deliveries_total{outcome="sent"}"#).unwrap();
    assert!(
        sent_after >= sent_before + 1.0,
        "{sent_before} -> {sent_after}"
    );

    // A message that cannot be sent (an address that is none) fails for good, and shows.
    let failed_before =
        sample(&body, r#"hearth_mail_deliveries_total{outcome="failed"}"#).unwrap_or(0.0);
    let other = signed_visits(&app, PROVIDER)
        .await
        .into_iter()
        .find(|w| w.child_id != v.child_id)
        .expect("a signed visit of another child");
    let c = child_of(&app, &other).await;
    primary_caregiver(&app, &c, "not an address", Lang::En).await;
    assert_eq!(
        send_note(&provider, other.id, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let rows = outbox_of(&app, other.id).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    wait_row(&app, rows[0].id, "failed", |r| {
        r.status == outbox::Status::Failed
    })
    .await;
    let body = scrape(&local).await;
    assert_eq!(
        sample(&body, r#"hearth_outbox_messages{state="failed"}"#),
        Some(1.0)
    );
    assert_eq!(
        sample(&body, r#"hearth_outbox_messages{state="sent"}"#),
        Some(1.0)
    );
    let failed_after = sample(&body, r#"hearth_mail_deliveries_total{outcome="failed"}"#).unwrap();
    assert!(
        failed_after >= failed_before + 1.0,
        "{failed_before} -> {failed_after}"
    );
}

/// A client whose requests come through the proxy on 127.0.0.1 from `client_ip`.
fn remote(app: &TestApp, client_ip: &str, extra: &[(&'static str, &str)]) -> Browser {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let mut headers = vec![("x-forwarded-for", client_ip)];
    headers.extend_from_slice(extra);
    Browser {
        base: app.base.clone(),
        client: client_with(&app.base, jar.clone(), &headers),
        jar,
    }
}

#[tokio::test]
async fn metrics_are_refused_to_an_anonymous_caller_elsewhere() {
    const TOKEN: &str = "metrics-scraper-token-0123456789";
    let app = TestApp::spawn_with(&[
        ("HEARTH_TRUSTED_PROXIES", "127.0.0.1"),
        ("HEARTH_METRICS_TOKEN", TOKEN),
    ])
    .await;
    let refused = |res: reqwest::Response| async move {
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let body = res.text().await.unwrap();
        assert!(!body.contains("hearth_http_requests"), "{body}");
    };
    // Through the proxy from elsewhere: refused, with no token or a wrong one.
    let anonymous = remote(&app, "203.0.113.9", &[]);
    refused(anonymous.get("/metrics").await).await;
    let wrong = format!("Bearer {}", &TOKEN[..TOKEN.len() - 1]);
    let guessing = remote(&app, "203.0.113.9", &[("authorization", &wrong)]);
    refused(guessing.get("/metrics").await).await;
    // With the token, from anywhere.
    let right = format!("Bearer {TOKEN}");
    let scraper = remote(&app, "203.0.113.9", &[("authorization", &right)]);
    scrape(&scraper).await;
    // On this machine, directly: no token needed.
    scrape(&app.browser()).await;

    // A proxy on this machine that nobody declared: its loopback address stands for a caller
    // elsewhere, so forwarding headers from it close /metrics to anyone without the token.
    let undeclared = TestApp::spawn_with(&[("HEARTH_METRICS_TOKEN", TOKEN)]).await;
    refused(
        remote(&undeclared, "203.0.113.9", &[])
            .get("/metrics")
            .await,
    )
    .await;
    scrape(&remote(
        &undeclared,
        "203.0.113.9",
        &[("authorization", &right)],
    ))
    .await;
    // Without a configured token, no bearer opens it.
    let no_token = TestApp::spawn_with(&[("HEARTH_TRUSTED_PROXIES", "127.0.0.1")]).await;
    refused(
        remote(&no_token, "203.0.113.9", &[("authorization", "Bearer ")])
            .get("/metrics")
            .await,
    )
    .await;
}
