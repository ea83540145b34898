//! The OpenAPI document the API serves: valid OpenAPI 3.1 (parsed with `oas3`), every
//! operation with its answers and every `$ref` resolving, exactly the operations written
//! out below, each answering as documented; and the documentation page, which needs no
//! internet.
use crate::api_helpers::{PROBLEM, call, ids, issue, issue_as};
use crate::api_writes::{referral, send};
use crate::support::*;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

/// Every operation of the API, by hand: a route added to the code and the document shows
/// up here as a difference, so it gets a check below.
const OPERATIONS: &[(&str, &str)] = &[
    ("GET", "/api/v1/activities"),
    ("GET", "/api/v1/changes"),
    ("GET", "/api/v1/children"),
    ("GET", "/api/v1/children/{id}"),
    ("GET", "/api/v1/children/{id}/plans"),
    ("GET", "/api/v1/children/{id}/visits"),
    ("GET", "/api/v1/docs"),
    ("GET", "/api/v1/fhir/Task/{id}"),
    ("GET", "/api/v1/openapi.json"),
    ("POST", "/api/v1/fhir/ServiceRequest"),
    ("POST", "/api/v1/referrals"),
    ("POST", "/api/v1/services/{id}/visits"),
    ("PUT", "/api/v1/visits/{id}/note"),
];

async fn document(app: &TestApp) -> (String, Value) {
    let res = reqwest::get(format!("{}/api/v1/openapi.json", app.base))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/json");
    let text = res.text().await.unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    (text, json)
}

fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_served_document_is_openapi_3_1_with_every_answer_and_reference() {
    let app = TestApp::spawn().await;
    let (text, json) = document(&app).await;
    let spec = oas3::from_json(&text).expect("oas3 reads the document");
    let version = spec.validate_version().expect("an OpenAPI 3.1 document");
    assert_eq!((version.major, version.minor), (3, 1));

    let mut found = BTreeSet::new();
    for (path, method, op) in spec.operations() {
        found.insert((method.to_string(), path.clone()));
        let responses = op.responses.as_ref().expect("responses");
        assert!(!responses.is_empty(), "{method} {path} has no responses");
        for (status, r) in responses {
            let r = r.resolve(&spec).expect("a response resolves");
            for (ty, media) in &r.content {
                if let Some(schema) = &media.schema {
                    schema
                        .resolve(&spec)
                        .unwrap_or_else(|e| panic!("{method} {path} {status} {ty}: {e}"));
                }
            }
        }
        // Whatever needs a token says what happens without one.
        if !op.security.is_empty() {
            assert!(responses.contains_key("401"), "{method} {path}: no 401");
        }
    }
    let expected: BTreeSet<(String, String)> = OPERATIONS
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(found, expected);

    let mut all = Vec::new();
    refs(&json, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let pointer = r.strip_prefix('#').expect("a local reference");
        assert!(json.pointer(pointer).is_some(), "{r} does not resolve");
    }
    assert!(json["components"]["securitySchemes"]["token"].is_object());
}

#[tokio::test]
async fn every_documented_route_answers_as_documented() {
    let app = TestApp::spawn().await;
    let (_, doc) = document(&app).await;
    let token = issue(&app, "supervisor", "read").await;
    let lakeside = issue_as(&app, OTHER_ADMIN, "admin", "read").await;
    let noah = child_named(&app, "Noah").await;

    for (method, template) in OPERATIONS {
        let op = &doc["paths"][template][method.to_lowercase()];
        let documented: Vec<&str> = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let path = template.replace("{id}", &noah.id.to_string());
        if *template == "/api/v1/changes" {
            let admin = issue(&app, "admin", "read").await;
            let (status, ty, body) = call(&app, Some(&admin), template).await;
            assert_eq!((status, ty.as_str()), (StatusCode::OK, "application/json"));
            assert!(body.get("next").is_some());
            assert_eq!(
                call(&app, Some(&token), template).await.0,
                StatusCode::FORBIDDEN
            );
            assert_eq!(call(&app, None, template).await.0, StatusCode::UNAUTHORIZED);
            for s in ["200", "401", "403", "422"] {
                assert!(documented.contains(&s), "{template}: {s}");
            }
            continue;
        }
        if *template == "/api/v1/visits/{id}/note" {
            let (v, day, outcome, supervisor) = crate::api_notes::past_visit(&app).await;
            let path = template.replace("{id}", &v.id.to_string());
            let mine = crate::api_notes::issue_for(&app, PROVIDER, "provider", "write").await;
            let body = crate::api_notes::draft(&day, outcome, v.version, "Waiting.");
            let put = reqwest::Method::PUT;
            let (status, ty, ..) = send(&app, &mine, put.clone(), &path, &body).await;
            assert_eq!((status, ty.as_str()), (StatusCode::OK, "application/json"));
            let (status, ..) = send(&app, &mine, put.clone(), &path, &body).await;
            assert_eq!(status, StatusCode::CONFLICT, "the version read is gone");
            let (status, ..) = send(&app, &supervisor, put.clone(), &path, &body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "not the visit's provider");
            let other = issue_as(&app, OTHER_ADMIN, "admin", "write").await;
            let (status, ..) = send(&app, &other, put.clone(), &path, &body).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (status, ..) = send(&app, "junk", put, &path, &body).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            for s in ["200", "401", "403", "404", "409", "422"] {
                assert!(documented.contains(&s), "{template}: {s}");
            }
            continue;
        }
        if *template == "/api/v1/services/{id}/visits" {
            let (service, day) = crate::api_writes::noahs_service(&app).await;
            let path = template.replace("{id}", &service.id.to_string());
            let write = issue(&app, "supervisor", "write").await;
            let body = serde_json::json!({ "date": day, "time": "06:40" });
            let post = reqwest::Method::POST;
            let (status, ty, ..) = send(&app, &write, post.clone(), &path, &body).await;
            assert_eq!(
                (status, ty.as_str()),
                (StatusCode::CREATED, "application/json")
            );
            let (status, ..) = send(&app, &write, post.clone(), &path, &body).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "the same time overlaps"
            );
            let (status, ..) = send(&app, &token, post.clone(), &path, &body).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            let other = issue_as(&app, OTHER_ADMIN, "admin", "write").await;
            let (status, ..) = send(&app, &other, post.clone(), &path, &body).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (status, ..) = send(&app, "junk", post, &path, &body).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            for s in ["201", "401", "403", "404", "409", "422"] {
                assert!(documented.contains(&s), "{template}: {s}");
            }
            continue;
        }
        if template.starts_with("/api/v1/fhir/") {
            crate::api_fhir::answers_as_documented(&app, method, &documented).await;
            continue;
        }
        if *method == "POST" {
            assert_eq!(
                *template, "/api/v1/referrals",
                "a check for {method} {template} is missing"
            );
            let write = issue(&app, "supervisor", "write").await;
            let (status, ty, _, _) =
                send(&app, &write, reqwest::Method::POST, &path, &referral()).await;
            assert_eq!(
                (status, ty.as_str()),
                (StatusCode::CREATED, "application/json")
            );
            // The same again is a documented 409; a read token's write a documented 403.
            let (status, ..) = send(&app, &write, reqwest::Method::POST, &path, &referral()).await;
            assert_eq!(status, StatusCode::CONFLICT);
            let (status, ty, ..) =
                send(&app, &token, reqwest::Method::POST, &path, &referral()).await;
            assert_eq!((status, ty.as_str()), (StatusCode::FORBIDDEN, PROBLEM));
            let (status, ..) = send(&app, "junk", reqwest::Method::POST, &path, &referral()).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            for s in ["201", "401", "403", "409", "422"] {
                assert!(documented.contains(&s), "{template}: {s}");
            }
            continue;
        }
        assert_eq!(*method, "GET", "a check for {method} {template} is missing");
        let (status, ty, body) = call(&app, Some(&token), &path).await;
        assert_eq!(status, StatusCode::OK, "{template}");
        assert!(documented.contains(&"200"), "{template}");
        let needs_token = op.get("security").is_some();
        if !needs_token {
            continue;
        }
        assert!(ty.starts_with("application/json"), "{template}: {ty}");
        // Without a token: 401, as documented, as a problem.
        let (status, ty, problem) = call(&app, None, &path).await;
        assert_eq!(
            (status, ty.as_str()),
            (StatusCode::UNAUTHORIZED, PROBLEM),
            "{template}"
        );
        assert_eq!(problem["status"], 401);
        // Another program's token gets nothing: 404 for a child, empty lists.
        let (status, _, theirs) = call(&app, Some(&lakeside), &path).await;
        if template.contains("{id}") {
            assert_eq!(status, StatusCode::NOT_FOUND, "{template}");
            assert!(documented.contains(&"404"), "{template}");
        } else if template.ends_with("/children") {
            assert_eq!(
                (status, ids(&theirs)),
                (StatusCode::OK, vec![]),
                "{template}"
            );
        } else {
            // The activity library: Hearth's starter activities, shared by every program.
            assert_eq!(status, StatusCode::OK, "{template}");
            assert!(
                theirs["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|a| a["starter"] == true)
            );
        }
        // Lists answer with a `next` (null on the last page).
        if body.get("items").is_some() && template != &"/api/v1/children/{id}/plans" {
            assert!(body.get("next").is_some(), "{template}");
        }
    }
}

#[tokio::test]
async fn the_documentation_page_lists_every_operation_and_needs_no_other_site() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(format!("{}/api/v1/docs", app.base))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    for (method, path) in OPERATIONS {
        assert!(
            html.contains(&format!("{method} {path}")),
            "{method} {path}"
        );
    }
    for schema in ["Child", "ChildList", "Plan", "Visit", "Problem", "Activity"] {
        assert!(
            html.contains(&format!("id=\"schema-{schema}\"")),
            "{schema}"
        );
    }
    assert!(!html.contains("<script"), "no script");
    for attr in ["src", "href"] {
        for v in scraper_attrs(&html, attr) {
            assert!(!v.starts_with("http"), "a link to another site: {v}");
        }
    }
}

fn scraper_attrs(html: &str, attr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(&format!("[{attr}]")).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}
