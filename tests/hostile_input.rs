//! Issue 18, holes found: text the database cannot hold (NUL and other control characters,
//! text over a field's limit), sign-in's `next`, and form bodies that cannot be read. Every
//! refusal is the app's own page, and changes nothing.
use crate::support::*;
use crate::visit_helpers::{note, outcome_origin, post_note, schedule_once, service_of, visit};
use hearth::entities::{agency, child, evaluation};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn referral(first: &str) -> Vec<(&'static str, String)> {
    vec![
        ("first_name", first.to_owned()),
        ("last_name", "Okonkwo".into()),
        ("date_of_birth", ago(300)),
        ("received_on", ago(10)),
        ("source", "physician".into()),
        ("concerns", "Not yet babbling\r\nat 10 months".into()),
        ("caregiver_name", "Ngozi Okonkwo".into()),
        ("relationship", "mother".into()),
        ("phone", "555-222-1234".into()),
        ("preferred_contact", "text".into()),
        ("language", "en".into()),
        ("county", "Riverbend".into()),
    ]
}

async fn post(b: &Browser, path: &str, fields: &[(&'static str, String)]) -> reqwest::Response {
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &f).await
}

/// The app's own page (the document shell), never axum's plain text.
fn is_app_page(html: &str) -> bool {
    html.starts_with("<!DOCTYPE html>") && html.contains("class=\"site-header\"")
}

async fn children(app: &TestApp) -> u64 {
    child::Entity::find().count(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_nul_in_the_intake_form_is_refused_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let before = children(&app).await;
    let res = post(&coord, "/children", &referral("Chi\0di")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(is_app_page(&html), "{html}");
    assert!(
        html.contains("The field “first_name” contains a control character (U+0000)"),
        "{html}"
    );
    // An escape character in a paragraph is refused too; its line breaks are not the problem.
    let mut f = referral("Chidi");
    f[5].1 = "Not yet babbling\r\n\u{1b}[31m".into();
    let res = post(&coord, "/children", &f).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("“concerns”"));
    assert_eq!(children(&app).await, before, "no child was added");
    // The same form without them is taken.
    let res = post(&coord, "/children", &referral("Chidi")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(children(&app).await, before + 1);
}

#[tokio::test]
async fn evaluation_text_has_limits_and_no_nul() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    assert_eq!(
        post(&coord, "/children", &referral("Ada")).await.status(),
        StatusCode::SEE_OTHER
    );
    let kid = child_named(&app, "Ada").await;
    let path = format!("/children/{}/evaluations", kid.id);
    let count = || async {
        evaluation::Entity::find()
            .filter(evaluation::Column::ChildId.eq(kid.id))
            .count(&app.db)
            .await
            .unwrap()
    };
    let base = |notes: String, condition: String| {
        vec![
            ("evaluated_on", ago(2)),
            ("tools", "BDI-3".to_owned()),
            ("communication_pct", "30".to_owned()),
            ("diagnosed_condition", condition),
            ("notes", notes),
        ]
    };

    // Over the notes' limit: the form again, the message on the field, the text kept.
    let long = "a".repeat(10_001);
    let res = post(&coord, &path, &base(long, String::new())).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-notes-error"),
        vec!["Error: Use at most 10000 characters (this has 10001)."]
    );
    assert_eq!(
        texts(&html, "textarea#f-notes")[0].chars().count(),
        10_001,
        "what was typed is shown again"
    );
    // A million characters: refused before the form is read, naming the field.
    let res = post(&coord, &path, &base("a".repeat(1_000_000), String::new())).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(is_app_page(&html), "{html}");
    assert!(
        html.contains(
            "The field “notes” holds 1000000 characters; no field takes more than 100000."
        ),
        "{html}"
    );

    // A diagnosed condition is one line of at most 500 characters.
    let res = post(&coord, &path, &base(String::new(), "x".repeat(501))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-diagnosed_condition-error"),
        vec!["Error: Use at most 500 characters (this has 501)."]
    );
    let res = post(&coord, &path, &base(String::new(), "Down\nsyndrome".into())).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&res.text().await.unwrap(), "#f-diagnosed_condition-error"),
        vec!["Error: Keep this to one line (no line breaks or tabs)."]
    );

    // A NUL in the tools.
    let mut f = base(String::new(), String::new());
    f[1].1 = "BDI\u{0}3".into();
    let res = post(&coord, &path, &f).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(is_app_page(&html) && html.contains("“tools”"), "{html}");

    assert_eq!(count().await, 0, "no evaluation was stored");
    let ok = post(&coord, &path, &base("Seen at home.".into(), String::new())).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(count().await, 1);
}

#[tokio::test]
async fn an_agency_with_a_nul_or_an_overlong_name_is_not_saved() {
    let app = TestApp::spawn().await;
    let a = agency::Entity::find()
        .filter(agency::Column::Name.eq("Riverbend Head Start"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let b = app.signed_in(COORDINATOR).await;
    let fields = |name: String, email: &str| {
        vec![
            ("name", name),
            ("kind", "head_start".to_owned()),
            ("service_area", "Riverbend".to_owned()),
            ("preferred_channel", "email".to_owned()),
            ("email", email.to_owned()),
            ("active", "yes".to_owned()),
            ("version", a.version.to_string()),
        ]
    };
    let path = format!("/agencies/{}", a.id);
    let res = post(&b, &path, &fields("Head\0Start".into(), "hs@example.org")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("“name”"));

    let res = post(&b, &path, &fields("n".repeat(201), "hs@example.org")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-name-error"),
        vec!["Error: Use at most 200 characters (this has 201)."]
    );
    let email = format!("{}@example.org", "e".repeat(5000));
    let res = post(&b, &path, &fields("Riverbend Head Start".into(), &email)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-email-error"),
        vec!["Error: Use at most 254 characters (this has 5012)."]
    );
    assert_eq!(
        first_attr(&html, "input#f-email", "value").as_deref(),
        Some(email.as_str())
    );

    let now = agency::Entity::find_by_id(a.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (now.version, now.name, now.email),
        (a.version, a.name, a.email)
    );
}

#[tokio::test]
async fn a_visit_note_with_a_nul_is_refused_and_the_draft_is_unchanged() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = ago(1);
    let v = schedule_once(&b, &app, s.id, &day, "05:00", "30").await;
    let mut f = note(&day, outcome, "save");
    f.retain(|(k, _)| *k != "tried");
    f.push(("tried", "Pausing\0 with the cup".into()));
    let res = post_note(&b, v.id, v.version, &f).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(is_app_page(&html) && html.contains("“tried”"), "{html}");
    let after = visit(&app, v.id).await;
    assert_eq!((after.version, after.tried), (v.version, v.tried));

    // Over the note's limit: the message sits on the field.
    let mut f = note(&day, outcome, "save");
    f.retain(|(k, _)| *k != "tried");
    f.push(("tried", "t".repeat(4001)));
    let res = post_note(&b, v.id, v.version, &f).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&res.text().await.unwrap(), "#f-tried-error"),
        vec!["Error: Use at most 4000 characters (this has 4001)."]
    );
    assert_eq!(visit(&app, v.id).await.version, v.version);
}

#[tokio::test]
async fn sign_in_refuses_an_overlong_email_calmly() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let long = format!("{}@riverbend.example", "a".repeat(10_000));
    let res = b.login(&long, PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a refused sign-in is shown again"
    );
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-email-error"),
        vec!["Error: Use at most 254 characters (this has 10018)."]
    );
    // A megabyte is refused before it is read, with the app's page.
    let mega = format!("{}@riverbend.example", "a".repeat(1_000_000));
    let res = b.login(&mega, PASSWORD).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert!(is_app_page(&res.text().await.unwrap()));
    // Neither left a sign-in attempt behind.
    assert!(app.audit_rows("auth.login_failed").await.is_empty());
}

async fn sign_in_with_next(app: &TestApp, next: &str) -> reqwest::Response {
    let b = app.browser();
    b.post(
        "/login",
        &[
            ("email", COORDINATOR),
            ("password", PASSWORD),
            ("next", next),
        ],
    )
    .await
}

#[tokio::test]
async fn sign_in_follows_only_a_local_next() {
    let app = TestApp::spawn().await;
    let res = sign_in_with_next(&app, "/caseload").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/caseload");
    // Browsers strip tabs and line breaks from a URL: these would lead to //evil.example/.
    for next in ["/\t/evil.example/", "/\n/evil.example/", "/\r\n/x", "/ /x"] {
        let res = sign_in_with_next(&app, next).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&res), "/", "{next:?}");
    }
    // A NUL is refused with the form's page, never a 500.
    let res = sign_in_with_next(&app, "/a\0b").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_form_body_that_cannot_be_read_gets_the_apps_page() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let kid = child::Entity::find()
        .filter(child::Column::CoordinatorId.is_not_null())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let path = format!("/children/{}/coordinator", kid.id);
    // A missing field.
    let res = admin.post(&path, &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(is_app_page(&html), "{html}");
    assert!(html.contains("missing a field"), "{html}");
    // Not a form at all.
    let token = admin.csrf().await;
    let res = admin
        .client
        .post(admin.url(&path))
        .header("content-type", "text/plain")
        .header("x-csrf-token", token)
        .body("coordinator_id=1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(is_app_page(&res.text().await.unwrap()));
    let after = child::Entity::find_by_id(kid.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.coordinator_id, kid.coordinator_id);
}

#[tokio::test]
async fn a_request_without_a_session_gets_a_small_body_limit() {
    let app = TestApp::spawn().await;
    let pad = "p".repeat(70 * 1024);
    let anonymous = app.browser();
    let res = anonymous
        .post(
            "/login",
            &[
                ("email", COORDINATOR),
                ("password", PASSWORD),
                ("pad", &pad),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert!(is_app_page(&html) && html.contains("too large"), "{html}");
    assert!(
        app.audit_rows("auth.login").await.is_empty(),
        "not signed in"
    );
    // Signed in, the same 70 KB passes the layer: the intake form answers with its own
    // message (a refused intake is shown again with 422).
    let b = app.signed_in(COORDINATOR).await;
    let res = b
        .post("/children", &[("first_name", "Pad"), ("pad", &pad)])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&res.text().await.unwrap(), "#f-last_name-error"),
        vec!["Error: Enter the child's last name."]
    );
}

#[tokio::test]
async fn transition_notes_have_a_limit_on_the_field() {
    use crate::transition_helpers::{post, toddler};
    let app = TestApp::spawn().await;
    let c = toddler(&app).await;
    let b = app.signed_in(ADMIN).await;
    let long = "n".repeat(10_001);
    let res = post(
        &b,
        c.id,
        "eligibility",
        &[
            ("version", "0"),
            ("potentially_eligible", "yes"),
            ("eligibility_reason", &long),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&res.text().await.unwrap(), "#f-eligibility_reason-error"),
        vec!["Error: Use at most 10000 characters (this has 10001)."]
    );
    assert!(
        hearth::entities::transition::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty(),
        "nothing was saved"
    );
}
