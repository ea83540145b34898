//! Changing a booked telehealth visit's video link (issue #17): on the visit page while the
//! visit is scheduled and unsigned, by those who may move it, at the version seen, audited.
use crate::support::*;
use crate::telehealth::{LINK, schedule, telehealth_service};
use crate::visit_helpers::*;
use chrono::Duration;
use hearth::entities::visit;
use reqwest::StatusCode;

const NEW_LINK: &str = "https://video.example.org/room/77?pwd=k9";

/// A telehealth visit booked by the provider `days` from today with `LINK`.
async fn booked(app: &TestApp, b: &Browser, days: i64) -> visit::Model {
    let s = telehealth_service(app).await;
    let before: Vec<i32> = visits_of_service(app, s.id)
        .await
        .iter()
        .map(|v| v.id)
        .collect();
    let date = (today() + Duration::days(days)).to_string();
    let res = schedule(b, s.id, &date, LINK).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let v = visits_of_service(app, s.id)
        .await
        .into_iter()
        .find(|v| !before.contains(&v.id))
        .unwrap();
    assert_eq!(v.meeting_link, LINK);
    v
}

async fn change(b: &Browser, id: i32, link: &str, version: i32) -> reqwest::Response {
    let version = version.to_string();
    b.post(
        &format!("/visits/{id}/link"),
        &[("meeting_link", link), ("version", &version)],
    )
    .await
}

#[tokio::test]
async fn the_provider_changes_a_booked_visits_link_and_it_is_audited() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let v = booked(&app, &b, 3).await;
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(page.contains("Change the video link"), "{page}");
    assert!(
        page.contains(&format!("action=\"/visits/{}/link\"", v.id)),
        "{page}"
    );
    let res = change(&b, v.id, NEW_LINK, v.version).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(page.contains("Video link changed."), "{page}");
    assert!(
        page.contains("href=\"https://video.example.org/room/77?pwd=k9\""),
        "{page}"
    );
    let now = visit(&app, v.id).await;
    assert_eq!(now.meeting_link, "https://video.example.org/room/77?pwd=k9");
    assert_eq!(now.version, v.version + 1);
    let rows = app.audit_rows("visit.link_changed").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].entity_id.as_deref(),
        Some(v.id.to_string().as_str())
    );
    assert_eq!(rows[0].user_id, Some(app.user_id(PROVIDER).await));

    // The child's coordinator and a supervisor may change it too (the rule of moving it).
    let coord = app.user_id(COORDINATOR).await;
    app.exec(&format!(
        "UPDATE children SET coordinator_id = {coord} WHERE id = {}",
        v.child_id
    ))
    .await;
    let c = app.signed_in(COORDINATOR).await;
    let res = change(&c, v.id, "", now.version).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(visit(&app, v.id).await.meeting_link, "");
    let sup = app.signed_in(SUPERVISOR).await;
    let res = change(&sup, v.id, LINK, now.version + 1).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(visit(&app, v.id).await.meeting_link, LINK);
    assert_eq!(app.audit_rows("visit.link_changed").await.len(), 3);
}

#[tokio::test]
async fn a_bad_link_is_refused_next_to_the_field_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let v = booked(&app, &b, 3).await;
    let res = change(&b, v.id, "http://meet.example.org/typed-here", v.version).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Enter the video link as it starts with https://"),
        "{html}"
    );
    assert!(html.contains("id=\"f-meeting_link-error\""), "{html}");
    assert!(
        html.contains("value=\"http://meet.example.org/typed-here\""),
        "the typed text is kept: {html}"
    );
    let same = visit(&app, v.id).await;
    assert_eq!(same.meeting_link, LINK);
    assert_eq!(same.version, v.version);
    assert!(app.audit_rows("visit.link_changed").await.is_empty());
}

#[tokio::test]
async fn only_those_who_may_move_the_visit_change_its_link() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let v = booked(&app, &b, 3).await;
    // A provider of another program: the visit does not exist for them.
    app.exec(
        "UPDATE users SET program_id = (SELECT id FROM programs WHERE slug = 'lakeside') \
         WHERE email = 'pt@riverbend.example'",
    )
    .await;
    let other = app.signed_in("pt@riverbend.example").await;
    let res = change(&other, v.id, NEW_LINK, v.version).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A provider of the program not serving the child: not on their caseload.
    let ot = app.signed_in("ot@riverbend.example").await;
    let res = change(&ot, v.id, NEW_LINK, v.version).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A provider who serves the child but is not the visit's: they read it, never change it.
    let ot_id = app.user_id("ot@riverbend.example").await;
    app.exec(&format!(
        "UPDATE visits SET provider_id = {ot_id} WHERE id = {}",
        v.id
    ))
    .await;
    let res = change(&b, v.id, NEW_LINK, v.version).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(!page.contains("Change the video link"), "{page}");
    let same = visit(&app, v.id).await;
    assert_eq!(same.meeting_link, LINK);
    assert_eq!(same.version, v.version);
    assert!(app.audit_rows("visit.link_changed").await.is_empty());
}

#[tokio::test]
async fn a_signed_visit_offers_no_link_form_and_refuses_the_change() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let v = booked(&app, &b, -1).await;
    let day = (today() - Duration::days(1)).to_string();
    let (_, plan) = service_of(&app, PROVIDER).await;
    let mut fields = note(&day, outcome_origin(&app, plan.id).await, "sign");
    for f in fields.iter_mut() {
        if f.0 == "method" {
            f.1 = "telehealth".into();
        }
    }
    fields.push(("remote_coaching", "caregiver_hands_on".into()));
    let res = post_note(&b, v.id, v.version, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let signed = visit(&app, v.id).await;
    assert!(signed.signed_at.is_some());
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(!page.contains("Change the video link"), "{page}");
    assert!(!page.contains(&format!("/visits/{}/link", v.id)));
    let res = change(&b, v.id, NEW_LINK, signed.version).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(visit(&app, v.id).await.meeting_link, LINK);
    assert!(app.audit_rows("visit.link_changed").await.is_empty());
}

#[tokio::test]
async fn a_link_changed_from_an_older_version_shows_the_conflict() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let v = booked(&app, &b, 3).await;
    let first = "https://meet.example.org/first-change";
    assert_eq!(
        change(&b, v.id, first, v.version).await.status(),
        StatusCode::SEE_OTHER
    );
    let res = change(&b, v.id, NEW_LINK, v.version).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Someone saved this meanwhile, so nothing was overwritten."),
        "{html}"
    );
    assert!(html.contains("https://meet.example.org/first-change"));
    assert!(
        html.contains(&format!("name=\"version\" value=\"{}\"", v.version + 1)),
        "the form now carries the saved version: {html}"
    );
    let now = visit(&app, v.id).await;
    assert_eq!(now.meeting_link, "https://meet.example.org/first-change");
    assert_eq!(now.version, v.version + 1);
    assert_eq!(app.audit_rows("visit.link_changed").await.len(), 1);
}
