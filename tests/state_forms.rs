//! A form that posts a value outside one of its lists answers with the field's error, keeps
//! what was typed and changes nothing.
use crate::{support::*, visit_helpers::*};
use chrono::Duration;
use hearth::entities::{agency, consent};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn a_form_posting_a_value_outside_its_list_gets_the_fields_error_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;

    // A visit note with a method that is not on the list.
    let day = ago(2);
    let v = schedule_once(&b, &app, s.id, &day, "06:00", "60").await;
    let mut typed = note(&day, outcome, "save");
    for (k, val) in typed.iter_mut() {
        if *k == "method" {
            *val = "carrier_pigeon".into();
        }
    }
    let res = post_note(&b, v.id, v.version, &typed).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Choose how the visit was made."), "{html}");
    assert!(
        html.contains("Pausing with the cup in view."),
        "typed text kept"
    );
    assert_eq!(visit(&app, v.id).await, v, "the visit is unchanged");

    // A cancellation by someone not on the list.
    let later = schedule_once(
        &b,
        &app,
        s.id,
        &(today() + Duration::days(3)).to_string(),
        "05:30",
        "45",
    )
    .await;
    let res = b
        .post(
            &format!("/visits/{}/cancel", later.id),
            &[
                ("cancelled_by", "the_weather"),
                ("reason", "Snow"),
                ("version", &later.version.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Choose who cancelled."));
    assert_eq!(visit(&app, later.id).await, later, "still scheduled");

    // A consent of a kind that does not exist.
    let coord = app.signed_in(COORDINATOR).await;
    let kid = child_named(&app, "Mateo").await;
    let before = consent::Entity::find().count(&app.db).await.unwrap();
    let res = coord
        .post(
            &format!("/children/{}/consents", kid.id),
            &[
                ("kind", "photo_release"),
                ("given", "yes"),
                ("decided_on", &ago(0)),
                ("decided_by", "Lucía Reyes"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Choose what the consent is for."), "{html}");
    assert!(html.contains("Lucía Reyes"), "typed name kept");
    assert_eq!(
        consent::Entity::find().count(&app.db).await.unwrap(),
        before
    );

    // An agency of an unknown kind, preferring an unknown channel.
    let agencies = agency::Entity::find().count(&app.db).await.unwrap();
    let res = coord
        .post(
            "/agencies",
            &[
                ("name", "Oak Valley Schools"),
                ("kind", "school"),
                ("preferred_channel", "pager"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Choose what kind of agency this is."));
    assert!(html.contains("Choose how the agency prefers to receive referrals."));
    assert_eq!(
        agency::Entity::find().count(&app.db).await.unwrap(),
        agencies
    );
}
