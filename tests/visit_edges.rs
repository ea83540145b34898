//! The edges of the visit rules: what a signed, cancelled or own note refuses, a deactivated
//! provider's calendar, and where visits show on the child page.
use crate::support::*;
use crate::visit_helpers::*;
use chrono::Duration;
use reqwest::StatusCode;

#[tokio::test]
async fn signed_and_delivered_visits_refuse_what_no_longer_applies() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = ago(1);
    let v = schedule_once(&b, &app, s.id, &day, "05:00", "30").await;
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    let choice = first_attr(&html, "input[name=activity_ids]", "value").unwrap();
    assert_eq!(
        post_note(&b, v.id, v.version, &note(&day, outcome, "sign"))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // A delivered visit cannot be cancelled or moved.
    let res = b
        .post(
            &format!("/visits/{}/cancel", v.id),
            &[
                ("cancelled_by", "family"),
                ("reason", "x"),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = b
        .post(
            &format!("/visits/{}/reschedule", v.id),
            &[
                ("date", &day),
                ("time", "07:00"),
                ("minutes", "30"),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Activities belong to the open note; a signed one takes none.
    let res = b
        .post(
            &format!("/visits/{}/activities", v.id),
            &[("activity_id", &choice)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(app.audit_rows("activity.shared").await.is_empty());
    // Nobody reviews their own note: make the supervisor the visit's provider.
    let sup = app.user_id(SUPERVISOR).await;
    app.exec(&format!(
        "UPDATE visits SET provider_id = {sup} WHERE id = {}",
        v.id
    ))
    .await;
    let s_browser = app.signed_in(SUPERVISOR).await;
    let res = s_browser
        .post(&format!("/visits/{}/review", v.id), &[("fidelity", "5")])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(visit(&app, v.id).await.reviewed_at, None);
}

#[tokio::test]
async fn a_deactivated_providers_calendar_stops_answering() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let html = b.post("/calendar", &[]).await.text().await.unwrap();
    let url = texts(&html, "code.copy").into_iter().next().unwrap();
    let path = url.trim_start_matches(&app.base).to_owned();
    let anon = app.browser();
    assert_eq!(anon.get(&path).await.status(), StatusCode::OK);
    let me = app.user_id(PROVIDER).await;
    let no = if std::env::var("TEST_DATABASE_URL").is_ok() {
        "false"
    } else {
        "0"
    };
    app.exec(&format!("UPDATE users SET active = {no} WHERE id = {me}"))
        .await;
    assert_eq!(anon.get(&path).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_child_page_offers_scheduling_and_lists_visits_coming_and_past() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let soon = schedule_once(
        &b,
        &app,
        s.id,
        &(today() + Duration::days(2)).to_string(),
        "05:00",
        "30",
    )
    .await;
    let (status, html) = b.page(&format!("/children/{}", plan.child_id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("href=\"/services/{}/visits\"", s.id)),
        "schedule link"
    );
    assert!(html.contains("Coming up"));
    assert!(html.contains(&format!("href=\"/visits/{}\"", soon.id)));
    // A provider's own mileage page lists their delivered visits.
    let (_, html) = b.page("/mileage").await;
    assert!(html.contains("Your visits"));
}
