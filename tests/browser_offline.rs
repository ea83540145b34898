//! Issue 17, the note offline, in headless Chromium with the network cut over the DevTools
//! protocol (chromedriver's `goog/cdp/execute`): a note saved with no network is kept on the
//! phone, sent when the network returns and saved once, even when it is sent again; and a
//! note changed meanwhile elsewhere comes back as the conflict view, what was typed kept.
//! At 375 px and at desktop width.
use crate::browser::{chromium, driver, wait_for_text};
use crate::browser_phone::sign_in;
use crate::support::*;
use crate::visit_helpers::{post_note, visit};
use axum::http::Method;
use chrono::{Duration, NaiveTime, Timelike, Utc};
use fantoccini::{Client, Locator, wd::WebDriverCompatibleCommand};
use hearth::entities::{note_submission, program, visit};
use hearth::views::conflict::MEANWHILE;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};
use serde_json::{Value, json};

const QUEUED: &str = "Saved on this phone; it will be sent when you are back online.";
const SAVED: &str = "Note saved. It is not signed yet.";

/// A DevTools command, sent through chromedriver.
#[derive(Debug)]
struct Cdp(&'static str, Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (Method, Option<String>) {
        let body = json!({ "cmd": self.0, "params": self.1 });
        (Method::POST, Some(body.to_string()))
    }
}

/// Cuts or restores the page's network.
async fn network(c: &Client, online: bool) {
    c.issue_cmd(Cdp("Network.enable", json!({}))).await.unwrap();
    let conditions = json!({
        "offline": !online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1
    });
    c.issue_cmd(Cdp("Network.emulateNetworkConditions", conditions))
        .await
        .unwrap();
}

/// The notes kept on the phone (offline.js's IndexedDB queue), as JSON.
async fn kept_notes(c: &Client) -> Vec<Value> {
    let raw = c
        .execute_async(
            "var done = arguments[arguments.length - 1];
             var r = indexedDB.open('hearth-offline', 1);
             r.onupgradeneeded = function () { r.result.createObjectStore('notes', { keyPath: 'action' }); };
             r.onsuccess = function () {
               var db = r.result, q = db.transaction('notes').objectStore('notes').getAll();
               q.onsuccess = function () { db.close(); done(JSON.stringify(q.result)); };
             };",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_str(raw.as_str().unwrap()).unwrap()
}

/// Puts a note back in the queue, as if the answer to its send had been lost.
async fn keep_again(c: &Client, note: &Value) {
    c.execute_async(
        "var note = arguments[0], done = arguments[arguments.length - 1];
         var r = indexedDB.open('hearth-offline', 1);
         r.onsuccess = function () {
           var db = r.result, t = db.transaction('notes', 'readwrite');
           t.objectStore('notes').put(note);
           t.oncomplete = function () { db.close(); done(true); };
         };",
        vec![note.clone()],
    )
    .await
    .unwrap();
}

/// Whether the service worker keeps this page (the home page put it there).
async fn page_is_kept(c: &Client, path: &str) -> bool {
    c.execute_async(
        "var done = arguments[arguments.length - 1];
         caches.open('hearth-notes').then(function (c) { return c.match(arguments[0]); }.bind(null, arguments[0]))
           .then(function (r) { done(!!r); }, function () { done(false); });",
        vec![json!(path)],
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap_or(false)
}

/// Waits until the page shows one of `texts`; returns it.
async fn first_shown(c: &Client, texts: &[&'static str]) -> &'static str {
    eventually(format!("the page shows one of {texts:?}"), || async {
        let s = c.source().await.ok()?;
        texts.iter().copied().find(|t| s.contains(t))
    })
    .await
}

async fn value_of(c: &Client, name: &str) -> String {
    c.find(Locator::Css(&format!("[name={name}]")))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Today's first visit of the demo provider, moved to end a few minutes ago; their other
/// visits today are cancelled so nothing overlaps it.
async fn todays_visit(app: &TestApp) -> visit::Model {
    let provider = app.user_id(PROVIDER).await;
    let tz = program::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo program")
        .tz();
    let now = Utc::now().with_timezone(&tz).naive_local();
    let now = now
        .date()
        .and_time(NaiveTime::from_hms_opt(now.hour(), now.minute(), 0).unwrap_or_default());
    let midnight = now.date().and_hms_opt(0, 0, 0).unwrap();
    let end = (now - Duration::minutes(5)).max(midnight + Duration::minutes(1));
    let start = (end - Duration::minutes(55)).max(midnight);
    let v = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(provider))
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::StartsAt.gte(midnight))
        .order_by_asc(visit::Column::StartsAt)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo provider has visits scheduled");
    visit::Entity::update_many()
        .col_expr(visit::Column::Status, Expr::value(visit::Status::Cancelled))
        .filter(visit::Column::ProviderId.eq(provider))
        .filter(visit::Column::Id.ne(v.id))
        .filter(visit::Column::StartsAt.gte(midnight))
        .filter(visit::Column::StartsAt.lt(midnight + Duration::days(1)))
        .exec(&app.db)
        .await
        .unwrap();
    let mut moved = v.into_active_model();
    moved.starts_at = Set(start);
    moved.ends_at = Set(end);
    moved.update(&app.db).await.unwrap()
}

/// Signs in, opens today's note from the home page once the worker keeps it, cuts the
/// network, types `typed` into "What was tried" and saves: the note is kept on the phone.
async fn queue_offline(c: &Client, app: &TestApp, v: &visit::Model, width: u32, typed: &str) {
    c.set_window_size(width, 900).await.unwrap();
    sign_in(c, &app.base, PROVIDER).await;
    c.goto(&format!("{}/", app.base)).await.unwrap();
    wait_for_text(c, "Today").await;
    let path = format!("/visits/{}", v.id);
    eventually("the home page keeps today's note on the phone", || async {
        page_is_kept(c, &path).await.then_some(())
    })
    .await;
    c.find(Locator::Css(&format!("#today a[href^='{path}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(c, "Sign and lock").await;

    network(c, false).await;
    c.find(Locator::Css("textarea[name=tried]"))
        .await
        .unwrap()
        .send_keys(typed)
        .await
        .unwrap();
    c.find(Locator::Css("button[name=intent][value=save]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(c, QUEUED).await;
    assert_eq!(value_of(c, "tried").await, typed, "the form keeps the text");
    assert_eq!(
        visit(app, v.id).await.tried,
        "",
        "nothing reached the server"
    );
    assert_eq!(kept_notes(c).await.len(), 1);
}

async fn written_offline_sent_once(width: u32) {
    let app = TestApp::spawn().await;
    let v = todays_visit(&app).await;
    let d = driver().await;
    let c = chromium(&d).await;
    let typed = "Waited at snack with the cup in view; she signed 'more'.";
    queue_offline(&c, &app, &v, width, typed).await;
    let note = kept_notes(&c).await.remove(0);

    // The network returns: the kept note is sent, and the visit page says it is saved.
    network(&c, true).await;
    assert_eq!(first_shown(&c, &[SAVED, MEANWHILE]).await, SAVED);
    let saved = visit(&app, v.id).await;
    assert_eq!(saved.tried, typed);
    assert_eq!(saved.version, v.version + 1);
    assert!(kept_notes(&c).await.is_empty(), "the queue is empty");

    // The answer was lost on the way back (the phone still holds the note): sent again on
    // the next page load, it is answered like the first send, and nothing is saved twice.
    keep_again(&c, &note).await;
    c.goto(&format!("{}/visits/{}", app.base, v.id))
        .await
        .unwrap();
    assert_eq!(first_shown(&c, &[SAVED, MEANWHILE]).await, SAVED);
    assert!(kept_notes(&c).await.is_empty());
    assert_eq!(visit(&app, v.id).await, saved, "saved once");
    assert_eq!(app.audit_rows("visit.saved").await.len(), 1);
    let keys = note_submission::Entity::find()
        .filter(note_submission::Column::VisitId.eq(v.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(keys.len(), 1);
    c.close().await.unwrap();
}

async fn changed_meanwhile_shows_the_conflict(width: u32) {
    let app = TestApp::spawn().await;
    let v = todays_visit(&app).await;
    let d = driver().await;
    let c = chromium(&d).await;
    let typed = "Written in the car with no signal.";
    queue_offline(&c, &app, &v, width, typed).await;

    // Meanwhile the note is saved from the office computer, from the same prefilled form.
    let office = "Saved from the office computer.";
    let note = kept_notes(&c).await.remove(0);
    let fields: Vec<(String, String)> = note["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kv| {
            (
                kv[0].as_str().unwrap().to_owned(),
                kv[1].as_str().unwrap().to_owned(),
            )
        })
        .filter(|(k, _)| !["_csrf", "version", "submission_key"].contains(&k.as_str()))
        .map(|(k, val)| {
            if k == "tried" {
                (k, office.to_owned())
            } else {
                (k, val)
            }
        })
        .collect();
    let fields: Vec<(&str, String)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    let other = app.signed_in(PROVIDER).await;
    let res = post_note(&other, v.id, v.version, &fields).await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);

    // Back online, the kept note meets the change: the conflict view, nothing overwritten.
    network(&c, true).await;
    assert_eq!(first_shown(&c, &[SAVED, MEANWHILE]).await, MEANWHILE);
    assert_eq!(
        value_of(&c, "tried").await,
        typed,
        "what was typed is in the form"
    );
    let html = c.source().await.unwrap();
    assert!(
        html.contains(office),
        "what is saved now is shown beside it"
    );
    assert_eq!(visit(&app, v.id).await.tried, office, "not overwritten");
    assert_eq!(app.audit_rows("visit.saved").await.len(), 1);
    assert!(
        kept_notes(&c).await.is_empty(),
        "shown, so no longer queued"
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_note_written_offline_is_sent_on_reconnect_and_saved_once_at_375_px() {
    written_offline_sent_once(375).await;
}

#[tokio::test]
async fn a_note_written_offline_is_sent_on_reconnect_and_saved_once_on_a_desktop() {
    written_offline_sent_once(1280).await;
}

#[tokio::test]
async fn a_note_kept_offline_and_changed_meanwhile_shows_the_conflict_at_375_px() {
    changed_meanwhile_shows_the_conflict(375).await;
}

#[tokio::test]
async fn a_note_kept_offline_and_changed_meanwhile_shows_the_conflict_on_a_desktop() {
    changed_meanwhile_shows_the_conflict(1280).await;
}
