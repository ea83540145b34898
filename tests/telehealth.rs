//! Telehealth visits (issue #17): an https meeting link, the family's consent to telehealth,
//! how coaching worked by video in the note, and the link on the family's page.
use crate::family_links::{family, note_link};
use crate::note_helpers::signed_visits;
use crate::support::*;
use crate::visit_helpers::*;
use chrono::Duration;
use hearth::entities::{consent, ifsp_service, visit};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

pub const LINK: &str = "https://meet.example.org/riverbend-42";

/// The provider's service, delivered by video from now on (the signed plan is guarded;
/// the test sets it up as the database's owner may).
pub async fn telehealth_service(app: &TestApp) -> ifsp_service::Model {
    let (s, _) = service_of(app, PROVIDER).await;
    app.exec(&format!(
        "UPDATE ifsp_services SET method = 'telehealth' WHERE id = {}",
        s.id
    ))
    .await;
    ifsp_service::Entity::find_by_id(s.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

pub async fn schedule(b: &Browser, sid: i32, date: &str, link: &str) -> reqwest::Response {
    b.post(
        &format!("/services/{sid}/visits"),
        &[
            ("date", date),
            ("time", "06:30"),
            ("minutes", "45"),
            ("weeks", "0"),
            ("meeting_link", link),
        ],
    )
    .await
}

#[tokio::test]
async fn a_telehealth_visit_takes_only_an_https_link_and_warns_without_consent() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let s = telehealth_service(&app).await;
    let (_, form) = b.page(&format!("/services/{}/visits", s.id)).await;
    assert!(form.contains("name=\"meeting_link\""), "{form}");
    let before = visits_of_service(&app, s.id).await.len();
    let date = (today() + Duration::days(4)).to_string();
    for bad in [
        "http://meet.example.org/riverbend-42",
        "meet dot example",
        "javascript:alert(1)",
    ] {
        let res = schedule(&b, s.id, &date, bad).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("Enter the video link as it starts with https://"),
            "{html}"
        );
        assert!(html.contains("id=\"f-meeting_link-error\""), "{html}");
        assert!(html.contains("06:30"), "the typed time is kept");
        assert_eq!(visits_of_service(&app, s.id).await.len(), before);
    }

    let res = schedule(&b, s.id, &date, LINK).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let made = visits_of_service(&app, s.id)
        .await
        .into_iter()
        .find(|v| v.starts_at.format("%H:%M").to_string() == "06:30")
        .unwrap();
    assert_eq!(made.method, visit::VisitMethod::Telehealth);
    assert_eq!(made.meeting_link, LINK);
    // Booked, with the warning (scheduling warns, never refuses).
    let (_, child_page) = b.page(res.headers()["location"].to_str().unwrap()).await;
    assert!(
        child_page.contains("The family has no consent to telehealth in force"),
        "{child_page}"
    );
    let (_, page) = b.page(&format!("/visits/{}", made.id)).await;
    assert!(page.contains(&format!("href=\"{LINK}\"")), "{page}");
    assert!(page.contains("The family has no consent to telehealth in force"));
}

#[tokio::test]
async fn a_telehealth_consent_is_recorded_shown_and_ends_the_warning() {
    let app = TestApp::spawn().await;
    let s = telehealth_service(&app).await;
    let plan = hearth::entities::ifsp::Entity::find_by_id(s.ifsp_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let coord = app.signed_in(ADMIN).await;
    let (_, form) = coord
        .page(&format!("/children/{}/consents/new", plan.child_id))
        .await;
    assert!(form.contains("value=\"telehealth\""), "{form}");
    let res = coord
        .post(
            &format!("/children/{}/consents", plan.child_id),
            &[
                ("kind", "telehealth"),
                ("given", "yes"),
                ("decided_on", &ago(1)),
                ("decided_by", "Lucía Reyes"),
                ("purpose", "Video visits while the road is closed"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let rows = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(plan.child_id))
        .filter(consent::Column::Kind.eq(consent::Kind::Telehealth))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].given);
    let (_, child_page) = coord.page(&format!("/children/{}", plan.child_id)).await;
    assert!(
        child_page.contains("Services by telehealth (video)"),
        "{child_page}"
    );

    let b = app.signed_in(PROVIDER).await;
    let date = (today() + Duration::days(5)).to_string();
    let res = schedule(&b, s.id, &date, LINK).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, after) = b.page(res.headers()["location"].to_str().unwrap()).await;
    assert!(after.contains("Visit scheduled."), "{after}");
    assert!(!after.contains("no consent to telehealth"), "{after}");
}

#[tokio::test]
async fn a_telehealth_note_is_not_signed_without_how_coaching_worked_by_video() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = (today() - Duration::days(1)).to_string();
    let v = schedule_once(&b, &app, s.id, &day, "06:00", "60").await;
    let mut fields = note(&day, outcome, "sign");
    for f in fields.iter_mut() {
        if f.0 == "method" {
            f.1 = "telehealth".into();
        }
    }
    fields.push(("remote_coaching_note", "Typed before choosing".into()));
    let res = post_note(&b, v.id, v.version, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Say how coaching worked by video: a telehealth note records it."),
        "{html}"
    );
    assert!(
        html.contains("Typed before choosing"),
        "the typed text is kept"
    );
    let same = visit(&app, v.id).await;
    assert!(same.signed_at.is_none());
    assert_eq!(same.version, v.version, "nothing changed");

    fields.push(("remote_coaching", "caregiver_hands_on".into()));
    let res = post_note(&b, v.id, v.version, &fields).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let signed = visit(&app, v.id).await;
    assert!(signed.signed_at.is_some());
    assert_eq!(
        signed.remote_coaching,
        visit::RemoteCoaching::CaregiverHandsOn
    );
    assert_eq!(signed.remote_coaching_note, "Typed before choosing");
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(
        page.contains("The caregiver did the routine with the child while I watched and coached"),
        "{page}"
    );

    // An in-person note is signed without it.
    let day2 = (today() - Duration::days(2)).to_string();
    let w = schedule_once(&b, &app, s.id, &day2, "06:00", "60").await;
    let res = post_note(&b, w.id, w.version, &note(&day2, outcome, "sign")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_family_sees_the_link_of_its_next_telehealth_visit_in_english_and_spanish() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let b = app.signed_in(PROVIDER).await;
    let day = (today() + Duration::days(2)).to_string();
    schedule_once(&b, &app, v.service_id, &day, "05:30", "30").await;
    let next = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(v.child_id))
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::StartsAt.gte(chrono::Utc::now().naive_utc() + Duration::days(1)))
        .order_by_asc(visit::Column::StartsAt)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // The earliest upcoming visit is made a video visit with a link.
    app.exec(&format!(
        "UPDATE visits SET method = 'telehealth', meeting_link = '{LINK}' \
         WHERE child_id = {} AND status = 'scheduled'",
        v.child_id
    ))
    .await;
    assert_eq!(visit(&app, next.id).await.meeting_link, LINK);
    let path = note_link(&app, &v, "family@example.org").await;
    let f = family(&app, &path).await;
    let (status, html) = f.page("/family").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("This visit is by video."), "{html}");
    assert!(html.contains("Join the video visit"));
    assert!(html.contains(&format!("href=\"{LINK}\"")));
    let (_, es) = f.page("/family?lang=es").await;
    assert!(es.contains("Unirse a la visita por video"), "{es}");
}
