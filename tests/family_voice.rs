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

/// The app with its mail worker sending to a real SMTP server, the provider's latest signed
/// visit, its child, and the child's primary caregiver given `address` and `lang`.
struct Family {
    sink: SmtpSink,
    app: TestApp,
    visit: hearth::entities::visit::Model,
    child: hearth::entities::child::Model,
}

async fn with_mail(address: &str, lang: Lang) -> Family {
    let sink = SmtpSink::start();
    let vars = mail_vars(&sink.url());
    let v: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut app = TestApp::spawn_with(&v).await;
    app.start_mail_worker();
    let visit = signed_visits(&app, PROVIDER).await.remove(0);
    let child = child_of(&app, &visit).await;
    primary_caregiver(&app, &child, address, lang).await;
    Family {
        sink,
        app,
        visit,
        child,
    }
}

#[tokio::test]
async fn the_email_and_the_family_page_give_the_same_next_visit_and_say_with_whom() {
    let Family {
        sink,
        app,
        visit,
        child: c,
    } = with_mail("parent@family.example", Lang::En).await;
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

#[tokio::test]
async fn a_reply_reaches_the_provider_only_where_the_program_allows_it_and_the_email_says_so() {
    use crate::program::{form_fields, refs, set};
    let Family {
        sink,
        app,
        child: c,
        ..
    } = with_mail("parent@family.example", Lang::En).await;
    let visits = signed_visits(&app, PROVIDER).await;
    let second = visits
        .iter()
        .skip(1)
        .find(|v| v.child_id == c.id)
        .expect("two signed visits of one child")
        .clone();
    let b = app.signed_in(PROVIDER).await;

    // The default: no Reply-To, and the e-mail does not ask for a reply.
    send_note(&b, visits[0].id, None).await;
    let msgs = sink.wait_for(1).await;
    assert_eq!(header(&msgs[0], "Reply-To"), None);
    let (text, _) = parts(&msgs[0]);
    assert!(
        text.contains("Questions? Call your service coordinator or the program: replies to this e-mail are not read."),
        "{text}"
    );

    // The admin lets replies reach the provider who wrote the note.
    let admin = app.signed_in(ADMIN).await;
    let mut fields = form_fields(&admin.page("/settings").await.1, "form[action='/settings']");
    set(&mut fields, "family_reply_to", "provider");
    let res = admin.post("/settings", &refs(&fields)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    send_note(&b, second.id, None).await;
    let msgs = sink.wait_for(2).await;
    let raw = msgs
        .iter()
        .find(|m| header(m, "Reply-To").is_some())
        .expect("the second note has a Reply-To");
    assert_eq!(
        header(raw, "Reply-To").as_deref(),
        Some("\"Priya Raman\" <slp@riverbend.example>")
    );
    let (text, _) = parts(raw);
    assert!(
        text.contains("Questions? Reply to this e-mail to reach Priya Raman."),
        "{text}"
    );
}

/// The caregiver's e-mail consents for the child: (id, revoked_on).
async fn email_consents(app: &TestApp, child_id: i32) -> Vec<(i32, Option<chrono::NaiveDate>)> {
    use hearth::entities::consent;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    consent::Entity::find()
        .filter(consent::Column::ChildId.eq(child_id))
        .filter(consent::Column::Kind.eq(consent::Kind::Email))
        .order_by_asc(consent::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|k| (k.id, k.revoked_on))
        .collect()
}

#[tokio::test]
async fn stopping_emails_asks_once_and_the_family_can_undo_it_the_same_day() {
    let Family {
        sink,
        app,
        visit,
        child: c,
    } = with_mail("parent@family.example", Lang::En).await;
    let b = app.signed_in(PROVIDER).await;
    send_note(&b, visit.id, None).await;
    let (text, _) = parts(&sink.wait_for(1).await[0]);
    let family = open_family_page(&app, &text).await;
    let before = email_consents(&app, c.id).await;
    assert!(before.iter().any(|(_, revoked)| revoked.is_none()));

    // The page's control is a link to a question, not a one-tap change.
    let (_, page) = family.page("/family").await;
    assert_eq!(
        first_attr(&page, "#preferences-section a", "href").as_deref(),
        Some("/family/email/stop?lang=en")
    );
    let (status, ask) = family.page("/family/email/stop?lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ask.contains("Stop coaching-note e-mails?"), "{ask}");
    assert!(ask.contains("We will stop e-mailing coaching notes to parent@family.example."));
    assert_eq!(
        email_consents(&app, c.id).await,
        before,
        "asking changes nothing"
    );

    let res = family.post("/family/email/stop?lang=en", &[]).await;
    assert_eq!(location(&res), "/family?saved=stopped&lang=en#preferences");
    let stopped = email_consents(&app, c.id).await;
    assert!(stopped.iter().all(|(_, revoked)| revoked.is_some()));
    let (_, page) = family.page("/family?saved=stopped&lang=en").await;
    assert!(page.contains("You stopped coaching-note e-mails today."));

    // The undo, the same day: the consent is in force again, and audited.
    let res = family.post("/family/email/resume?lang=en", &[]).await;
    assert_eq!(location(&res), "/family?saved=resumed&lang=en#preferences");
    assert_eq!(email_consents(&app, c.id).await, before);
    assert_eq!(app.audit_rows("consent.revocation_undone").await.len(), 1);
    let (_, page) = family.page("/family?saved=resumed&lang=en").await;
    assert!(page.contains("Coaching notes will be e-mailed to you again."));
    assert!(page.contains("Coaching notes are e-mailed to parent@family.example."));
    // Pressed again (a slow phone): nothing more to undo, nothing more audited.
    family.post("/family/email/resume?lang=en", &[]).await;
    assert_eq!(app.audit_rows("consent.revocation_undone").await.len(), 1);
}

#[tokio::test]
async fn a_spanish_familys_we_tried_it_reads_in_each_readers_language_with_their_words_as_written()
{
    let Family {
        sink, app, visit, ..
    } = with_mail("familia@family.example", Lang::Es).await;
    share_activity(&app, &visit).await;
    let b = app.signed_in(PROVIDER).await;
    send_note(&b, visit.id, None).await;
    let (text, _) = parts(&sink.wait_for(1).await[0]);
    let family = open_family_page(&app, &text).await;
    let (_, page) = family.page("/family").await;
    let action = first_attr(&page, "form[action^='/family/shares/']", "action").unwrap();
    let res = family.post(&action, &[("comment", "¡Le encantó!")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let on = today();
    let (_, es) = family.page("/family?lang=es").await;
    let es_date = format!(
        "{} {} de {} de {}",
        [
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
            "domingo"
        ][chrono::Datelike::weekday(&on).num_days_from_monday() as usize],
        chrono::Datelike::day(&on),
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre"
        ][chrono::Datelike::month0(&on) as usize],
        chrono::Datelike::year(&on)
    );
    assert!(
        es.contains(&format!("Lo probaron el {es_date}: ¡Le encantó!")),
        "{es}"
    );
    let (_, en) = family.page("/family?lang=en").await;
    assert!(
        en.contains(&format!("You tried it on {}: ¡Le encantó!", long_date(on))),
        "{en}"
    );
    assert!(
        !en.contains("Lo probamos"),
        "no Spanish label on the English page"
    );
}
