use crate::support::*;
use hearth::{
    auth::throttle,
    entities::{Choice, user::Role},
    seed::DEMO_STAFF,
};
use reqwest::StatusCode;

#[tokio::test]
async fn every_role_signs_in_and_sees_its_home_page() {
    let app = TestApp::spawn().await;
    for (email, _, role, _) in DEMO_STAFF {
        let b = app.browser();
        let res = b.login(email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{email}");
        assert_eq!(location(&res), "/");
        let (status, html) = b.page("/").await;
        assert_eq!(status, StatusCode::OK);
        let expected = match role {
            Role::Admin => "Program administration",
            Role::Supervisor => "Program overview",
            Role::Coordinator => "Your caseload",
            Role::Provider => "Your visits",
            Role::LeadAgency => "Every program",
        };
        assert_eq!(texts(&html, "h1"), vec![expected], "{email}");
        assert!(texts(&html, ".site-header .user a")[0].contains(role.label()));
        let nav = texts(&html, "nav[aria-label=Main] a");
        assert_eq!(
            nav.contains(&"Audit log".to_string()),
            *role == Role::Admin,
            "{email}: {nav:?}"
        );
    }
    assert_eq!(app.audit_rows("auth.login").await.len(), DEMO_STAFF.len());
}

#[tokio::test]
async fn a_wrong_password_says_so_and_keeps_the_email() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    for email in [ADMIN, "nobody@riverbend.example"] {
        let res = b.login(email, "not the password").await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert_eq!(
            texts(&html, "#f-password-error"),
            vec!["Error: That e-mail and password do not match. Check both and try again."]
        );
        assert_eq!(
            first_attr(&html, "input[name=email]", "value").as_deref(),
            Some(email)
        );
        assert_eq!(
            first_attr(&html, "input[name=password]", "value").as_deref(),
            Some("")
        );
    }
    assert!(b.cookie("hearth_session").is_none());
    assert_eq!(app.audit_rows("auth.login_failed").await.len(), 2);
    let (_, html) = b.page("/").await;
    assert!(html.is_empty(), "still signed out");
}

#[tokio::test]
async fn empty_fields_are_named() {
    let app = TestApp::spawn().await;
    let html = app.browser().login("", "").await.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-email-error"),
        vec!["Error: Enter your e-mail address."]
    );
    assert_eq!(
        texts(&html, "#f-password-error"),
        vec!["Error: Enter your password."]
    );
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_and_say_when_to_retry() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    for _ in 0..throttle::MAX_PER_ACCOUNT {
        let html = b.login(COORDINATOR, "guess").await.text().await.unwrap();
        assert!(!html.contains("Too many"));
    }
    // Now even the right password is refused, with a time to come back.
    let res = b.login(COORDINATOR, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let msg = texts(&html, "#f-email-error").join(" ");
    assert!(msg.contains("Too many failed sign-ins"), "{msg}");
    assert!(msg.contains("wait 15 minutes"), "{msg}");
    assert!(b.cookie("hearth_session").is_none());
    assert_eq!(app.audit_rows("auth.login_throttled").await.len(), 1);

    // Other accounts from the same address are not locked by one account's failures.
    assert_eq!(
        b.login(ADMIN, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );

    // Once the failures age out of the window, the account signs in again.
    use hearth::entities::login_attempt;
    use sea_orm::{EntityTrait, sea_query::Expr};
    let past = chrono::Utc::now() - chrono::Duration::minutes(throttle::WINDOW_MINUTES + 1);
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::CreatedAt, Expr::value(past))
        .exec(&app.db)
        .await
        .unwrap();
    let b2 = app.browser();
    assert_eq!(
        b2.login(COORDINATOR, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn sign_out_revokes_the_session_cookie() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let old = b.cookie("hearth_session").expect("session cookie");
    let res = b.post("/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login");

    // Replaying the old cookie from elsewhere gets nowhere.
    let replay = app.browser();
    let res = replay
        .client
        .get(replay.url("/"))
        .header("cookie", format!("hearth_session={old}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login");
    assert_eq!(app.audit_rows("auth.logout").await.len(), 1);
}

#[tokio::test]
async fn an_idle_session_must_sign_in_again() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(SUPERVISOR).await;
    assert_eq!(b.get("/").await.status(), StatusCode::OK);
    let past = chrono::Utc::now() - chrono::Duration::minutes(61);
    use hearth::entities::session;
    use sea_orm::{EntityTrait, sea_query::Expr};
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(past))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(location(&b.get("/").await), "/login");
}

#[tokio::test]
async fn changing_the_password_signs_out_other_sessions() {
    let app = TestApp::spawn().await;
    let laptop = app.signed_in(COORDINATOR).await;
    let phone = app.signed_in(COORDINATOR).await;

    // Mistakes are named and nothing changes.
    let html = laptop
        .post(
            "/account",
            &[("current", "wrong"), ("new", "short"), ("confirm", "short")],
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        texts(&html, "#f-current-error"),
        vec!["Error: That is not your current password."]
    );
    assert!(texts(&html, "#f-new-error")[0].contains("at least 12 characters"));
    assert_eq!(phone.get("/").await.status(), StatusCode::OK);

    let res = laptop
        .post(
            "/account",
            &[
                ("current", PASSWORD),
                ("new", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, html) = laptop.page("/account").await;
    assert_eq!(status, StatusCode::OK, "the changing session continues");
    assert!(html.contains("Password changed."));
    assert_eq!(
        location(&phone.get("/").await),
        "/login",
        "the other session is revoked"
    );
    assert_eq!(
        app.browser().login(COORDINATOR, PASSWORD).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "old password refused"
    );
    assert_eq!(
        app.browser()
            .login(COORDINATOR, "a brand new passphrase")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn after_sign_in_only_local_paths_are_followed() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let res = b
        .post(
            "/login",
            &[("email", ADMIN), ("password", PASSWORD), ("next", "/staff")],
        )
        .await;
    assert_eq!(location(&res), "/staff");
    let b = app.browser();
    let res = b
        .post(
            "/login",
            &[
                ("email", ADMIN),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/");
}

#[tokio::test]
async fn many_failures_from_one_address_lock_that_address_across_accounts() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    // Spread over many accounts so no single account reaches its own limit.
    for i in 0..throttle::MAX_PER_ADDRESS {
        let email = format!("guess{}@riverbend.example", i % 10);
        b.login(&email, "wrong").await;
    }
    let res = b.login(SUPERVISOR, PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "even a good password waits"
    );
    assert!(
        texts(&res.text().await.unwrap(), "#f-email-error")
            .join(" ")
            .contains("Too many failed sign-ins")
    );
}

/// A browser whose requests reach the app through a reverse proxy that says the client is
/// `client` (the proxy, like the test, connects from 127.0.0.1).
fn behind_proxy(app: &TestApp, client: &str) -> Browser {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    Browser {
        base: app.base.clone(),
        client: crate::web::client_with(&app.base, jar.clone(), &[("x-forwarded-for", client)]),
        jar,
    }
}

async fn throttle_one_address(b: &Browser) {
    for i in 0..throttle::MAX_PER_ADDRESS {
        let email = format!("guess{}@riverbend.example", i % 10);
        b.login(&email, "wrong").await;
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_lock_that_client_not_everyone() {
    let app = TestApp::spawn_with(&[("HEARTH_TRUSTED_PROXIES", "127.0.0.1")]).await;
    throttle_one_address(&behind_proxy(&app, "203.0.113.7")).await;
    let res = behind_proxy(&app, "203.0.113.7")
        .login(SUPERVISOR, PASSWORD)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the guessing client waits"
    );
    let res = behind_proxy(&app, "198.51.100.20")
        .login(SUPERVISOR, PASSWORD)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "another client behind the same proxy signs in"
    );
    let rows = app.audit_rows("auth.login_throttled").await;
    assert_eq!(rows[0].ip.as_deref(), Some("203.0.113.7"));
}

#[tokio::test]
async fn a_forwarded_address_from_an_untrusted_peer_is_ignored() {
    let app = TestApp::spawn().await;
    throttle_one_address(&behind_proxy(&app, "203.0.113.7")).await;
    // Claiming to be someone else does not escape the lock on the real address.
    let res = behind_proxy(&app, "198.51.100.20")
        .login(SUPERVISOR, PASSWORD)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "still the same peer: locked"
    );
}

#[tokio::test]
async fn two_password_changes_sent_at_once_only_one_is_made() {
    let app = TestApp::spawn().await;
    let laptop = app.signed_in(COORDINATOR).await;
    let phone = app.signed_in(COORDINATOR).await;
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let mut tasks = Vec::new();
    for (b, new) in [
        (&laptop, "the laptop's new passphrase"),
        (&phone, "the phone's new passphrase"),
    ] {
        let fields = vec![
            ("current", PASSWORD.to_owned()),
            ("new", new.to_owned()),
            ("confirm", new.to_owned()),
            ("_csrf", b.csrf().await),
        ];
        let req = b.client.post(b.url("/account")).form(&fields);
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let res = req.send().await.unwrap();
            let to = location(&res);
            (res.status(), to, res.text().await.unwrap())
        }));
    }
    let mut changed = Vec::new();
    for (t, new) in tasks.into_iter().zip(["laptop", "phone"]) {
        let (status, to, body) = t.await.unwrap();
        match (status, to.as_str()) {
            (StatusCode::SEE_OTHER, "/account") => changed.push(new),
            // Refused: the other change came first (the form says so), or it already
            // signed this session out.
            (StatusCode::UNPROCESSABLE_ENTITY, _) => assert!(
                body.contains("Your password was changed in another session"),
                "{body}"
            ),
            (StatusCode::SEE_OTHER, "/login") => {}
            other => panic!("answered {other:?}: {body}"),
        }
    }
    assert_eq!(changed.len(), 1, "both changes were made");
    assert_eq!(app.audit_rows("auth.password_changed").await.len(), 1);
    let winner = format!("the {}'s new passphrase", changed[0]);
    let loser = if changed[0] == "laptop" {
        "the phone's new passphrase"
    } else {
        "the laptop's new passphrase"
    };
    assert_eq!(
        app.browser().login(COORDINATOR, &winner).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.browser().login(COORDINATOR, loser).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the refused change's password does not sign in"
    );
}
