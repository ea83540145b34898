//! A note's draft through the API: only a token acting for the visit's provider writes it
//! (the note form's rule), over the version it read (409 otherwise), never signing it.
use crate::api_helpers::PROBLEM;
use crate::api_writes::send;
use crate::support::*;
use crate::visit_helpers::{outcome_origin, service_of, visit, visits_of_service};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Issues a token acting for `email` through the admin's page.
pub async fn issue_for(app: &TestApp, email: &str, role: &str, access: &str) -> String {
    let id = app.user_id(email).await.to_string();
    let admin = app.signed_in(ADMIN).await;
    let res = admin
        .post(
            "/settings/api-tokens",
            &[
                ("name", "Provider's tablet"),
                ("role", role),
                ("access", access),
                ("days", "7"),
                ("acts_for", &id),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    texts(&html, "#issued-token")
        .into_iter()
        .next()
        .expect("the token")
}

pub fn draft(date: &str, outcome: i32, version: i32, tried: &str) -> Value {
    json!({
        "version": version,
        "date": date, "start": "05:30", "end": "06:15",
        "method": "in_person", "location": "home",
        "participants": "Mother and child",
        "parent_report": "He said 'more' twice at breakfast.",
        "outcomes": [outcome],
        "routine": "mealtime",
        "tried": tried,
        "caregiver_did": "Mom waited five seconds before helping.",
        "child_response": "Signed more.",
        "joint_plan": "At breakfast, hold the cup and wait.",
        "mileage": "12.5",
    })
}

/// A visit of the provider two days ago, scheduled through the API by a supervisor's
/// token (returned): the visit, its date and an outcome of its plan.
pub async fn past_visit(app: &TestApp) -> (hearth::entities::visit::Model, String, i32, String) {
    let (s, plan) = service_of(app, PROVIDER).await;
    let outcome = outcome_origin(app, plan.id).await;
    let day = ago(2);
    let supervisor = crate::api_helpers::issue(app, "supervisor", "write").await;
    let (status, ..) = send(
        app,
        &supervisor,
        Method::POST,
        &format!("/api/v1/services/{}/visits", s.id),
        &json!({ "date": day, "time": "05:30", "minutes": 45 }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let v = visits_of_service(app, s.id)
        .await
        .into_iter()
        .find(|v| v.starts_at.date().to_string() == day)
        .expect("the visit just scheduled");
    (v, day, outcome, supervisor)
}

#[tokio::test]
async fn a_token_acting_for_the_provider_saves_the_draft_over_the_version_it_read() {
    let app = TestApp::spawn().await;
    let (v, day, outcome, supervisor) = past_visit(&app).await;
    let path = format!("/api/v1/visits/{}/note", v.id);
    let mine = issue_for(&app, PROVIDER, "provider", "write").await;

    // Not the provider: a supervisor's service token may read the visit, not write its note.
    let body = draft(&day, outcome, v.version, "Pausing with the cup in view.");
    let (status, ty, ..) = send(&app, &supervisor, Method::PUT, &path, &body).await;
    assert_eq!((status, ty.as_str()), (StatusCode::FORBIDDEN, PROBLEM));
    let read = issue_for(&app, PROVIDER, "provider", "read").await;
    let (status, ..) = send(&app, &read, Method::PUT, &path, &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(visit(&app, v.id).await.version, v.version);

    // The provider's own token saves it: a draft, at the next version, in their name.
    let (status, _, saved, _) = send(&app, &mine, Method::PUT, &path, &body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], v.version + 1);
    assert_eq!(saved["tried"], "Pausing with the cup in view.");
    assert_eq!(saved["signed_at"], Value::Null);
    let row = visit(&app, v.id).await;
    assert_eq!((row.version, row.signed_at), (v.version + 1, None));
    let audited = app.audit_rows("visit.saved").await;
    assert_eq!(
        audited.last().unwrap().user_id,
        Some(app.user_id(PROVIDER).await)
    );

    // Over the version it read before: 409, and the saved draft stays as it was.
    let stale = draft(&day, outcome, v.version, "Something else entirely.");
    let (status, ty, problem, _) = send(&app, &mine, Method::PUT, &path, &stale).await;
    assert_eq!((status, ty.as_str()), (StatusCode::CONFLICT, PROBLEM));
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("version {}", v.version + 1))
    );
    assert_eq!(
        visit(&app, v.id).await.tried,
        "Pausing with the cup in view."
    );

    // Refused fields are named; an unknown visit is 404.
    let mut bad = draft(&day, outcome, v.version + 1, "x");
    bad["start"] = json!("25:99");
    let (status, _, problem, _) = send(&app, &mine, Method::PUT, &path, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "start");
    let (status, ..) = send(&app, &mine, Method::PUT, "/api/v1/visits/999999/note", &bad).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_token_acts_only_for_an_active_member_with_its_role() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let slp = app.user_id(PROVIDER).await.to_string();
    let res = admin
        .post(
            "/settings/api-tokens",
            &[
                ("name", "x"),
                ("role", "admin"),
                ("access", "write"),
                ("days", "7"),
                ("acts_for", &slp),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let other = app.user_id(OTHER_ADMIN).await.to_string();
    let res = admin
        .post(
            "/settings/api-tokens",
            &[
                ("name", "x"),
                ("role", "admin"),
                ("access", "write"),
                ("days", "7"),
                ("acts_for", &other),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "not another program's admin"
    );

    // Once the member is deactivated, their token stops working.
    let token = issue_for(&app, PROVIDER, "provider", "read").await;
    let (status, _, _) = crate::api_helpers::call(&app, Some(&token), "/api/v1/children").await;
    assert_eq!(status, StatusCode::OK);
    app.exec(&format!("UPDATE users SET active = false WHERE id = {slp}"))
        .await;
    let (status, _, _) = crate::api_helpers::call(&app, Some(&token), "/api/v1/children").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_acting_for_a_provider_lists_the_children_they_serve() {
    let app = TestApp::spawn().await;
    let token = issue_for(&app, PROVIDER, "provider", "read").await;
    let (status, _, body) =
        crate::api_helpers::call(&app, Some(&token), "/api/v1/children?limit=200").await;
    assert_eq!(status, StatusCode::OK);
    let listed = crate::api_helpers::ids(&body);
    assert!(
        !listed.is_empty(),
        "the provider serves children on signed plans"
    );
    let mateo = child_named(&app, "Mateo").await;
    assert!(
        !listed.contains(&i64::from(mateo.id)),
        "a referral with no plan is no one's to serve"
    );
    for id in &listed {
        let (status, ..) =
            crate::api_helpers::call(&app, Some(&token), &format!("/api/v1/children/{id}")).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "each listed child reads as on the child page"
        );
    }
    let (status, ..) = crate::api_helpers::call(
        &app,
        Some(&token),
        &format!("/api/v1/children/{}", mateo.id),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
