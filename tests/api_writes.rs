//! Writes through the API go through the same commands and rules as the forms: a referral
//! is the intake form's, refused fields come back as a 422 listing each, a read-only token's
//! write is 403, and nothing is written by a refused call.
use crate::api_helpers::{PROBLEM, call, issue, issue_as};
use crate::support::*;
use hearth::entities::{child, referral};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

pub async fn send(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: &Value,
) -> (StatusCode, String, Value, Option<String>) {
    let res = reqwest::Client::new()
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let header = |n: &str| {
        res.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let ty = header("content-type").unwrap_or_default();
    let location = header("location");
    (
        status,
        ty,
        res.json().await.unwrap_or(Value::Null),
        location,
    )
}

pub fn referral() -> Value {
    json!({
        "first_name": "Rosa",
        "last_name": "Delgado",
        "date_of_birth": ago(400),
        "source": "physician",
        "source_name": "Valley Pediatrics",
        "concerns": "Not yet walking; few words.",
        "caregiver_name": "Ana Delgado",
        "relationship": "mother",
        "phone": "555-201-7788",
        "preferred_contact": "phone",
        "language": "es",
    })
}

async fn children(app: &TestApp) -> u64 {
    child::Entity::find().count(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_write_token_takes_a_referral_through_the_intake_rules() {
    let app = TestApp::spawn().await;
    let token = issue(&app, "coordinator", "write").await;
    let before = children(&app).await;

    let (status, _, body, location) =
        send(&app, &token, Method::POST, "/api/v1/referrals", &referral()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["first_name"], "Rosa");
    assert_eq!(body["status"], "referred");
    assert_eq!(body["coordinator_id"], Value::Null);
    let id = body["id"].as_i64().unwrap() as i32;
    assert_eq!(
        location.as_deref(),
        Some(format!("/api/v1/children/{id}").as_str())
    );
    assert_eq!(children(&app).await, before + 1);
    let kid = child::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let riverbend = child_named(&app, "Mateo").await.program_id;
    assert_eq!(kid.program_id, riverbend);
    let r = referral::Entity::find()
        .filter(referral::Column::ChildId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        r.created_by < 0,
        "received by the token's identity, not a person"
    );
    let audited = app.audit_rows("child.referred").await;
    assert_eq!(audited.len(), 1);
    assert_eq!(
        audited[0].entity_id.as_deref(),
        Some(id.to_string().as_str())
    );
    assert_eq!(audited[0].user_id, Some(r.created_by));

    // The same child again: a 409 naming the record, until the caller says it is new.
    let (status, ty, body, _) =
        send(&app, &token, Method::POST, "/api/v1/referrals", &referral()).await;
    assert_eq!((status, ty.as_str()), (StatusCode::CONFLICT, PROBLEM));
    assert!(body["detail"].as_str().unwrap().contains(&id.to_string()));
    assert_eq!(children(&app).await, before + 1);
    let mut again = referral();
    again["not_a_duplicate"] = json!(true);
    let (status, ..) = send(&app, &token, Method::POST, "/api/v1/referrals", &again).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(children(&app).await, before + 2);
}

#[tokio::test]
async fn refused_referrals_write_nothing_and_say_why() {
    let app = TestApp::spawn().await;
    let write = issue(&app, "supervisor", "write").await;
    let read = issue(&app, "supervisor", "read").await;
    let provider = issue(&app, "provider", "write").await;
    let before = children(&app).await;

    // A read-only token's write: 403.
    let (status, ty, body, _) =
        send(&app, &read, Method::POST, "/api/v1/referrals", &referral()).await;
    assert_eq!((status, ty.as_str()), (StatusCode::FORBIDDEN, PROBLEM));
    assert_eq!(body["detail"], "This token may only read.");
    // A role that takes no referrals: 403, audited as the pages do.
    let (status, ..) = send(
        &app,
        &provider,
        Method::POST,
        "/api/v1/referrals",
        &referral(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.audit_rows("access.denied").await.len(), 1);

    // Refused fields, each named.
    let mut bad = referral();
    bad["first_name"] = json!("");
    bad["date_of_birth"] = json!("2999-01-01");
    bad["source"] = json!("rumour");
    let (status, ty, body, _) = send(&app, &write, Method::POST, "/api/v1/referrals", &bad).await;
    assert_eq!(
        (status, ty.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, PROBLEM)
    );
    let mut fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["date_of_birth", "first_name", "source"]);

    // A coordinator who is not the program's; a body that is not the documented shape.
    let mut stranger = referral();
    stranger["coordinator_id"] = json!(999_999);
    let (status, _, body, _) =
        send(&app, &write, Method::POST, "/api/v1/referrals", &stranger).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "coordinator_id");
    let (status, _, body, _) = send(
        &app,
        &write,
        Method::POST,
        "/api/v1/referrals",
        &json!({"first_name": 5}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "body");
    assert_eq!(children(&app).await, before, "nothing was written");
}

#[tokio::test]
async fn a_referral_lands_in_the_tokens_program_only() {
    let app = TestApp::spawn().await;
    let lakeside = issue_as(&app, OTHER_ADMIN, "admin", "write").await;
    let riverbend = issue(&app, "admin", "read").await;
    let (status, _, body, _) = send(
        &app,
        &lakeside,
        Method::POST,
        "/api/v1/referrals",
        &referral(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = body["id"].as_i64().unwrap();
    let (status, ty, _) = call(&app, Some(&riverbend), &format!("/api/v1/children/{id}")).await;
    assert_eq!((status, ty.as_str()), (StatusCode::NOT_FOUND, PROBLEM));
    let (status, _, mine) = call(&app, Some(&lakeside), &format!("/api/v1/children/{id}")).await;
    assert_eq!(
        (status, mine["first_name"].as_str()),
        (StatusCode::OK, Some("Rosa"))
    );
}

/// A consented service with a provider on Noah's signed plan, and a free date for it.
pub async fn noahs_service(app: &TestApp) -> (hearth::entities::ifsp_service::Model, String) {
    use hearth::entities::{ifsp, ifsp_service};
    let noah = child_named(app, "Noah").await;
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(noah.id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(&app.db)
        .await
        .unwrap()
        .expect("Noah's signed plan");
    let s = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(plan.id))
        .filter(ifsp_service::Column::ConsentGiven.eq(true))
        .filter(ifsp_service::Column::ProviderId.is_not_null())
        .one(&app.db)
        .await
        .unwrap()
        .expect("a consented service with a provider");
    let day = s.start_date.max(today() + chrono::Duration::days(9));
    (s, day.to_string())
}

#[tokio::test]
async fn a_visit_is_scheduled_through_the_scheduling_rules() {
    let app = TestApp::spawn().await;
    let write = issue(&app, "supervisor", "write").await;
    let read = issue(&app, "supervisor", "read").await;
    let coordinator = issue(&app, "coordinator", "write").await;
    let lakeside = issue_as(&app, OTHER_ADMIN, "admin", "write").await;
    let (s, day) = noahs_service(&app).await;
    let path = format!("/api/v1/services/{}/visits", s.id);
    let visit = json!({ "date": day, "time": "06:15", "minutes": 45 });
    let count = || async {
        hearth::entities::visit::Entity::find()
            .filter(hearth::entities::visit::Column::ServiceId.eq(s.id))
            .count(&app.db)
            .await
            .unwrap()
    };
    let before = count().await;

    // Refused: read-only (403), another program (404), a coordinator token that has no
    // caseload (404, as the page answers), a date before the service or a bad time (422).
    let (status, ty, ..) = send(&app, &read, Method::POST, &path, &visit).await;
    assert_eq!((status, ty.as_str()), (StatusCode::FORBIDDEN, PROBLEM));
    let (status, ty, ..) = send(&app, &lakeside, Method::POST, &path, &visit).await;
    assert_eq!((status, ty.as_str()), (StatusCode::NOT_FOUND, PROBLEM));
    let (status, ..) = send(&app, &coordinator, Method::POST, &path, &visit).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let early = json!({ "date": "2001-01-01", "time": "9 o'clock" });
    let (status, _, body, _) = send(&app, &write, Method::POST, &path, &early).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["date", "time"]);
    assert_eq!(count().await, before);

    let (status, _, body, _) = send(&app, &write, Method::POST, &path, &visit).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["scheduled"], 1);
    assert_eq!(count().await, before + 1);
    let scheduled = app.audit_rows("visit.scheduled").await;
    assert!(scheduled.last().unwrap().user_id.unwrap() < 0);

    // The provider has that visit now: the same time again overlaps.
    let (status, _, body, _) = send(&app, &write, Method::POST, &path, &visit).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "time");
    assert_eq!(count().await, before + 1);
}

#[tokio::test]
async fn changes_since_a_cursor_name_each_change_once_for_admin_tokens_of_the_program() {
    let app = TestApp::spawn().await;
    let admin = issue(&app, "admin", "read").await;
    let write = issue(&app, "coordinator", "write").await;
    let supervisor = issue(&app, "supervisor", "read").await;
    let lakeside = issue_as(&app, OTHER_ADMIN, "admin", "read").await;

    // Only a role that reads the audit log reads its changes.
    let (status, ty, _) = call(&app, Some(&supervisor), "/api/v1/changes").await;
    assert_eq!((status, ty.as_str()), (StatusCode::FORBIDDEN, PROBLEM));

    // Read to the end, then a referral is the one change after it.
    let mut cursor = String::new();
    loop {
        let (status, _, page) = call(
            &app,
            Some(&admin),
            &format!("/api/v1/changes?limit=200&cursor={cursor}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let n = page["items"].as_array().unwrap().len();
        if let Some(next) = page["next"].as_str() {
            cursor = next.to_owned();
        }
        if n < 200 {
            break;
        }
    }
    let (status, _, body, _) =
        send(&app, &write, Method::POST, "/api/v1/referrals", &referral()).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = body["id"].as_i64().unwrap().to_string();
    let (_, _, page) = call(
        &app,
        Some(&admin),
        &format!("/api/v1/changes?cursor={cursor}"),
    )
    .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["action"], "child.referred");
    assert_eq!(items[0]["entity_type"], "child");
    assert_eq!(items[0]["entity_id"], id.as_str());
    // Asking again from there: nothing new, and the same place to ask from.
    let next = page["next"].as_str().unwrap().to_owned();
    let (_, _, again) = call(
        &app,
        Some(&admin),
        &format!("/api/v1/changes?cursor={next}"),
    )
    .await;
    assert_eq!(again["items"].as_array().unwrap().len(), 0);
    assert_eq!(again["next"].as_str(), Some(next.as_str()));

    // Another program's admin sees none of it.
    let (_, _, theirs) = call(&app, Some(&lakeside), "/api/v1/changes?limit=200").await;
    assert!(!theirs.to_string().contains("child.referred"), "{theirs}");
}
