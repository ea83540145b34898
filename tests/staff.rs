use crate::support::*;
use hearth::entities::user;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[tokio::test]
async fn bad_input_is_named_beside_each_field_kept_and_nothing_saved() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let before = user::Entity::find().count(&app.db).await.unwrap();
    let res = admin
        .post(
            "/staff",
            &[
                ("display_name", "Rosa <b>Díaz</b>"),
                ("email", "rosa at example"),
                ("role", "provider"),
                ("discipline", ""),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-email-error"),
        vec!["Error: Enter an e-mail address like name@example.org."]
    );
    assert_eq!(
        texts(&html, "#f-discipline-error"),
        vec!["Error: Providers need a discipline."]
    );
    assert!(texts(&html, "#f-password-error")[0].contains("at least 12"));
    assert_eq!(
        first_attr(&html, "#f-display_name", "value").as_deref(),
        Some("Rosa <b>Díaz</b>")
    );
    assert!(!html.contains("<b>Díaz</b>"), "typed text is escaped");
    assert_eq!(
        first_attr(&html, "#f-email", "value").as_deref(),
        Some("rosa at example")
    );
    assert_eq!(
        first_attr(&html, "#f-role option[selected]", "value").as_deref(),
        Some("provider")
    );
    assert_eq!(
        first_attr(&html, "#f-email", "aria-describedby").as_deref(),
        Some("f-email-hint f-email-error")
    );
    assert_eq!(texts(&html, ".error-summary li").len(), 3);
    assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), before);

    // A taken e-mail is refused the same way.
    let html = admin
        .post(
            "/staff",
            &[
                ("display_name", "X"),
                ("email", SUPERVISOR),
                ("role", "admin"),
                ("password", "a long enough phrase"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        texts(&html, "#f-email-error"),
        vec!["Error: Someone already signs in with this e-mail address."]
    );
}

#[tokio::test]
async fn an_admin_adds_a_provider_who_can_then_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let res = admin
        .post(
            "/staff",
            &[
                ("display_name", "Rosa Díaz"),
                ("email", "Rosa.Diaz@Riverbend.example"),
                ("role", "provider"),
                ("discipline", "dev_specialist"),
                ("password", "rosa's first passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.page(&location(&res)).await;
    assert!(html.contains("Rosa Díaz can now sign in."));
    assert!(html.contains("Developmental specialist"));
    let rosa = app.browser();
    assert_eq!(
        rosa.login("rosa.diaz@riverbend.example", "rosa's first passphrase")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.audit_rows("staff.created").await.len(), 1);
}

#[tokio::test]
async fn sign_out_everywhere_and_deactivation_end_sessions() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let ot = app.signed_in("ot@riverbend.example").await;
    let id = app.user_id("ot@riverbend.example").await;

    let (_, html) = admin.page(&format!("/staff/{id}")).await;
    assert!(html.contains("Signed-in sessions"));
    let res = admin.post(&format!("/staff/{id}/sign-out"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&ot.get("/").await), "/login");

    let ot = app.signed_in("ot@riverbend.example").await;
    admin
        .post(&format!("/staff/{id}/active"), &[("active", "false")])
        .await;
    assert_eq!(location(&ot.get("/").await), "/login");
    assert_eq!(
        app.browser()
            .login("ot@riverbend.example", PASSWORD)
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    admin
        .post(&format!("/staff/{id}/active"), &[("active", "true")])
        .await;
    assert_eq!(
        app.browser()
            .login("ot@riverbend.example", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn another_programs_staff_are_invisible_and_the_attempt_is_audited() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let other = app.user_id(OTHER_ADMIN).await;
    for path in [format!("/staff/{other}")] {
        let (status, html) = admin.page(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!html.contains("lakeside"));
    }
    let res = admin.post(&format!("/staff/{other}/sign-out"), &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = admin
        .post(&format!("/staff/{other}/active"), &[("active", "false")])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.browser().login(OTHER_ADMIN, PASSWORD).await.status(),
        StatusCode::SEE_OTHER,
        "untouched"
    );

    let denied = app.audit_rows("access.denied").await;
    assert_eq!(denied.len(), 3);
    assert!(
        denied
            .iter()
            .all(|r| r.entity_id.as_deref() == Some(other.to_string().as_str()))
    );
    assert!(denied[0].detail.contains("other_program"));

    // The list shows only this program's people.
    let (_, html) = admin.page("/staff").await;
    assert!(html.contains("Grace Okafor"));
    assert!(!html.contains(OTHER_ADMIN));
}

#[tokio::test]
async fn roles_that_may_not_manage_staff_are_refused_and_audited() {
    let app = TestApp::spawn().await;
    let provider = app.signed_in(PROVIDER).await;
    assert_eq!(provider.get("/staff").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(provider.get("/audit").await.status(), StatusCode::FORBIDDEN);
    let supervisor = app.signed_in(SUPERVISOR).await;
    assert_eq!(supervisor.get("/staff").await.status(), StatusCode::OK);
    assert_eq!(
        supervisor.get("/staff/new").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = supervisor
        .post(
            "/staff",
            &[
                ("display_name", "X"),
                ("email", "x@riverbend.example"),
                ("role", "admin"),
                ("password", "a long enough phrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let denied = app.audit_rows("access.denied").await;
    assert_eq!(denied.len(), 4);
    assert!(
        denied
            .iter()
            .all(|r| r.detail.contains("\"reason\":\"role\""))
    );
}

#[tokio::test]
async fn the_same_new_email_sent_from_several_pages_at_once_makes_one_account() {
    let app = TestApp::spawn().await;
    let pages = [
        app.signed_in(ADMIN).await,
        app.signed_in(ADMIN).await,
        app.signed_in(ADMIN).await,
    ];
    let fields = vec![
        ("display_name", "Rosa Díaz".to_owned()),
        ("email", "rosa.diaz@riverbend.example".to_owned()),
        ("role", "coordinator".to_owned()),
        ("discipline", String::new()),
        ("password", "a long enough passphrase".to_owned()),
    ];
    let answers = crate::lost_updates::at_once(
        pages
            .iter()
            .map(|b| (b, "/staff".to_owned(), fields.clone()))
            .collect(),
    )
    .await;
    let mut created = 0;
    for (status, body) in &answers {
        match *status {
            StatusCode::SEE_OTHER => created += 1,
            StatusCode::UNPROCESSABLE_ENTITY => assert_eq!(
                texts(body, "#f-email-error"),
                vec!["Error: Someone already signs in with this e-mail address."],
                "{body}"
            ),
            other => panic!("answered {other}: {body}"),
        }
    }
    assert_eq!(created, 1, "{answers:?}");
    let rows = user::Entity::find()
        .filter(user::Column::Email.eq("rosa.diaz@riverbend.example"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(app.audit_rows("staff.created").await.len(), 1);
}

#[tokio::test]
async fn a_refused_credential_shows_the_member_page_as_it_is() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    // The provider is signed in twice.
    app.signed_in("pt@riverbend.example").await;
    app.signed_in("pt@riverbend.example").await;
    let pt = app.user_id("pt@riverbend.example").await;
    let (_, page) = admin.page(&format!("/staff/{pt}")).await;
    let res = admin
        .post(
            &format!("/staff/{pt}/credentials"),
            &[("kind", "license"), ("name", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = res.text().await.unwrap();
    assert_eq!(texts(&page, "dl dd"), texts(&refused, "dl dd"));
    assert!(
        texts(&refused, "dl dt, dl dd")
            .join(" ")
            .contains("Signed-in sessions 2"),
        "{:?}",
        texts(&refused, "dl dt, dl dd")
    );
}
