//! Issue 18: the audit chain's anchor, kept outside the table: a forged or missing anchor
//! fails verification, the keeper never anchors over a rewritten chain, and `hearth serve`
//! writes the head at shutdown.
use crate::audit_integrity::{anchored_app, ids, recompute, verify};
use crate::support::*;

#[tokio::test]
async fn a_missing_or_forged_anchor_fails() {
    let app = anchored_app().await;
    let path = app.state.config.audit_anchor.clone();
    let text = std::fs::read_to_string(&path).unwrap();
    let head = *ids(&app).await.last().unwrap();
    // Someone points the anchor at an earlier row to hide a cut.
    let forged = text.replace(&format!("id={head}\n"), &format!("id={}\n", head - 1));
    assert_ne!(forged, text);
    std::fs::write(&path, forged).unwrap();
    let (ok, _, err) = verify(&app);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "FAILED: the anchor at {} was not written with this audit key (forged, or another key)",
            path.display()
        )),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();
    let (ok, _, err) = verify(&app);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "FAILED: no anchor at {}: cannot tell whether the newest rows were cut off",
            path.display()
        )),
        "{err}"
    );
}

#[tokio::test]
async fn the_anchor_is_not_moved_over_a_rewritten_chain() {
    let app = anchored_app().await;
    let path = app.state.config.audit_anchor.clone();
    let before = std::fs::read_to_string(&path).unwrap();
    let ids = ids(&app).await;
    recompute(&app, ids[0], ids[1]).await;
    app.signed_in(COORDINATOR).await;
    let err = hearth::audit::anchor::advance(&app.db, &path)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "the anchored audit row {} is gone or no longer has the anchored hash",
            ids.last().unwrap()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[tokio::test]
async fn hearth_serve_keeps_the_anchor_and_writes_it_at_shutdown() {
    let app = TestApp::spawn().await;
    let port = crate::smtp::free_port();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("serve")
        .env_clear()
        .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("HEARTH_BIND", format!("127.0.0.1:{port}"))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start hearth serve");
    let base = format!("http://127.0.0.1:{port}");
    let health = format!("{base}/healthz");
    eventually("hearth serve answers /healthz", || {
        let url = health.clone();
        async move { reqwest::get(&url).await.ok().filter(|r| r.status() == 200) }
    })
    .await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let browser = Browser {
        base: base.clone(),
        client: crate::web::client(&app.base, jar.clone()),
        jar,
    };
    for who in [ADMIN, COORDINATOR, SUPERVISOR] {
        assert_eq!(browser.login(who, PASSWORD).await.status(), 303, "{who}");
        assert_eq!(browser.post("/logout", &[]).await.status(), 303, "{who}");
    }
    let term = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let exit = eventually("hearth serve exits after SIGTERM", || {
        let done = server.try_wait().unwrap();
        async move { done }
    })
    .await;
    assert!(exit.success());
    // Six rows went in through the server; its last act was to anchor the newest.
    let ids = ids(&app).await;
    assert_eq!(ids.len(), 6);
    let head = ids[5];
    let anchor = std::fs::read_to_string(&app.state.config.audit_anchor).unwrap();
    assert!(anchor.contains(&format!("\nid={head}\n")), "{anchor}");
    let (ok, out, err) = verify(&app);
    assert!(ok, "{out}{err}");
    assert!(out.contains("anchor matches the head"), "{out}");
}

#[tokio::test]
async fn the_chain_does_not_verify_under_another_audit_key() {
    let app = anchored_app().await;
    let first = ids(&app).await[0];
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["audit", "verify"])
        .env_clear()
        .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env(
            "HEARTH_AUDIT_KEY",
            "another-audit-key-another-audit-key-0000",
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "FAILED: audit chain broken at row {first}: its content was changed after it was written"
        )),
        "{err}"
    );
}
