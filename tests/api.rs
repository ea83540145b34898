//! The JSON API and its tokens: an admin issues a token (shown once, stored hashed,
//! audited), revokes it; a token reads its program's children as its role would, and nothing
//! of another program; errors are problem details.
use crate::api_helpers::{PROBLEM, call, ids, issue, issue_as};
use crate::support::*;
use hearth::entities::api_token;
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::Value;

#[tokio::test]
async fn an_admin_issues_a_token_that_is_shown_once_and_stored_only_hashed() {
    let app = TestApp::spawn().await;
    let token = issue(&app, "supervisor", "read").await;
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");

    let rows = api_token::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.name, "State data system");
    assert_eq!(row.role, hearth::entities::user::Role::Supervisor);
    assert_eq!(row.access, api_token::Access::Read);
    assert_eq!(row.id_hash.len(), 64);
    assert!(!token.contains(&row.id_hash), "only the id's hash is kept");
    assert_eq!(row.last_used_at, None);
    let issued = app.audit_rows("api_token.issued").await;
    assert_eq!(issued.len(), 1);
    assert!(issued[0].detail.contains("\"role\":\"supervisor\""));

    // The list shows it, never the token again; using it shows when.
    let admin = app.signed_in(ADMIN).await;
    let (status, html) = admin.page("/settings/api-tokens").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("State data system"));
    assert!(!html.contains(&token));
    assert_eq!(texts(&html, ".last-used"), ["never"]);
    let (status, _, _) = call(&app, Some(&token), "/api/v1/children").await;
    assert_eq!(status, StatusCode::OK);
    let (_, html) = admin.page("/settings/api-tokens").await;
    assert_ne!(texts(&html, ".last-used"), ["never"]);

    // Only admins reach the page, and a form without the CSRF token changes nothing.
    let coordinator = app.signed_in(COORDINATOR).await;
    assert_eq!(
        coordinator.get("/settings/api-tokens").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = admin
        .client
        .post(admin.url("/settings/api-tokens"))
        .form(&[
            ("name", "x"),
            ("role", "admin"),
            ("access", "write"),
            ("days", "5"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        api_token::Entity::find().all(&app.db).await.unwrap().len(),
        1
    );

    // A refused form names its fields.
    let res = admin
        .post(
            "/settings/api-tokens",
            &[
                ("name", ""),
                ("role", "janitor"),
                ("access", "read"),
                ("days", "400"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_revoked_or_expired_or_foreign_token_is_refused_with_401() {
    let app = TestApp::spawn().await;
    let token = issue(&app, "admin", "read").await;
    assert_eq!(
        call(&app, Some(&token), "/api/v1/children").await.0,
        StatusCode::OK
    );

    // No token, a bad one, a staff session's token: 401 problems.
    let (status, ty, body) = call(&app, None, "/api/v1/children").await;
    assert_eq!((status, ty.as_str()), (StatusCode::UNAUTHORIZED, PROBLEM));
    assert_eq!(body["status"], 401);
    assert_eq!(body["title"], "Unauthorized");
    assert_eq!(body["type"], "about:blank");
    assert_eq!(
        call(&app, Some("nonsense"), "/api/v1/children").await.0,
        StatusCode::UNAUTHORIZED
    );
    let staff = app.signed_in(ADMIN).await;
    let session = staff.cookie("hearth_session").expect("a session over http");
    assert_eq!(
        call(&app, Some(&session), "/api/v1/children").await.0,
        StatusCode::UNAUTHORIZED
    );

    // Another program's admin cannot revoke it.
    let other = app.signed_in(OTHER_ADMIN).await;
    let id = api_token::Entity::find().all(&app.db).await.unwrap()[0].id;
    let res = other
        .post(&format!("/settings/api-tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        call(&app, Some(&token), "/api/v1/children").await.0,
        StatusCode::OK
    );

    // Revoked: refused at once, and audited.
    let res = staff
        .post(&format!("/settings/api-tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_rows("api_token.revoked").await.len(), 1);
    let (status, ty, _) = call(&app, Some(&token), "/api/v1/children").await;
    assert_eq!((status, ty.as_str()), (StatusCode::UNAUTHORIZED, PROBLEM));

    // Expired: a live token whose row has passed its expiry.
    let second = issue(&app, "admin", "read").await;
    assert_eq!(
        call(&app, Some(&second), "/api/v1/children").await.0,
        StatusCode::OK
    );
    app.exec(
        "UPDATE api_tokens SET expires_at = '2020-01-01 00:00:00+00:00' WHERE revoked_at IS NULL",
    )
    .await;
    assert_eq!(
        call(&app, Some(&second), "/api/v1/children").await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_token_reads_its_programs_children_as_its_role_and_nothing_of_another() {
    let app = TestApp::spawn().await;
    let supervisor = issue(&app, "supervisor", "read").await;
    let coordinator = issue(&app, "coordinator", "read").await;
    let provider = issue(&app, "provider", "read").await;
    let lakeside = issue_as(&app, OTHER_ADMIN, "admin", "write").await;

    let (status, ty, body) = call(&app, Some(&supervisor), "/api/v1/children?limit=200").await;
    assert_eq!((status, ty.as_str()), (StatusCode::OK, "application/json"));
    assert_eq!(ids(&body).len(), 11, "every Riverbend child");
    assert_eq!(body["next"], Value::Null);
    let mateo = child_named(&app, "Mateo").await;
    let (status, _, one) = call(
        &app,
        Some(&supervisor),
        &format!("/api/v1/children/{}", mateo.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["first_name"], "Mateo");
    assert_eq!(one["date_of_birth"], mateo.date_of_birth.to_string());

    // Another program's token: an empty list, and 404 for the child, never its data.
    let (status, _, body) = call(&app, Some(&lakeside), "/api/v1/children").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&body), Vec::<i64>::new());
    for path in ["", "/plans", "/visits"] {
        let (status, ty, body) = call(
            &app,
            Some(&lakeside),
            &format!("/api/v1/children/{}{path}", mateo.id),
        )
        .await;
        assert_eq!(
            (status, ty.as_str()),
            (StatusCode::NOT_FOUND, PROBLEM),
            "{path}"
        );
        assert!(!body.to_string().contains("Mateo"));
    }

    // A coordinator token has no caseload of its own: nothing, until coordinators read
    // every record; a provider token serves no child.
    assert_eq!(
        ids(&call(&app, Some(&coordinator), "/api/v1/children").await.2),
        Vec::<i64>::new()
    );
    assert_eq!(
        call(
            &app,
            Some(&coordinator),
            &format!("/api/v1/children/{}", mateo.id)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let rules = hearth::program::rules::ProgramRules {
        team_visibility: true,
        ..Default::default()
    };
    app.exec(&format!(
        "UPDATE programs SET rules = '{}' WHERE slug = 'riverbend'",
        rules.to_json()
    ))
    .await;
    assert_eq!(
        ids(
            &call(&app, Some(&coordinator), "/api/v1/children?limit=200")
                .await
                .2
        )
        .len(),
        11
    );
    assert_eq!(
        ids(&call(&app, Some(&provider), "/api/v1/children").await.2),
        Vec::<i64>::new()
    );
    assert_eq!(
        call(
            &app,
            Some(&provider),
            &format!("/api/v1/children/{}", mateo.id)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let denied = app.audit_rows("access.denied").await;
    assert!(
        denied.len() >= 5,
        "each refusal is audited: {}",
        denied.len()
    );
}

#[tokio::test]
async fn lists_page_by_cursor_and_every_call_is_one_audit_row() {
    let app = TestApp::spawn().await;
    let token = issue(&app, "admin", "read").await;
    let (_, _, first) = call(&app, Some(&token), "/api/v1/children?limit=4").await;
    assert_eq!(ids(&first).len(), 4);
    let next = first["next"].as_str().expect("more to read").to_owned();
    let (_, _, second) = call(
        &app,
        Some(&token),
        &format!("/api/v1/children?limit=4&cursor={next}"),
    )
    .await;
    let (_, _, third) = call(
        &app,
        Some(&token),
        &format!(
            "/api/v1/children?limit=4&cursor={}",
            second["next"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(ids(&second).len(), 4);
    assert_eq!(ids(&third).len(), 3);
    assert_eq!(third["next"], Value::Null);
    let mut all = [ids(&first), ids(&second), ids(&third)].concat();
    let n = all.len();
    all.dedup();
    assert_eq!(all.len(), n, "no child twice");
    assert!(all.windows(2).all(|w| w[0] < w[1]));

    // One audit row per call, naming the children it gave.
    let listed = app.audit_rows("children.listed").await;
    assert_eq!(listed.len(), 3);
    let shown: Value = serde_json::from_str(&listed[2].detail).unwrap();
    assert_eq!(shown["children"].as_array().unwrap().len(), 3);
    assert!(
        listed[0].user_id.unwrap() < 0,
        "the token's identity, not a person"
    );

    // A bad cursor or limit: 422 naming the field.
    for (query, field) in [
        ("cursor=abc", "cursor"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
    ] {
        let (status, ty, body) =
            call(&app, Some(&token), &format!("/api/v1/children?{query}")).await;
        assert_eq!(
            (status, ty.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, PROBLEM),
            "{query}"
        );
        assert_eq!(body["errors"][0]["field"], field);
    }
}

#[tokio::test]
async fn a_childs_plans_visits_and_the_library_read_as_documented() {
    let app = TestApp::spawn().await;
    let token = issue(&app, "supervisor", "read").await;
    // Noah has a signed plan and visits in the demo.
    let ava = child_named(&app, "Noah").await;
    let (status, _, plans) = call(
        &app,
        Some(&token),
        &format!("/api/v1/children/{}/plans", ava.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let items = plans["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{plans}");
    assert!(items.iter().any(|p| p["status"] == "signed"));
    assert!(
        items
            .iter()
            .any(|p| !p["outcomes"].as_array().unwrap().is_empty())
    );
    assert!(
        items
            .iter()
            .any(|p| !p["services"].as_array().unwrap().is_empty())
    );
    assert_eq!(app.audit_rows("plans.viewed").await.len(), 1);

    let (status, _, visits) = call(
        &app,
        Some(&token),
        &format!("/api/v1/children/{}/visits?limit=1", ava.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&visits).len(), 1);
    assert_eq!(visits["items"][0]["child_id"], ava.id);
    assert_eq!(app.audit_rows("visits.viewed").await.len(), 1);

    let (status, _, lib) = call(&app, Some(&token), "/api/v1/activities?limit=200").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&lib).len(), 60, "the starter library");
    assert_eq!(
        lib["items"][0]["texts"].as_array().unwrap().len(),
        2,
        "English and Spanish"
    );
    assert_eq!(app.audit_rows("activities.listed").await.len(), 1);

    // An unknown path under the API is a 404 problem too.
    let (status, ty, _) = call(&app, Some(&token), "/api/v1/nothing-here").await;
    assert_eq!((status, ty.as_str()), (StatusCode::NOT_FOUND, PROBLEM));
}
