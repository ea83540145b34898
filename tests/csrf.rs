use crate::support::*;
use hearth::entities::user;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

async fn staff_count(app: &TestApp) -> u64 {
    user::Entity::find().count(&app.db).await.unwrap()
}

fn new_staff<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("display_name", "Eve Forger"),
        ("email", "eve@riverbend.example"),
        ("role", "admin"),
        ("discipline", ""),
        ("password", "a long enough phrase"),
    ];
    f.extend_from_slice(extra);
    f
}

#[tokio::test]
async fn a_form_without_a_token_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let before = staff_count(&app).await;

    let res = admin
        .client
        .post(admin.url("/staff"))
        .form(&new_staff(&[]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("This form has expired"));

    let res = admin
        .client
        .post(admin.url("/staff"))
        .form(&new_staff(&[("_csrf", "0123")]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Another browser's valid token does not fit this browser's cookie.
    let other = app.browser().csrf().await;
    let res = admin
        .client
        .post(admin.url("/staff"))
        .form(&new_staff(&[("_csrf", &other)]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    assert_eq!(staff_count(&app).await, before);

    // The control: the same form with this browser's token goes through.
    let res = admin.post("/staff", &new_staff(&[])).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(staff_count(&app).await, before + 1);
}

#[tokio::test]
async fn a_request_from_another_origin_is_refused_even_with_a_token() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let token = admin.csrf().await;
    let before = staff_count(&app).await;
    let res = admin
        .client
        .post(admin.url("/staff"))
        .header("origin", "https://evil.example")
        .form(&new_staff(&[("_csrf", &token)]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(staff_count(&app).await, before);
}

#[tokio::test]
async fn sign_out_needs_a_token_too() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let res = b.client.post(b.url("/logout")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(b.get("/").await.status(), StatusCode::OK, "still signed in");
}
