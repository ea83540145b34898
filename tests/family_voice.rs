//! What the family is told and what they say: the next visit the same in the e-mail and on
//! their page, with whom; replies that reach a person; stopping e-mail that asks first and can
//! be undone.
use crate::{note_helpers::*, smtp::*, support::*, visit_helpers::*};
use chrono::Duration;
use hearth::i18n::Lang;
use reqwest::StatusCode;

fn mail_vars(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("HEARTH_SMTP_URL", url.to_owned()),
        ("HEARTH_MAIL_POLL_MS", "100".into()),
        ("HEARTH_SMTP_TIMEOUT_SECS", "600".into()),
    ]
}

/// "Monday, December 7, 2026", as the English family page and e-mail write a date.
fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%A, %B %-d, %Y").to_string()
}

/// Opens the family link in `text` and returns the family's browser on their page.
async fn open_family_page(app: &TestApp, text: &str) -> Browser {
    let link = link_in(text);
    let family = app.browser();
    let res = family.post(&path_of(&link), &[("then", "")]).await;
    assert_eq!(location(&res), "/family");
    family
}

#[tokio::test]
async fn the_email_and_the_family_page_give_the_same_next_visit_and_say_with_whom() {
    let sink = SmtpSink::start();
    let vars = mail_vars(&sink.url());
    let v: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut app = TestApp::spawn_with(&v).await;
    app.start_mail_worker();
    let visit = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &visit).await;
    primary_caregiver(&app, &c, "parent@family.example", Lang::En).await;
    // One scheduled visit ahead, at a time no demo visit has; the latest note wrote another
    // date (the demo writes two weeks after each visit), which the calendar overrides.
    app.exec(&format!(
        "DELETE FROM visits WHERE child_id = {} AND status = 'scheduled'",
        c.id
    ))
    .await;
    let b = app.signed_in(PROVIDER).await;
    let day = today() + Duration::days(9);
    schedule_once(&b, &app, visit.service_id, &day.to_string(), "07:10", "45").await;
    let expected = format!("{}, 7:10 AM, with Priya Raman", long_date(day));

    assert_eq!(
        send_note(&b, visit.id, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let msgs = sink.wait_for(1).await;
    let (text, html) = parts(&msgs[0]);
    assert!(text.contains(&format!("Next visit: {expected}")), "{text}");
    assert!(html.contains(&expected), "{html}");
    let family = open_family_page(&app, &text).await;
    let (_, page) = family.page("/family").await;
    assert_eq!(
        texts(&page, "#next-h + p"),
        vec![expected.clone()],
        "the family page says what the e-mail said"
    );

    // Nothing scheduled: both fall back to the date the latest note wrote, with its provider.
    app.exec(&format!(
        "DELETE FROM visits WHERE child_id = {} AND status = 'scheduled'",
        c.id
    ))
    .await;
    let written = today() + Duration::days(6);
    app.exec(&format!(
        "UPDATE visits SET next_visit_on = '{written}' WHERE id = {}",
        visit.id
    ))
    .await;
    let later = visit.starts_at;
    app.exec(&format!(
        "UPDATE visits SET next_visit_on = NULL WHERE child_id = {} AND starts_at > '{}'",
        c.id,
        later.format("%Y-%m-%d %H:%M:%S")
    ))
    .await;
    let (_, page) = family.page("/family").await;
    assert_eq!(
        texts(&page, "#next-h + p"),
        vec![format!("{}, with Priya Raman", long_date(written))]
    );
}
