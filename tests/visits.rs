//! Home visits: scheduling, overlaps, the note, signing and locking, addenda, review, units.
use crate::support::*;
use crate::visit_helpers::*;
use chrono::Duration;
use hearth::entities::{visit, visit_addendum};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn schedule_recurring_visits_and_refuse_an_overlap() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, _) = service_of(&app, PROVIDER).await;
    let (status, html) = b.page(&format!("/services/{}/visits", s.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Schedule visits"));
    let before = visits_of_service(&app, s.id).await.len();
    let first = (today() + Duration::days(3)).to_string();
    let res = b
        .post(
            &format!("/services/{}/visits", s.id),
            &[
                ("date", &first),
                ("time", "06:15"),
                ("minutes", "45"),
                ("weeks", "8"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let made: Vec<_> = visits_of_service(&app, s.id)
        .await
        .into_iter()
        .filter(|v| v.starts_at.format("%H:%M").to_string() == "06:15")
        .collect();
    let expected = hearth::visits::model::recurrence(
        today() + Duration::days(3),
        s.frequency,
        s.period,
        today() + Duration::days(3 + 55),
    )
    .len();
    assert_eq!(made.len(), expected, "one visit per session in 8 weeks");
    assert_eq!(visits_of_service(&app, s.id).await.len(), before + expected);
    assert!(
        made.iter()
            .all(|v| v.minutes() == 45 && v.status == visit::Status::Scheduled)
    );

    // The same provider at an overlapping time: refused with a message, nothing saved.
    let res = b
        .post(
            &format!("/services/{}/visits", s.id),
            &[
                ("date", &first),
                ("time", "06:45"),
                ("minutes", "30"),
                ("weeks", "0"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("already has a visit"), "{html}");
    assert_eq!(
        first_attr(&html, "input[name=time]", "value").as_deref(),
        Some("06:45")
    );
    assert_eq!(visits_of_service(&app, s.id).await.len(), before + expected);
    // Back to back is fine.
    schedule_once(&b, &app, s.id, &first, "07:00", "30").await;

    // Bad input: a clear message next to the field, the typed value kept.
    let res = b
        .post(
            &format!("/services/{}/visits", s.id),
            &[
                ("date", "2026-02-30"),
                ("time", "9am"),
                ("minutes", "0"),
                ("weeks", "4"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    for field in ["date", "time", "minutes"] {
        assert!(html.contains(&format!("id=\"f-{field}-error\"")), "{field}");
    }
    assert_eq!(
        first_attr(&html, "input[name=time]", "value").as_deref(),
        Some("9am")
    );
}

#[tokio::test]
async fn log_sign_lock_amend_and_review_a_visit() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = ago(2);
    let v = schedule_once(&b, &app, s.id, &day, "06:00", "60").await;

    // A draft save keeps an incomplete note; signing needs it complete.
    let mut draft = note(&day, outcome, "save");
    draft.retain(|(k, _)| *k != "joint_plan");
    let res = post_note(&b, v.id, v.version, &draft).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let saved = visit(&app, v.id).await;
    assert_eq!(saved.status, visit::Status::Completed);
    assert!(saved.signed_at.is_none());
    let mut incomplete = note(&day, outcome, "sign");
    incomplete.retain(|(k, _)| *k != "joint_plan" && *k != "feedback_done");
    let res = post_note(&b, v.id, saved.version, &incomplete).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Enter the joint plan"));
    assert!(html.contains("Say whether feedback happened"));
    assert!(
        html.contains("Pausing with the cup in view."),
        "typed text kept"
    );
    assert!(visit(&app, v.id).await.signed_at.is_none());

    let res = post_note(&b, v.id, saved.version, &note(&day, outcome, "sign")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let signed = visit(&app, v.id).await;
    assert!(signed.signed_at.is_some());
    assert_eq!(signed.signed_name.as_deref(), Some("Priya Raman"));
    assert_eq!(signed.mileage_tenths, 125);
    assert_eq!(app.audit_rows("visit.signed").await.len(), 1);

    // The signed note is locked: a change is refused and audited, nothing changes.
    let mut changed = note(&day, outcome, "save");
    changed.retain(|(k, _)| *k != "tried");
    changed.push(("tried", "Rewritten later".into()));
    let res = post_note(&b, v.id, signed.version, &changed).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app.audit_rows("visit.change_refused").await.len(), 1);
    assert_eq!(visit(&app, v.id).await, signed);
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(!html.contains("Sign and lock"), "no form on a signed note");
    assert!(html.contains("Pausing with the cup in view."));

    // Corrections are addenda: a reason is required, the original stays.
    let res = b
        .post(
            &format!("/visits/{}/addenda", v.id),
            &[("body", "Also tried at snack."), ("reason", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = b
        .post(
            &format!("/visits/{}/addenda", v.id),
            &[
                ("body", "Also tried at snack."),
                ("reason", "Left out by mistake."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let addenda = visit_addendum::Entity::find()
        .filter(visit_addendum::Column::VisitId.eq(v.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(addenda.len(), 1);
    assert_eq!(addenda[0].signed_name, "Priya Raman");
    assert_eq!(visit(&app, v.id).await, signed);

    // Others may not write the note: the child's coordinator reads it, cannot sign it.
    let coord = app.signed_in(COORDINATOR).await;
    let res = coord
        .post(
            &format!("/visits/{}/addenda", v.id),
            &[("body", "x"), ("reason", "y")],
        )
        .await;
    assert!(matches!(
        res.status(),
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));
    let res = b
        .post(&format!("/visits/{}/review", v.id), &[("fidelity", "4")])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "providers do not review"
    );

    // The supervisor reviews from the queue, once.
    let sup = app.signed_in(SUPERVISOR).await;
    let (_, html) = sup.page("/reviews").await;
    assert!(html.contains(&format!("/visits/{}", v.id)));
    let res = sup
        .post(&format!("/visits/{}/review", v.id), &[("fidelity", "9")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = sup
        .post(
            &format!("/visits/{}/review", v.id),
            &[("fidelity", "4"), ("comment", "Lovely reflection.")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let reviewed = visit(&app, v.id).await;
    assert_eq!(reviewed.fidelity, Some(4));
    let (_, html) = sup.page("/reviews").await;
    assert!(!html.contains(&format!("/visits/{}\"", v.id)));
    let res = sup
        .post(&format!("/visits/{}/review", v.id), &[("fidelity", "5")])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // Another program cannot even see it.
    let other = app.signed_in(OTHER_ADMIN).await;
    assert_eq!(
        other.get(&format!("/visits/{}", v.id)).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn units_warnings_and_overlapping_logs() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = ago(1);
    let v = schedule_once(&b, &app, s.id, &day, "05:00", "60").await;
    // Longer than the plan authorizes: 05:00–06:15 is 75 minutes, 5 units of 15.
    let mut f = note(&day, outcome, "sign");
    f.retain(|(k, _)| *k != "start" && *k != "end");
    f.push(("start", "05:00".into()));
    f.push(("end", format!("{:02}:15", 5 + (s.minutes + 15) / 60)));
    let minutes = 60 * ((s.minutes + 15) / 60) + 15;
    let res = post_note(&b, v.id, v.version, &f).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(html.contains(&format!("{minutes} (")), "minutes shown");
    if i64::from(minutes) > i64::from(s.minutes) {
        assert!(
            html.contains(&format!("This visit lasted {minutes} minutes")),
            "{html}"
        );
    }
    assert!(html.contains(&format!(
        "{} billable units",
        hearth::visits::rules::units(i64::from(minutes), &Default::default())
    )));

    // A second visit logged over the first one's time is refused.
    let w = schedule_once(&b, &app, s.id, &day, "03:00", "30").await;
    let mut f = note(&day, outcome, "save");
    f.retain(|(k, _)| *k != "start" && *k != "end");
    f.push(("start", "05:30".into()));
    f.push(("end", "05:45".into()));
    let res = post_note(&b, w.id, w.version, &f).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("visits cannot overlap"));
    assert_eq!(visit(&app, w.id).await.status, visit::Status::Scheduled);
}

#[tokio::test]
async fn a_stale_save_gets_a_conflict_page_with_both_texts() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = ago(1);
    let v = schedule_once(&b, &app, s.id, &day, "04:00", "30").await;
    let mut phone = note(&day, outcome, "save");
    phone.retain(|(k, _)| *k != "tried");
    phone.push(("tried", "Typed on the phone".into()));
    assert_eq!(
        post_note(&b, v.id, v.version, &phone).await.status(),
        StatusCode::SEE_OTHER
    );
    let mut laptop = note(&day, outcome, "save");
    laptop.retain(|(k, _)| *k != "tried");
    laptop.push(("tried", "Typed on the laptop".into()));
    let res = post_note(&b, v.id, v.version, &laptop).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(html.contains("saved elsewhere"));
    assert!(html.contains("Typed on the phone") && html.contains("Typed on the laptop"));
    assert_eq!(visit(&app, v.id).await.tried, "Typed on the phone");
}
