//! Issue 4 acceptance: create, sign, amend and compare plans; signed versions never change.
use crate::{ifsp_helpers::*, support::*};
use hearth::{
    entities::{ifsp, ifsp_outcome, ifsp_service},
    ifsp::model,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

#[tokio::test]
async fn a_plan_is_written_consented_signed_and_then_locked() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let (noah, id) = signed_initial_plan(&app, &sup).await;
    let plan = model::load(&app.db, id).await.unwrap().unwrap();
    assert_eq!(plan.ifsp.status, ifsp::Status::Signed);
    assert_eq!(plan.signatures.len(), 2);
    assert_eq!(plan.active_services().len(), 1);
    let (_, html) = sup.page(&format!("/ifsps/{id}")).await;
    assert!(html.contains("Signed (active)"));
    assert!(
        html.contains("He gets frustrated"),
        "family concerns shown with the family's agreement"
    );
    assert!(
        texts(&html, "#services tbody tr")[0].contains("Start by"),
        "timely start shown per service"
    );
    let outcome_button = format!("button[formaction='/ifsps/{id}/outcomes']");
    assert!(first_attr(&html, &outcome_button, "formaction").is_none());

    // Every change route refuses a signed plan, and each attempt is audited.
    let sid = plan.services[0].id;
    let oid = plan.outcomes[0].id;
    let yesterday = ago(1);
    let attempts: Vec<(String, Vec<(&str, String)>)> = vec![
        (
            format!("/ifsps/{id}"),
            narrative("1", &yesterday, "Someone else")
                .iter()
                .map(|(k, v)| (*k, v.to_string()))
                .collect(),
        ),
        (
            format!("/ifsps/{id}/outcomes"),
            OUTCOME.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        ),
        (format!("/ifsps/{id}/outcomes/{oid}/delete"), vec![]),
        (format!("/ifsps/{id}/services"), service("home", "")),
        (format!("/ifsps/{id}/services/{sid}/delete"), vec![]),
        (
            format!("/ifsps/{id}/services/{sid}/consent"),
            vec![("given", "no".into()), ("consent_date", ago(0))],
        ),
        (
            format!("/ifsps/{id}/sign"),
            vec![("parent_name", "X".into())],
        ),
    ];
    for (path, fields) in &attempts {
        let res = post_owned(&sup, path, fields).await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{path}");
        assert!(res.text().await.unwrap().contains("This plan is signed"));
    }
    assert_eq!(
        app.audit_rows("ifsp.change_refused").await.len(),
        attempts.len()
    );
    let after = model::load(&app.db, id).await.unwrap().unwrap();
    assert_eq!(
        (
            after.ifsp.participants.as_str(),
            after.outcomes.len(),
            after.services.len()
        ),
        (plan.ifsp.participants.as_str(), 1, 1)
    );
    assert_eq!(after.services[0].consent_given, Some(true));
    let _ = noah;
}

#[tokio::test]
async fn an_amendment_copies_the_plan_supersedes_it_when_signed_and_the_change_is_shown() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let (noah, first) = signed_initial_plan(&app, &sup).await;
    let res = sup
        .post(
            &format!("/children/{}/ifsps", noah.id),
            &[("kind", "amendment")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let plans = plans_of(&app, noah.id).await;
    let draft = plans.last().unwrap();
    assert_eq!(
        (draft.kind, draft.status, draft.supersedes_id),
        (ifsp::Kind::Amendment, ifsp::Status::Draft, Some(first))
    );
    // A draft offers the outcome form the signed plan must not: the selector matches.
    let (_, html) = sup.page(&format!("/ifsps/{}", draft.id)).await;
    let button = format!("button[formaction='/ifsps/{}/outcomes']", draft.id);
    assert!(first_attr(&html, &button, "formaction").is_some());
    assert_eq!(
        ifsp_outcome::Entity::find()
            .filter(ifsp_outcome::Column::IfspId.eq(draft.id))
            .count(&app.db)
            .await
            .unwrap(),
        1,
        "outcomes copied"
    );
    let svc = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(draft.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        svc.consent_given,
        Some(true),
        "consent to an unchanged service carries over"
    );

    // The amendment adds OT in a clinic, justified, and the family declines it.
    let res = post_owned(
        &sup,
        &format!("/ifsps/{}/services", draft.id),
        &service("clinic", ""),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(texts(&html, "#f-justification-error")[0].contains("not a natural environment"));
    assert_eq!(
        first_attr(&html, "#f-location option[selected]", "value").as_deref(),
        Some("clinic"),
        "typed values kept"
    );
    assert_eq!(
        ifsp_service::Entity::find()
            .filter(ifsp_service::Column::IfspId.eq(draft.id))
            .count(&app.db)
            .await
            .unwrap(),
        1,
        "nothing saved"
    );
    let mut ot = service(
        "clinic",
        "Sensory-integration equipment needed for the feeding outcome is only at the clinic.",
    );
    ot[0].1 = "occupational_therapy".into();
    assert_eq!(
        post_owned(&sup, &format!("/ifsps/{}/services", draft.id), &ot)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let ot_id = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(draft.id))
        .order_by_desc(ifsp_service::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    // Signing is refused while a service has no consent decision.
    let today = ago(0);
    let sign = [
        ("parent_name", "Keisha Williams"),
        ("parent_signed_on", today.as_str()),
        ("parent_method", "remote"),
        ("coordinator_name", "James Chen"),
        ("coordinator_signed_on", today.as_str()),
    ];
    let (_, html) = sup.page(&format!("/ifsps/{}", draft.id)).await;
    let version = first_attr(&html, "input[name=version]", "value").unwrap();
    sup.post(
        &format!("/ifsps/{}", draft.id),
        &narrative(
            &version,
            &today,
            "Keisha Williams, James Chen, Tom Becker (OT)",
        ),
    )
    .await;
    let res = sup.post(&format!("/ifsps/{}/sign", draft.id), &sign).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        texts(&html, ".to-sign li")
            .iter()
            .any(|t| t == "Record the parent's consent decision for Occupational therapy."),
        "{:?}",
        texts(&html, ".to-sign li")
    );
    sup.post(
        &format!("/ifsps/{}/services/{ot_id}/consent", draft.id),
        &[("given", "no"), ("consent_date", &today)],
    )
    .await;
    assert_eq!(
        sup.post(&format!("/ifsps/{}/sign", draft.id), &sign)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    let plans = plans_of(&app, noah.id).await;
    assert_eq!(
        plans.iter().map(|p| p.status).collect::<Vec<_>>(),
        [ifsp::Status::Superseded, ifsp::Status::Signed]
    );
    let amended = model::load(&app.db, draft.id).await.unwrap().unwrap();
    assert_eq!(amended.services.len(), 2);
    assert_eq!(
        amended.active_services().len(),
        1,
        "a declined service is never active"
    );
    let (_, html) = sup.page(&format!("/ifsps/{}", draft.id)).await;
    assert!(
        html.contains("Not delivered"),
        "declined services stay visible"
    );

    let (status, html) = sup
        .page(&format!("/ifsps/{}/compare/{first}", draft.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    let rows = texts(&html, "tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("Who took part") && r.contains("Tom Becker (OT)")),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(
            |r| r.starts_with("Service added or changed") && r.contains("Occupational therapy")
        ),
        "{rows:?}"
    );
    assert!(
        !rows.iter().any(|r| r.starts_with("Outcome")),
        "outcomes unchanged"
    );
}

#[tokio::test]
async fn two_people_editing_one_draft_the_second_save_is_a_conflict_showing_both() {
    let app = TestApp::spawn().await;
    let noah = without_plans(&app, "Noah").await;
    let sup = app.signed_in(SUPERVISOR).await;
    let james = app.signed_in("coordinator2@riverbend.example").await;
    sup.post(&format!("/children/{}/ifsps", noah.id), &[]).await;
    let id = plans_of(&app, noah.id).await[0].id;
    let (_, a) = sup.page(&format!("/ifsps/{id}")).await;
    let (_, b) = james.page(&format!("/ifsps/{id}")).await;
    let v = first_attr(&a, "input[name=version]", "value").unwrap();
    assert_eq!(first_attr(&b, "input[name=version]", "value").unwrap(), v);
    let day = ago(0);
    assert_eq!(
        sup.post(
            &format!("/ifsps/{id}"),
            &narrative(&v, &day, "Grace's list")
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let res = james
        .post(
            &format!("/ifsps/{id}"),
            &narrative(&v, &day, "James's list"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(html.contains("Someone else saved this draft while you were editing"));
    assert!(
        texts(&html, "div.dup tbody tr")
            .iter()
            .any(|r| r.contains("Grace's list") && r.contains("James's list"))
    );
    assert_eq!(
        texts(&html, "#f-participants"),
        vec!["James's list"],
        "James's typing is kept"
    );
    assert_eq!(
        plans_of(&app, noah.id).await[0].participants,
        "Grace's list",
        "nothing overwritten"
    );
}

#[tokio::test]
async fn plans_follow_the_childs_caseload_rules_and_views_are_audited() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let (_, id) = signed_initial_plan(&app, &sup).await;
    let maria = app.signed_in(COORDINATOR).await; // Noah is James's
    assert_eq!(
        maria.get(&format!("/ifsps/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.signed_in(OTHER_ADMIN)
            .await
            .get(&format!("/ifsps/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let james = app.signed_in("coordinator2@riverbend.example").await;
    assert_eq!(
        james.get(&format!("/ifsps/{id}")).await.status(),
        StatusCode::OK
    );
    assert!(app.audit_rows("ifsp.viewed").await.len() >= 2);
}

#[tokio::test]
async fn signing_the_initial_plan_stops_the_45_day_clock_and_a_review_restarts_the_six_month_clock()
{
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let liam = child_named(&app, "Liam").await; // evaluating, 45-day clock overdue
    let ev = hearth::entities::evaluation::Entity::find()
        .filter(hearth::entities::evaluation::Column::ChildId.eq(liam.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    sup.post(
        &format!("/children/{}/evaluations/{}/decision", liam.id, ev.id),
        &[("decision", "eligible"), ("notice_sent_on", &ago(0))],
    )
    .await;
    let liam = child_named(&app, "Liam").await;
    sup.post(&format!("/children/{}/ifsps", liam.id), &[]).await;
    let draft = &plans_of(&app, liam.id).await[0];
    assert_eq!(draft.kind, ifsp::Kind::Initial);
    assert!(
        draft.present_communication.contains("33% delay"),
        "present levels prefilled from the evaluation"
    );
    app.exec(&format!("DELETE FROM ifsps WHERE id = {}", draft.id))
        .await;

    complete_and_sign(&app, &sup, &liam, &[], 200).await;
    let liam = child_named(&app, "Liam").await;
    assert_eq!(liam.initial_ifsp_on.map(|d| d.to_string()), Some(ago(200)));
    let (_, html) = sup.page(&format!("/children/{}", liam.id)).await;
    let due = texts(&html, "ul.due li");
    assert!(
        due.iter()
            .any(|d| d.contains("Six-month review") && d.contains("Overdue")),
        "{due:?}"
    );

    // The six-month review is held today: the next one is due six months on.
    complete_and_sign(&app, &sup, &liam, &[("kind", "review")], 0).await;
    let (_, html) = sup.page(&format!("/children/{}", liam.id)).await;
    let next = (today().checked_add_months(chrono::Months::new(6)).unwrap()).to_string();
    let review = texts(&html, "ul.due li")
        .into_iter()
        .find(|d| d.contains("Six-month review"))
        .unwrap();
    assert!(
        review.contains(&next) && review.contains("left"),
        "{review}"
    );
}

#[tokio::test]
async fn the_demo_has_signed_plans_with_outcomes_services_and_a_review() {
    let app = TestApp::spawn().await;
    let emma = child_named(&app, "Emma").await;
    let plans = plans_of(&app, emma.id).await;
    assert_eq!(
        plans.iter().map(|p| (p.kind, p.status)).collect::<Vec<_>>(),
        [
            (ifsp::Kind::Initial, ifsp::Status::Superseded),
            (ifsp::Kind::Review, ifsp::Status::Signed)
        ]
    );
    let review = model::load(&app.db, plans[1].id).await.unwrap().unwrap();
    assert_eq!(
        (
            review.outcomes.len(),
            review.active_services().len(),
            review.signatures.len()
        ),
        (3, 2, 2)
    );
}
