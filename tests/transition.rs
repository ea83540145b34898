//! The transition workspace: the notification under the opt-out policy, only the allowed
//! fields, disclosures written; the conference and steps; bad input and two editors.
use crate::{support::*, transition_helpers::*};
use hearth::entities::{child, ifsp, outbox, transition};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[tokio::test]
async fn the_notification_waits_for_the_opt_out_period_and_sends_only_name_birth_date_and_parent_contact()
 {
    let app = TestApp::spawn().await;
    let c = toddler(&app).await;
    let b = app.signed_in(ADMIN).await;
    let (status, page) = b.page(&format!("/children/{}", c.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Open the transition workspace"));
    assert_eq!(
        agencies_for(&b, c.id).await.len(),
        2,
        "the county's school district and the state agency are offered"
    );

    // Not yet recorded as potentially eligible: refused, nothing disclosed.
    let res = notify(&app, &b, c.id).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("potentially eligible for Part B")
    );
    mark_eligible(&app, &b, c.id).await;

    // The family was not told yet; then told 10 days ago: the period runs.
    let res = notify(&app, &b, c.id).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Record the day the family was told")
    );
    informed(&app, &b, c.id, 10).await;
    let res = notify(&app, &b, c.id).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("may still object until"));
    // Exactly 30 days ago: the last day to object is today, still refused.
    informed(&app, &b, c.id, 30).await;
    assert_eq!(notify(&app, &b, c.id).await.status(), StatusCode::CONFLICT);
    assert!(disclosures(&app, c.id).await.is_empty());
    assert_eq!(
        app.audit_rows("transition.notification_refused")
            .await
            .len(),
        4
    );

    // 31 days ago: the period has passed.
    informed(&app, &b, c.id, 31).await;
    let res = notify(&app, &b, c.id).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let rows = disclosures(&app, c.id).await;
    assert_eq!(rows.len(), 2);
    for d in &rows {
        assert_eq!(d.kind, hearth::entities::disclosure::Kind::LeaNotification);
        let content: serde_json::Value = serde_json::from_str(&d.content).unwrap();
        let keys: Vec<&str> = content
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["child_name", "date_of_birth", "parents"]);
        for p in content["parents"].as_array().unwrap() {
            let mut keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort();
            assert_eq!(keys, ["address", "email", "name", "phone"]);
        }
        assert_eq!(content["date_of_birth"], c.date_of_birth.to_string());
    }
    // The e-mails carry those fields and nothing else from the record.
    let mails = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq(outbox::Kind::LeaNotification))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(mails.len(), 2);
    let referral = hearth::entities::referral::Entity::find()
        .filter(hearth::entities::referral::Column::ChildId.eq(c.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    for m in &mails {
        assert!(m.text_body.contains(&c.full_name()));
        assert!(
            !m.text_body.contains(&referral.concerns),
            "no referral concerns"
        );
        // Every line is the sender's one-sentence preamble or one of the allowed fields.
        let allowed = [
            "Child:",
            "Date of birth:",
            "Parent:",
            "Address:",
            "Phone:",
            "E-mail:",
        ];
        for line in m.text_body.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            assert!(
                allowed.iter().any(|a| line.starts_with(a)),
                "unexpected line: {line}"
            );
        }
        assert!(!m.html_body.contains(&referral.concerns));
    }
    let t = transition::Entity::find()
        .filter(transition::Column::ChildId.eq(c.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.notified_on, Some(today()));
    // Sending twice is refused.
    assert_eq!(notify(&app, &b, c.id).await.status(), StatusCode::CONFLICT);
    assert_eq!(disclosures(&app, c.id).await.len(), 2);

    // The log, printable for the family, names the recipients.
    let (_, log) = b
        .page(&format!("/children/{}/disclosures?lang=es", c.id))
        .await;
    assert!(log.contains("Riverbend Area School District") && log.contains("lang=\"es\""));
    assert!(log.contains("Para avisar al distrito escolar"));
    let (status, doc) = b
        .page(&format!(
            "/children/{}/transition/notices/{}",
            c.id, rows[0].id
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc.contains(&c.full_name()));
}

#[tokio::test]
async fn an_objection_in_writing_stops_the_notification() {
    let app = TestApp::spawn().await;
    let c = toddler(&app).await;
    let b = app.signed_in(ADMIN).await;
    let res = b
        .post(
            &format!("/children/{}/consents", c.id),
            &[
                ("kind", "lea_opt_out"),
                ("given", "yes"),
                ("decided_on", &ago(5)),
                ("decided_by", "Rachel Thompson"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    mark_eligible(&app, &b, c.id).await;
    informed(&app, &b, c.id, 60).await;
    let res = notify(&app, &b, c.id).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("objected in writing"));
    assert!(disclosures(&app, c.id).await.is_empty());
    assert!(
        outbox::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
    let stand = crate::clock_helpers::workspace_items(&b, c.id).await;
    let notice = crate::clock_helpers::one(&stand, c.id, "lea_notification");
    assert_eq!(notice.state, "not_required", "{notice:#?}");
    assert!(notice.text.contains("Not required"));
    assert!(
        crate::clock_helpers::find(&stand, c.id, "opt_out_notice").is_empty(),
        "no opt-out notice is due after an objection"
    );
}

#[tokio::test]
async fn the_conference_needs_the_familys_approval_and_a_stale_form_overwrites_nothing() {
    let app = TestApp::spawn().await;
    let c = toddler(&app).await;
    let b = app.signed_in(ADMIN).await;
    let res = post(
        &b,
        c.id,
        "eligibility",
        &[
            ("version", "0"),
            ("potentially_eligible", ""),
            ("eligibility_reason", "  "),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Say whether the child is potentially eligible")
            && html.contains("Give the reason")
    );
    let res = post(
        &b,
        c.id,
        "conference",
        &[
            ("version", "0"),
            ("conference_on", &ago(-20)),
            ("conference_held_on", &ago(1)),
            ("participants", ""),
            ("conference_notes", "Typed notes"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("record the day they approved"));
    assert!(html.contains("List who takes part"));
    assert!(html.contains("Typed notes"), "what was typed comes back");
    assert!(
        transition::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
    let res = post(
        &b,
        c.id,
        "conference",
        &[
            ("version", "0"),
            ("conference_on", &ago(-20)),
            (
                "participants",
                "Rachel Thompson — mother\nDana Ortiz — school district",
            ),
            ("family_approved_on", &ago(2)),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let saved = transition::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(saved.participants.contains("school district"));

    // Another tab still at version 0 (the record now has version 1): conflict, nothing lost.
    let res = post(
        &b,
        c.id,
        "conference",
        &[
            ("version", "0"),
            ("conference_on", &ago(-30)),
            ("participants", "Someone — else"),
            ("family_approved_on", &ago(2)),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("Someone else saved"));
    let after = transition::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after, saved);

    // Providers read the workspace only if they serve the child; nobody outside the program.
    let other = app.signed_in(OTHER_ADMIN).await;
    assert_eq!(
        other
            .page(&format!("/children/{}/transition", c.id))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let res = other
        .post(
            &format!("/children/{}/transition/notify", c.id),
            &[("version", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn transition_steps_come_from_the_signed_plan_with_done_dates() {
    let app = TestApp::spawn().await;
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo has a signed plan");
    let c = child::Entity::find_by_id(plan.child_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let c = at_120_days(&app, c).await;
    let mut m: ifsp::ActiveModel = plan.into();
    m.transition_steps = Set(
        "- Visit the district's preschool with the family\n- Send records with consent\n".into(),
    );
    // A signed plan: set as its owner could, with the immutability triggers lifted.
    let (txn, guards) = crate::audit_integrity::lift(&app.db).await;
    m.update(&txn).await.unwrap();
    crate::audit_integrity::restore(txn, guards).await;
    let b = app.signed_in(ADMIN).await;
    let (_, page) = b.page(&format!("/children/{}/transition", c.id)).await;
    assert!(page.contains("1. Visit the district's preschool with the family"));
    let res = b
        .post(
            &format!("/children/{}/transition/steps", c.id),
            &[("done_1", &ago(-3))],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a done date in the future"
    );
    let res = b
        .post(
            &format!("/children/{}/transition/steps", c.id),
            &[("done_1", &ago(3)), ("done_2", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = b.page(&format!("/children/{}/transition", c.id)).await;
    assert!(page.contains(&format!("value=\"{}\"", ago(3))));
}
