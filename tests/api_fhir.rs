//! Referral intake from health care: a FHIR R4 ServiceRequest (BSeR shape) creates one
//! referral and answers with a Task to poll; malformed ones get an OperationOutcome naming
//! each problem and create nothing.
use crate::api_helpers::*;
use crate::db_fingerprint::{fingerprint, fingerprinter};
use crate::support::*;
use hearth::entities::{Choice, caregiver, child, referral};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

mod malformed;

pub const FHIR: &str = "application/fhir+json";
pub const PATH: &str = "/api/v1/fhir/ServiceRequest";

/// Posts `body` as FHIR JSON; returns the status, content type, body and Location.
pub async fn post(
    app: &TestApp,
    token: Option<&str>,
    body: &str,
) -> (StatusCode, String, Value, Option<String>) {
    let mut req = reqwest::Client::new()
        .post(format!("{}{PATH}", app.base))
        .header("content-type", FHIR)
        .body(body.to_owned());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let h = |n: &str| {
        res.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (ty, location) = (h("content-type").unwrap_or_default(), h("location"));
    let status = res.status();
    let v = res.json::<Value>().await.unwrap_or(Value::Null);
    (status, ty, v, location)
}

/// A referral from a pediatric practice, as a BSeR-style Bundle written by hand: Lucia
/// Mendoza, born 1 March 2026, her mother Carmen (Spanish), Dr. Maya Hale.
pub fn bundle() -> Value {
    json!({
      "resourceType": "Bundle",
      "type": "message",
      "entry": [
        { "fullUrl": "urn:uuid:sr-1", "resource": {
            "resourceType": "ServiceRequest", "id": "sr-1", "status": "active", "intent": "order",
            "subject": { "reference": "urn:uuid:pat-1" },
            "requester": { "reference": "Practitioner/prac-1" },
            "reasonCode": [ { "text": "Not yet rolling over at 9 months." } ],
            "note": [ { "text": "Mother is worried about feeding too." } ],
            "authoredOn": "2026-11-30T10:15:00-05:00" } },
        { "fullUrl": "urn:uuid:pat-1", "resource": {
            "resourceType": "Patient", "id": "pat-1",
            "name": [ { "family": "Mendoza", "given": ["Lucia", "Maria"] } ],
            "gender": "female", "birthDate": "2026-03-01",
            "address": [ { "line": ["12 Birch Lane", "Apt 3"], "city": "Millbrook",
                           "district": "Ash", "postalCode": "16002" } ],
            "communication": [ { "language": { "coding": [ { "code": "es-US" } ] } } ] } },
        { "fullUrl": "https://ehr.example/Practitioner/prac-1", "resource": {
            "resourceType": "Practitioner", "id": "prac-1",
            "name": [ { "prefix": ["Dr."], "given": ["Maya"], "family": "Hale" } ] } },
        { "resource": {
            "resourceType": "RelatedPerson", "id": "rp-1",
            "patient": { "reference": "urn:uuid:pat-1" },
            "relationship": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "code": "MTH" } ] } ],
            "name": [ { "given": ["Carmen"], "family": "Mendoza" } ],
            "telecom": [ { "system": "phone", "value": "(555) 010-7788" } ] } }
      ]
    })
}

/// For the OpenAPI test: each documented answer of the two FHIR operations, seen.
pub async fn answers_as_documented(app: &TestApp, method: &str, documented: &[&str]) {
    let write = issue(app, "supervisor", "write").await;
    // A child of its own for each operation, so that neither is the other's duplicate.
    let mut b = bundle();
    b["entry"][1]["resource"]["name"][0]["given"] = json!([method]);
    let (status, _, task, _) = post(app, Some(&write), &b.to_string()).await;
    let mut seen = vec![status];
    if method == "POST" {
        seen.push(post(app, Some(&write), &b.to_string()).await.0);
        seen.push(post(app, Some(&write), "{}").await.0);
        seen.push(post(app, Some(&write), "[").await.0);
        let read = issue(app, "supervisor", "read").await;
        seen.push(post(app, Some(&read), "{}").await.0);
        seen.push(post(app, None, "{}").await.0);
    } else {
        let path = format!("/api/v1/fhir/Task/{}", task["id"].as_str().unwrap());
        seen = vec![call(app, Some(&write), &path).await.0];
        seen.push(call(app, None, &path).await.0);
        seen.push(call(app, Some(&write), "/api/v1/fhir/Task/0").await.0);
    }
    let seen: Vec<String> = seen.iter().map(|s| s.as_u16().to_string()).collect();
    let want: &[&str] = if method == "POST" {
        &["201", "409", "422", "400", "403", "401"]
    } else {
        &["200", "401", "404"]
    };
    assert_eq!(seen, want, "{method}");
    for s in want {
        assert!(documented.contains(s), "{method}: {s}");
    }
}

async fn children(app: &TestApp) -> usize {
    child::Entity::find().all(&app.db).await.unwrap().len()
}

#[tokio::test]
async fn a_referral_bundle_creates_one_referral_and_a_task_to_poll() {
    let app = TestApp::spawn().await;
    let token = issue(&app, "supervisor", "write").await;
    let before = children(&app).await;
    let (status, ty, task, location) = post(&app, Some(&token), &bundle().to_string()).await;
    assert_eq!((status, ty.as_str()), (StatusCode::CREATED, FHIR), "{task}");
    assert_eq!(task["resourceType"], "Task");
    assert_eq!(task["status"], "received");
    assert_eq!(task["businessStatus"]["text"], "In the program's intake");
    let id = task["id"].as_str().unwrap().to_owned();
    assert_eq!(location.unwrap(), format!("/api/v1/fhir/Task/{id}"));
    assert_eq!(task["focus"]["reference"], format!("ServiceRequest/{id}"));
    assert_eq!(children(&app).await, before + 1);

    let r = referral::Entity::find_by_id(id.parse::<i32>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.received_on.to_string(), "2026-11-30");
    assert_eq!(r.source, referral::Source::Physician);
    assert_eq!(r.source_name, "Dr. Maya Hale");
    assert_eq!(
        r.concerns,
        "Not yet rolling over at 9 months.\nMother is worried about feeding too."
    );
    let kid = child::Entity::find_by_id(r.child_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (kid.first_name.as_str(), kid.last_name.as_str()),
        ("Lucia", "Mendoza")
    );
    assert_eq!(kid.date_of_birth.to_string(), "2026-03-01");
    assert_eq!(kid.sex, Some(child::Sex::Female));
    assert_eq!(kid.status, child::Status::Referred);
    let mother = caregiver::Entity::find()
        .filter(caregiver::Column::FamilyId.eq(kid.family_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mother.name, "Carmen Mendoza");
    assert_eq!(mother.relationship, caregiver::Relationship::Mother);
    assert_eq!(mother.phone.as_deref(), Some("(555) 010-7788"));
    assert_eq!(mother.language.as_str(), "es");
    assert_eq!(app.audit_rows("child.referred").await.len(), 1);

    // The referrer polls; the status follows the case, never its outcome.
    let task_path = format!("/api/v1/fhir/Task/{id}");
    let (status, ty, polled) = call(&app, Some(&token), &task_path).await;
    assert_eq!((status, ty.as_str()), (StatusCode::OK, FHIR));
    assert_eq!(polled["status"], "received");
    app.exec(&format!(
        "UPDATE children SET status = 'evaluating' WHERE id = {}",
        kid.id
    ))
    .await;
    let (_, _, polled) = call(&app, Some(&token), &task_path).await;
    assert_eq!(
        (&polled["status"], &polled["businessStatus"]["text"]),
        (&json!("in-progress"), &json!("Evaluation under way"))
    );
    app.exec(&format!(
        "UPDATE children SET status = 'not_eligible' WHERE id = {}",
        kid.id
    ))
    .await;
    let (_, _, polled) = call(&app, Some(&token), &task_path).await;
    assert_eq!(polled["status"], "completed");
    assert_eq!(polled["businessStatus"]["text"], "Intake finished");
    assert!(!polled.to_string().contains("eligible"), "{polled}");
    assert_eq!(app.audit_rows("referral.status_read").await.len(), 3);

    // Another token of the program, or another program's, is told nothing.
    let other = issue(&app, "supervisor", "read").await;
    let (status, ty, outcome) = call(&app, Some(&other), &task_path).await;
    assert_eq!((status, ty.as_str()), (StatusCode::NOT_FOUND, FHIR));
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert_eq!(outcome["issue"][0]["code"], "not-found");
    let lakeside = issue_as(&app, OTHER_ADMIN, "admin", "write").await;
    assert_eq!(
        call(&app, Some(&lakeside), &task_path).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, ..) = call(&app, Some(&token), "/api/v1/fhir/Task/abc").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The same referral again is a duplicate, not a second child.
    let (status, _, outcome, _) = post(&app, Some(&token), &bundle().to_string()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(outcome["issue"][0]["code"], "duplicate");
    assert_eq!(children(&app).await, before + 1);
}

#[tokio::test]
async fn a_service_request_with_contained_resources_is_taken_too() {
    let app = TestApp::spawn().await;
    let token = issue(&app, "supervisor", "write").await;
    let sr = json!({
        "resourceType": "ServiceRequest", "status": "active", "intent": "order",
        "contained": [
            { "resourceType": "Patient", "id": "p", "name": [ { "family": "Okafor", "given": ["Tobi"] } ],
              "birthDate": "2025-12-24", "gender": "male",
              "contact": [ { "name": { "text": "Ada Okafor" },
                             "relationship": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "N" } ] } ],
                             "telecom": [ { "system": "email", "value": "ada@example.org" } ] } ],
              "communication": [ { "language": { "text": "English" } } ] },
            { "resourceType": "Organization", "id": "o", "name": "Millbrook General NICU" }
        ],
        "subject": { "reference": "#p" },
        "requester": { "reference": "#o" },
        "performer": [ { "identifier": { "system": "urn:hearth:program", "value": "riverbend" } } ],
        "reasonCode": [ { "coding": [ { "display": "Born at 29 weeks" } ] } ],
        "authoredOn": "2026-11-28"
    });
    let (status, _, task, _) = post(&app, Some(&token), &sr.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let r = referral::Entity::find_by_id(task["id"].as_str().unwrap().parse::<i32>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.source, referral::Source::HospitalNicu);
    assert_eq!(r.source_name, "Millbrook General NICU");
    assert_eq!(r.concerns, "Born at 29 weeks");
    let ada = caregiver::Entity::find()
        .filter(caregiver::Column::Name.eq("Ada Okafor"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ada.email.as_deref(), Some("ada@example.org"));
    assert_eq!(ada.relationship, caregiver::Relationship::Other);
    assert_eq!(ada.language.as_str(), "en");
}

#[tokio::test]
async fn a_retry_with_the_same_identifier_gets_the_same_task_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let token = issue(&app, "supervisor", "write").await;
    let before = children(&app).await;
    let refs_before = referrals(&app).await;
    let mut b = bundle();
    b["entry"][0]["resource"]["identifier"] =
        json!([{ "system": "https://ehr.example/referrals", "value": "REF-2026-0042" }]);
    let (status, _, first, location) = post(&app, Some(&token), &b.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let id = first["id"].as_str().unwrap().to_owned();
    assert_eq!(
        location.as_deref(),
        Some(format!("/api/v1/fhir/Task/{id}").as_str())
    );

    // The same request again (the answer was lost): the same Task, 200, nothing new.
    let (status, ty, again, location) = post(&app, Some(&token), &b.to_string()).await;
    assert_eq!((status, ty.as_str()), (StatusCode::OK, FHIR), "{again}");
    assert_eq!(again["resourceType"], "Task");
    assert_eq!(again["id"], json!(id));
    assert_eq!(
        location.as_deref(),
        Some(format!("/api/v1/fhir/Task/{id}").as_str())
    );
    assert_eq!(children(&app).await, before + 1);
    assert_eq!(referrals(&app).await, refs_before + 1);
    assert_eq!(app.audit_rows("child.referred").await.len(), 1);
    assert_eq!(app.audit_rows("referral.retry_answered").await.len(), 1);

    // A different identifier for the same child is a new referral: still a duplicate.
    b["entry"][0]["resource"]["identifier"] =
        json!([{ "system": "https://ehr.example/referrals", "value": "REF-2026-0043" }]);
    let (status, _, outcome, _) = post(&app, Some(&token), &b.to_string()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{outcome}");
    assert_eq!(outcome["issue"][0]["code"], "duplicate");

    // The first identifier from another token is that sender's, not a retry of this one.
    let other = issue(&app, "supervisor", "write").await;
    b["entry"][0]["resource"]["identifier"] =
        json!([{ "system": "https://ehr.example/referrals", "value": "REF-2026-0042" }]);
    let (status, ..) = post(&app, Some(&other), &b.to_string()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(children(&app).await, before + 1);
    assert_eq!(app.audit_rows("child.referred").await.len(), 1);
}

async fn referrals(app: &TestApp) -> usize {
    referral::Entity::find().all(&app.db).await.unwrap().len()
}
