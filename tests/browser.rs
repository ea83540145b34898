//! Browser journeys in headless Chromium (Debian's `chromium` and `chromium-driver`),
//! driven over WebDriver. The visit note must survive a dead server and be saved once.
use crate::support::*;
use crate::visit_helpers::*;
use fantoccini::{Client, ClientBuilder, Locator};
use hearth::i18n::Lang;
use std::process::{Child, Command, Stdio};

/// A chromedriver process on a free port, killed when dropped.
pub(crate) struct Driver {
    process: Child,
    pub(crate) url: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

pub(crate) async fn driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let process = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "chromedriver not found: install Debian's chromium and chromium-driver \
             (apt-get install --no-install-recommends chromium chromium-driver)",
        );
    let url = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let status = format!("{url}/status");
    eventually("chromedriver answers", || async {
        http.get(&status).send().await.ok()
    })
    .await;
    Driver {
        process,
        url,
        _profile: tempfile::tempdir().unwrap(),
    }
}

pub(crate) async fn chromium(d: &Driver) -> Client {
    let profile = d._profile.path().display().to_string();
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", format!("--user-data-dir={profile}"),
                "--window-size=390,844"
            ]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    // chromedriver speaks plain HTTP on loopback: no TLS stack needed.
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&d.url)
        .await
        .expect("a Chromium session")
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

/// Waits until the page contains `text`.
pub(crate) async fn wait_for_text(c: &Client, text: &str) {
    eventually(format!("the page shows {text:?}"), || async {
        c.source()
            .await
            .is_ok_and(|s| s.contains(text))
            .then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_visit_note_survives_a_dead_server_and_is_saved_once() {
    let mut app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, _) = service_of(&app, PROVIDER).await;
    let v = schedule_once(&b, &app, s.id, &ago(1), "05:00", "60").await;

    let d = driver().await;
    let c = chromium(&d).await;
    c.goto(&format!("{}/login", app.base)).await.unwrap();
    c.find(Locator::Css("[name=email]"))
        .await
        .unwrap()
        .send_keys(PROVIDER)
        .await
        .unwrap();
    c.find(Locator::Css("[name=password]"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&c, "Sign out").await;

    let page = format!("{}/visits/{}", app.base, v.id);
    c.goto(&page).await.unwrap();
    let typed = "Tried pausing at snack; she reached and said 'ma'.";
    let tried = c.find(Locator::Css("textarea[name=tried]")).await.unwrap();
    tried.send_keys(typed).await.unwrap();
    c.find(Locator::Css("textarea[name=joint_plan]"))
        .await
        .unwrap()
        .send_keys("Pause at every snack this week.")
        .await
        .unwrap();

    // The server dies; the reload fails.
    app.stop_server().await;
    let _ = c.goto(&page).await;
    let source = c.source().await.unwrap_or_default();
    assert!(!source.contains("Visit note"), "the server is down");

    // It comes back; the page reloads from the server, and the browser's copy is restored.
    app.start_server().await;
    c.goto(&page).await.unwrap();
    assert_eq!(value_of(&c, "tried").await, typed);
    assert_eq!(
        value_of(&c, "joint_plan").await,
        "Pause at every snack this week."
    );
    let status = c.find(Locator::Css("[data-draft-status]")).await.unwrap();
    assert!(
        status
            .text()
            .await
            .unwrap()
            .contains("Restored what you typed")
    );
    assert_eq!(visit(&app, v.id).await.tried, "", "not on the server yet");

    // Saving sends it once; the stored copy is then stale and dropped.
    c.find(Locator::Css("button[value=save]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&c, "Note saved.").await;
    let saved = visit(&app, v.id).await;
    assert_eq!(saved.tried, typed);
    assert_eq!(saved.joint_plan, "Pause at every snack this week.");
    assert_eq!(app.audit_rows("visit.saved").await.len(), 1, "saved once");
    c.goto(&page).await.unwrap();
    assert_eq!(value_of(&c, "tried").await, typed);
    let restored = c.find(Locator::Css("[data-draft-status]")).await.unwrap();
    assert!(
        !restored.is_displayed().await.unwrap(),
        "nothing left to restore"
    );
    c.close().await.unwrap();
}

/// A family on a phone: the e-mailed link, the confirm button, their page in Spanish, and
/// "we tried it" with a comment the provider then sees.
#[tokio::test]
async fn a_family_opens_its_link_on_a_phone_and_says_it_tried_an_activity() {
    use crate::note_helpers::*;
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    primary_caregiver(&app, &c, "familia@family.example", Lang::Es).await;
    let (_, title_es) = share_activity(&app, &v).await;
    let provider = app.signed_in(PROVIDER).await;
    assert_eq!(
        send_note(&provider, v.id, None).await.status(),
        reqwest::StatusCode::SEE_OTHER
    );
    let link = link_in(&outbox_of(&app, v.id).await.remove(0).text_body);

    let d = driver().await;
    let b = chromium(&d).await;
    b.goto(&link).await.unwrap();
    let open = b
        .find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap();
    assert_eq!(open.text().await.unwrap(), "Abrir la página de mi familia");
    open.click().await.unwrap();
    wait_for_text(&b, &title_es).await;
    let html = b.source().await.unwrap();
    assert!(html.contains(&c.first_name) && html.contains("Notas de las visitas"));
    let comment = b
        .find(Locator::Css("textarea[name=comment]"))
        .await
        .unwrap();
    comment
        .send_keys("Le encantó a la hora del baño")
        .await
        .unwrap();
    let form = b.find(Locator::Css("article form")).await.unwrap();
    form.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&b, "¡Gracias!").await;
    b.close().await.unwrap();
    let (_, child_page) = provider.page(&format!("/children/{}", c.id)).await;
    assert!(child_page.contains("Le encantó a la hora del baño"));
}
