use crate::support::*;
use hearth::audit::{ChainStatus, verify_chain};
use reqwest::StatusCode;

async fn some_activity(app: &TestApp) -> Browser {
    let admin = app.signed_in(ADMIN).await;
    app.browser().login(PROVIDER, "wrong password").await;
    app.signed_in(COORDINATOR).await;
    admin.get("/audit").await;
    admin
}

#[tokio::test]
async fn the_chain_verifies_and_detects_an_edited_row() {
    let app = TestApp::spawn().await;
    let admin = some_activity(&app).await;
    let rows = match verify_chain(&app.db).await.unwrap() {
        ChainStatus::Intact { rows } => rows,
        broken => panic!("{broken:?}"),
    };
    assert!(rows >= 4);
    // What `hearth serve` keeps: the head written outside the table.
    let anchor = &app.state.config.audit_anchor;
    hearth::audit::anchor::advance(&app.db, anchor)
        .await
        .unwrap();
    let (status, html) = admin.page("/audit/verify").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Verified: the chain is intact and its head matches the anchor."),
        "{html}"
    );
    assert!(html.contains("anchor matches"), "{html}");

    // Someone with database access rewrites history.
    let failed = app.audit_rows("auth.login_failed").await;
    app.exec(&format!(
        "UPDATE audit_log SET entity_id = 'someone-else' WHERE id = {}",
        failed[0].id
    ))
    .await;
    assert_eq!(
        verify_chain(&app.db).await.unwrap(),
        ChainStatus::Broken {
            row_id: failed[0].id,
            reason: "its content was changed after it was written"
        }
    );
    let (_, html) = admin.page("/audit/verify").await;
    assert!(html.contains(&format!(
        "audit chain broken at row {}: its content was changed after it was written",
        failed[0].id
    )));
}

/// Cutting off the newest rows leaves a chain that links up: only the anchor, kept outside
/// the table, shows it, on the page as on the command line.
#[tokio::test]
async fn the_verify_page_compares_the_head_with_the_anchor() {
    let app = TestApp::spawn().await;
    let admin = some_activity(&app).await;
    let anchor = &app.state.config.audit_anchor;
    hearth::audit::anchor::advance(&app.db, anchor)
        .await
        .unwrap();
    let newest = app.audit_rows("audit.viewed").await;
    let cut_from = newest.last().unwrap().id;
    app.exec(&format!("DELETE FROM audit_log WHERE id >= {cut_from}"))
        .await;
    assert!(matches!(
        verify_chain(&app.db).await.unwrap(),
        ChainStatus::Intact { .. }
    ));
    let (status, html) = admin.page("/audit/verify").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!(
            "the newest rows were cut off: the anchor names row {cut_from}, the newest row is {}",
            cut_from - 1
        )),
        "{html}"
    );
    assert!(!html.contains("Verified:"), "{html}");
}

#[tokio::test]
async fn a_deleted_row_breaks_the_chain_at_its_successor() {
    let app = TestApp::spawn().await;
    some_activity(&app).await;
    let logins = app.audit_rows("auth.login").await;
    app.exec(&format!(
        "DELETE FROM audit_log WHERE id = {}",
        logins[0].id
    ))
    .await;
    match verify_chain(&app.db).await.unwrap() {
        ChainStatus::Broken { row_id, reason } => {
            assert!(row_id > logins[0].id);
            assert!(reason.contains("removed or inserted"));
        }
        ok => panic!("deletion not detected: {ok:?}"),
    }
}

#[tokio::test]
async fn the_admin_lists_and_filters_the_programs_audit_rows() {
    let app = TestApp::spawn().await;
    let admin = some_activity(&app).await;
    app.signed_in(OTHER_ADMIN).await;
    let (status, html) = admin.page("/audit?action=auth.login_failed").await;
    assert_eq!(status, StatusCode::OK);
    let actions = texts(&html, "tbody td code");
    assert_eq!(actions, vec!["auth.login_failed"]);
    let (_, html) = admin.page("/audit?action=auth.login").await;
    let actions = texts(&html, "tbody td code");
    // Two sign-ins and one failure in this program; the other program's sign-in is not shown.
    assert_eq!(actions.iter().filter(|a| *a == "auth.login").count(), 2);
    let coord = app.user_id(COORDINATOR).await;
    let (_, html) = admin.page(&format!("/audit?user_id={coord}")).await;
    assert!(
        texts(&html, "tbody tr")
            .iter()
            .all(|r| r.contains("Maria López"))
    );
    // Reading the audit log is itself audited.
    assert!(app.audit_rows("audit.viewed").await.len() >= 3);
}
