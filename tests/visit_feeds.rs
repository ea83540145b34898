//! Missed visits and make-ups, timely service start on the plan, mileage, the calendar feed.
use crate::support::*;
use crate::visit_helpers::*;
use chrono::Duration;
use icalendar::{Calendar, Component};
use reqwest::StatusCode;

#[tokio::test]
async fn a_missed_visit_gets_a_makeup_date_and_a_linked_makeup() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, _) = service_of(&app, PROVIDER).await;
    let day = today() + Duration::days(2);
    let v = schedule_once(&b, &app, s.id, &day.to_string(), "05:30", "45").await;
    let res = b
        .post(
            &format!("/visits/{}/cancel", v.id),
            &[("cancelled_by", "family"), ("reason", ""), ("version", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Enter the reason."));
    let res = b
        .post(
            &format!("/visits/{}/cancel", v.id),
            &[
                ("cancelled_by", "family"),
                ("reason", "Child sick"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let missed = visit(&app, v.id).await;
    assert_eq!(missed.status, hearth::entities::visit::Status::Cancelled);
    assert_eq!(missed.makeup_due, Some(day + Duration::days(14)));
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(html.contains(&format!("/services/{}/visits?makeup_of={}", s.id, v.id)));
    // The freed time can be used again, and the make-up links back.
    let res = b
        .post(
            &format!("/services/{}/visits", s.id),
            &[
                ("date", &day.to_string()),
                ("time", "05:30"),
                ("minutes", "45"),
                ("weeks", "8"),
                ("makeup_of", &v.id.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let made: Vec<_> = visits_of_service(&app, s.id)
        .await
        .into_iter()
        .filter(|x| x.makeup_of_id == Some(v.id))
        .collect();
    assert_eq!(made.len(), 1, "a make-up is one visit, never a series");
    // A missed visit cannot be logged.
    let res = post_note(&b, v.id, missed.version, &note(&ago(0), 1, "save")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_plan_shows_each_services_first_visit_and_days_from_consent() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    // Start from a clean slate for this service type: no demo visits.
    app.exec(&format!(
        "DELETE FROM visits WHERE child_id = {}",
        plan.child_id
    ))
    .await;
    let consent = s.consent_date.unwrap();
    let first = consent.max(s.start_date) + Duration::days(3);
    let outcome = outcome_origin(&app, plan.id).await;
    let v = schedule_once(&b, &app, s.id, &first.to_string(), "06:00", "60").await;
    // Only a signed note counts as the service's start.
    assert_eq!(
        post_note(
            &b,
            v.id,
            v.version,
            &note(&first.to_string(), outcome, "sign")
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let sup = app.signed_in(SUPERVISOR).await;
    let (status, html) = sup.page(&format!("/ifsps/{}", plan.id)).await;
    assert_eq!(status, StatusCode::OK);
    let days = (first - consent).num_days();
    assert!(
        html.contains(&format!("First visit {first}, {days} days after consent")),
        "{html}"
    );
}

#[tokio::test]
async fn mileage_totals_and_csv() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = today() - Duration::days(1);
    let v = schedule_once(&b, &app, s.id, &day.to_string(), "04:00", "60").await;
    assert_eq!(
        post_note(
            &b,
            v.id,
            v.version,
            &note(&day.to_string(), outcome, "save")
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let month = day.format("%Y-%m").to_string();
    let res = b.get(&format!("/mileage.csv?month={month}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = res.text().await.unwrap();
    let mut rdr = csv::Reader::from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let mine = rows
        .iter()
        .find(|r| r[1] == v.id.to_string())
        .expect("the visit's row");
    assert_eq!(&mine[0], "Priya Raman");
    assert_eq!(&mine[5], "12.5");
    assert!(
        rows.iter().all(|r| &r[0] == "Priya Raman"),
        "a provider sees only their own"
    );
    let sup = app.signed_in(SUPERVISOR).await;
    let (status, html) = sup.page(&format!("/mileage?month={month}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Priya Raman"));
}

#[tokio::test]
async fn the_calendar_feed_is_valid_icalendar_and_dies_when_revoked() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let child = {
        use sea_orm::EntityTrait;
        hearth::entities::child::Entity::find_by_id(plan.child_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
    };
    let v = schedule_once(
        &b,
        &app,
        s.id,
        &(today() + Duration::days(5)).to_string(),
        "05:00",
        "60",
    )
    .await;
    let res = b.post("/calendar", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let url = texts(&html, "code.copy")
        .into_iter()
        .next()
        .expect("the new URL");
    assert!(url.ends_with(".ics"));
    let path = url.trim_start_matches(&app.base).to_owned();
    // No session needed: a phone's calendar app fetches it.
    let anon = app.browser();
    let res = anon.get(&path).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let body = res.text().await.unwrap();
    let cal: Calendar = body.parse().expect("valid iCalendar");
    let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    let ours = events
        .iter()
        .find(|e| {
            e.get_uid()
                .is_some_and(|u| u.starts_with(&format!("visit-{}@", v.id)))
        })
        .expect("the scheduled visit is in the feed");
    assert!(ours.get_start().is_some() && ours.get_end().is_some());
    assert!(
        !body.contains(&child.last_name),
        "no family names in a calendar"
    );
    // Revoked: the URL answers 404; a new link replaces it.
    assert_eq!(
        b.post("/calendar/revoke", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(anon.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        anon.get("/calendar/not-a-token.ics").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_agenda_moves_and_flags_notes_not_signed_in_time() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    // A note logged three weeks ago and never signed is overdue.
    let old = today() - Duration::days(21);
    let v = schedule_once(&b, &app, s.id, &old.to_string(), "04:30", "30").await;
    assert_eq!(
        post_note(
            &b,
            v.id,
            v.version,
            &note(&old.to_string(), outcome, "save")
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let (status, html) = b.page(&format!("/visits?view=week&date={old}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("/visits/{}", v.id)));
    let (_, html) = b.page("/visits").await;
    let overdue: Vec<String> = texts(&html, "ul.due li")
        .into_iter()
        .filter(|t| t.contains("Note overdue"))
        .collect();
    assert!(!overdue.is_empty(), "the unsigned note is flagged");

    // Moving a visit: checked for overlaps, refused when stale.
    let soon = (today() + Duration::days(4)).to_string();
    let a = schedule_once(&b, &app, s.id, &soon, "04:00", "30").await;
    let c = schedule_once(&b, &app, s.id, &soon, "05:00", "30").await;
    let res = b
        .post(
            &format!("/visits/{}/reschedule", c.id),
            &[
                ("date", &soon),
                ("time", "04:15"),
                ("minutes", "30"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("already has a visit"));
    let res = b
        .post(
            &format!("/visits/{}/reschedule", c.id),
            &[
                ("date", &soon),
                ("time", "06:00"),
                ("minutes", "30"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        visit(&app, c.id)
            .await
            .starts_at
            .format("%H:%M")
            .to_string(),
        "06:00"
    );
    let res = b
        .post(
            &format!("/visits/{}/reschedule", c.id),
            &[
                ("date", &soon),
                ("time", "07:00"),
                ("minutes", "30"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "a move from an old version"
    );
    assert_eq!(
        visit(&app, a.id)
            .await
            .starts_at
            .format("%H:%M")
            .to_string(),
        "04:00"
    );
    // Only supervisors and admins look at someone else's agenda.
    let me = app.user_id(PROVIDER).await;
    let coord = app.signed_in(COORDINATOR).await;
    assert_eq!(
        coord.get(&format!("/visits?provider={me}")).await.status(),
        StatusCode::FORBIDDEN
    );
    let sup = app.signed_in(SUPERVISOR).await;
    let (status, html) = sup
        .page(&format!("/visits?provider={me}&view=week&date={soon}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("/visits/{}", a.id)));
}
