//! Issue 17, the note offline: a note sent with a key (`submission_key`, made by the page
//! script for each send) is saved once however often it arrives; the second send is
//! answered like the first. Keys belong to one visit, and without a key the version alone
//! guards the note, as before.
use crate::support::*;
use crate::visit_helpers::*;
use hearth::entities::note_submission;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const KEY: &str = "3f2a9c4e-8b1d-4e6f-a0c2-5d7e9f1b3a64";
const OTHER_KEY: &str = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";

fn keyed(mut fields: Vec<(&'static str, String)>, key: &str) -> Vec<(&'static str, String)> {
    fields.push(("submission_key", key.to_owned()));
    fields
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn keys_of(app: &TestApp, visit: i32) -> Vec<String> {
    note_submission::Entity::find()
        .filter(note_submission::Column::VisitId.eq(visit))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.key)
        .collect()
}

#[tokio::test]
async fn the_same_key_twice_saves_once_and_answers_like_the_first() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = ago(2);
    let v = schedule_once(&b, &app, s.id, &day, "06:00", "60").await;
    let form = keyed(note(&day, outcome, "save"), KEY);

    let first = post_note(&b, v.id, v.version, &form).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&first), format!("/visits/{}", v.id));
    let saved = visit(&app, v.id).await;
    assert_eq!(saved.version, v.version + 1);

    // The phone never heard the answer and sends the very same form again.
    let again = post_note(&b, v.id, v.version, &form).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER, "not a conflict");
    assert_eq!(location(&again), format!("/visits/{}", v.id));
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(
        page.contains("Note saved. It is not signed yet."),
        "same message"
    );
    assert_eq!(
        visit(&app, v.id).await,
        saved,
        "nothing saved the second time"
    );
    assert_eq!(app.audit_rows("visit.saved").await.len(), 1);
    assert_eq!(keys_of(&app, v.id).await, vec![KEY.to_owned()]);

    // A send that signed is repeated as signed, not refused as a change to a signed note.
    let signing = keyed(note(&day, outcome, "sign"), OTHER_KEY);
    let res = post_note(&b, v.id, saved.version, &signing).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let signed = visit(&app, v.id).await;
    assert!(signed.signed_at.is_some());
    let res = post_note(&b, v.id, saved.version, &signing).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(page.contains("Note signed and locked."));
    assert_eq!(visit(&app, v.id).await, signed);
    assert_eq!(app.audit_rows("visit.signed").await.len(), 1);
    assert!(app.audit_rows("visit.change_refused").await.is_empty());
}

#[tokio::test]
async fn different_keys_are_different_sends_guarded_by_the_version() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = ago(2);
    let v = schedule_once(&b, &app, s.id, &day, "06:00", "60").await;

    let res = post_note(
        &b,
        v.id,
        v.version,
        &keyed(note(&day, outcome, "save"), KEY),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let saved = visit(&app, v.id).await;

    // Another send from the form as it was first read: a conflict, nothing overwritten.
    let mut later = keyed(note(&day, outcome, "save"), OTHER_KEY);
    later.retain(|(k, _)| *k != "tried");
    later.push(("tried", "Typed on the other phone.".into()));
    let res = post_note(&b, v.id, v.version, &later).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(html.contains(hearth::views::conflict::MEANWHILE));
    assert!(
        html.contains("Typed on the other phone."),
        "typed text kept"
    );
    assert_eq!(visit(&app, v.id).await, saved);
    assert_eq!(keys_of(&app, v.id).await, vec![KEY.to_owned()]);

    // Over the version it was shown, the same key is saved.
    let res = post_note(&b, v.id, saved.version, &later).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(visit(&app, v.id).await.tried, "Typed on the other phone.");
    assert_eq!(app.audit_rows("visit.saved").await.len(), 2);

    // Something that is not a UUID is no key: the version alone decides, as without script.
    let junk = keyed(note(&day, outcome, "save"), "not-a-key");
    let res = post_note(&b, v.id, saved.version, &junk).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(keys_of(&app, v.id).await.len(), 2);
}

#[tokio::test]
async fn a_key_used_for_another_visit_is_not_confused_with_it() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let (d1, d2) = (ago(3), ago(2));
    let v1 = schedule_once(&b, &app, s.id, &d1, "06:00", "60").await;
    let v2 = schedule_once(&b, &app, s.id, &d2, "06:00", "60").await;

    let res = post_note(
        &b,
        v1.id,
        v1.version,
        &keyed(note(&d1, outcome, "save"), KEY),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_note(
        &b,
        v2.id,
        v2.version,
        &keyed(note(&d2, outcome, "save"), KEY),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/visits/{}", v2.id));
    assert_eq!(visit(&app, v2.id).await.version, v2.version + 1, "saved");
    assert_eq!(app.audit_rows("visit.saved").await.len(), 2);
    assert_eq!(keys_of(&app, v1.id).await, vec![KEY.to_owned()]);
    assert_eq!(keys_of(&app, v2.id).await, vec![KEY.to_owned()]);

    // Someone else sending the key is refused (404) before it is looked at: only the visit's
    // provider writes its note, and a key saved for it answers nobody else.
    let other = app.signed_in(COORDINATOR).await;
    let res = post_note(
        &other,
        v1.id,
        v1.version,
        &keyed(note(&d1, outcome, "save"), KEY),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(visit(&app, v1.id).await.version, v1.version + 1);
    assert_eq!(app.audit_rows("visit.saved").await.len(), 2);
}

/// The pieces that make Hearth work offline and installable, as the browser fetches them.
#[tokio::test]
async fn the_worker_the_manifest_and_sign_out_clearing_are_served() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (_, home) = b.page("/").await;
    assert!(
        home.contains("js/offline.js"),
        "every staff page loads offline.js"
    );
    let manifest_url = first_attr(&home, "link[rel=manifest]", "href").expect("a manifest link");

    let sw = b.client.get(b.url("/sw.js")).send().await.unwrap();
    assert_eq!(sw.status(), StatusCode::OK);
    assert_eq!(
        sw.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(sw.headers()["cache-control"], "no-cache");
    let body = sw.text().await.unwrap();
    assert!(body.starts_with("var VERSION = \""));
    assert!(
        body.contains(&hearth::assets::url("css/app.css")),
        "the shell, hashed"
    );

    let res = b.client.get(b.url(&manifest_url)).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/manifest+json");
    let manifest: serde_json::Value = res.json().await.unwrap();
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["display"], "standalone");
    for (src, size) in [
        ("/assets/img/icon-192.png", "192x192"),
        ("/assets/img/icon-512.png", "512x512"),
    ] {
        assert!(
            manifest["icons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["src"] == src && i["sizes"] == size)
        );
        let icon = b.client.get(b.url(src)).send().await.unwrap();
        assert_eq!(icon.status(), StatusCode::OK);
        assert_eq!(icon.headers()["content-type"], "image/png");
    }

    let out = b.post("/logout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(out.headers()["clear-site-data"], "\"cache\", \"storage\"");
}
