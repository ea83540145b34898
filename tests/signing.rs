//! Signing a visit note: never before the visit has ended (in the program's time zone), and
//! for a billable visit only with a credential current on the visit's date. Refusals keep
//! the draft, are audited, and show on the supervisor's home page.
use crate::support::*;
use crate::visit_helpers::*;
use chrono::{Duration, NaiveDateTime, Timelike, Utc};
use reqwest::StatusCode;

/// A time zone where it is now between 06:00 and 18:00, and the local time there: a visit
/// later today and one earlier today both exist whatever the hour the test runs. The five
/// zones are at most six hours apart, so one of them is always in that window.
fn daytime_zone() -> (&'static str, NaiveDateTime) {
    for name in [
        "Pacific/Honolulu",
        "America/New_York",
        "Europe/London",
        "Asia/Kolkata",
        "Asia/Tokyo",
    ] {
        let tz: chrono_tz::Tz = name.parse().unwrap();
        let now = Utc::now().with_timezone(&tz).naive_local();
        if (6..18).contains(&now.hour()) {
            return (name, now);
        }
    }
    unreachable!("one of five zones at most six hours apart is in daytime")
}

/// The note `note()` builds, for `at` to `until` on `at`'s date.
fn note_at(
    at: NaiveDateTime,
    until: NaiveDateTime,
    outcome: i32,
    intent: &str,
) -> Vec<(&'static str, String)> {
    let mut f = note(&at.date().to_string(), outcome, intent);
    for (k, v) in f.iter_mut() {
        match *k {
            "start" => *v = at.format("%H:%M").to_string(),
            "end" => *v = until.format("%H:%M").to_string(),
            _ => {}
        }
    }
    f
}

#[tokio::test]
async fn a_note_is_signed_only_after_its_visit_has_ended_in_the_programs_time_zone() {
    let app = TestApp::spawn().await;
    let (zone, now) = daytime_zone();
    app.exec(&format!(
        "UPDATE programs SET timezone = '{zone}' WHERE slug = 'riverbend'"
    ))
    .await;
    // The demo's visits of the day would overlap ours: they are out of the way.
    let me = app.user_id(PROVIDER).await;
    app.exec(&format!(
        "UPDATE visits SET status = 'cancelled' WHERE provider_id = {me}"
    ))
    .await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let today = now.date().to_string();

    // Later today: the date is today, so only the time says the visit has not ended.
    let start = (now + Duration::hours(2)).with_second(0).unwrap();
    let end = start + Duration::minutes(30);
    let later = schedule_once(
        &b,
        &app,
        s.id,
        &today,
        &start.format("%H:%M").to_string(),
        "30",
    )
    .await;
    let res = post_note(
        &b,
        later.id,
        later.version,
        &note_at(start, end, outcome, "sign"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let by_end = texts(&html, "#f-end-error").concat();
    assert!(by_end.contains("has not ended yet"), "{by_end:?}");
    assert!(
        html.contains("Pausing with the cup in view."),
        "typed text kept"
    );
    assert_eq!(visit(&app, later.id).await.signed_at, None);
    // A draft may be saved during the visit.
    let res = post_note(
        &b,
        later.id,
        later.version,
        &note_at(start, end, outcome, "save"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let draft = visit(&app, later.id).await;
    assert_eq!(
        (draft.status, draft.signed_at),
        (hearth::entities::visit::Status::Completed, None)
    );

    // Earlier today, ended two hours ago: signed.
    let start = (now - Duration::hours(3)).with_second(0).unwrap();
    let end = start + Duration::minutes(30);
    let earlier = schedule_once(
        &b,
        &app,
        s.id,
        &today,
        &start.format("%H:%M").to_string(),
        "30",
    )
    .await;
    let res = post_note(
        &b,
        earlier.id,
        earlier.version,
        &note_at(start, end, outcome, "sign"),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    assert!(visit(&app, earlier.id).await.signed_at.is_some());
}

#[tokio::test]
async fn a_billable_note_needs_a_credential_current_on_the_visit_date() {
    let app = TestApp::spawn().await;
    let me = app.user_id(PROVIDER).await;
    // Priya's licence lapsed five days ago.
    let lapsed = ago(5);
    app.exec(&format!(
        "UPDATE credentials SET expires_on = '{lapsed}' WHERE user_id = {me}"
    ))
    .await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;

    // Two days ago, 60 minutes (4 units): refused, the draft kept, nothing signed.
    let day = ago(2);
    let v = schedule_once(&b, &app, s.id, &day, "05:00", "60").await;
    let mut f = note(&day, outcome, "sign");
    f.retain(|(k, _)| *k != "start" && *k != "end");
    f.extend([("start", "05:00".into()), ("end", "06:00".into())]);
    let res = post_note(&b, v.id, v.version, &f).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let why = texts(&html, "#f-sign").concat();
    assert!(why.contains("State professional licence"), "{why:?}");
    assert!(why.contains(&format!("expired on {lapsed}")), "{why:?}");
    assert!(why.contains("program admin"), "{why:?}");
    assert!(
        html.contains("Pausing with the cup in view."),
        "typed text kept"
    );
    let after = visit(&app, v.id).await;
    assert_eq!(
        (after.signed_at, after.status),
        (None, hearth::entities::visit::Status::Scheduled)
    );
    let refused = app.audit_rows("visit.sign_refused").await;
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0].entity_id.as_deref(),
        Some(v.id.to_string().as_str())
    );
    assert!(
        refused[0].detail.contains("\"reason\":\"expired\""),
        "{}",
        refused[0].detail
    );
    // Saving the draft is still allowed.
    let mut draft = f.clone();
    draft.retain(|(k, _)| *k != "intent");
    draft.push(("intent", "save".into()));
    assert_eq!(
        post_note(&b, v.id, v.version, &draft).await.status(),
        StatusCode::SEE_OTHER
    );

    // On the day it expired the licence was still current.
    let on_expiry = schedule_once(&b, &app, s.id, &lapsed, "06:00", "60").await;
    let res = post_note(
        &b,
        on_expiry.id,
        on_expiry.version,
        &note(&lapsed, outcome, "sign"),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let signed = visit(&app, on_expiry.id).await;
    assert!(
        signed
            .signed_credential
            .unwrap()
            .contains("State professional licence")
    );

    // A visit too short to bill (5 minutes, under the 8-minute minimum) signs without one.
    let short_day = ago(3);
    let short = schedule_once(&b, &app, s.id, &short_day, "04:00", "5").await;
    let mut f = note(&short_day, outcome, "sign");
    f.retain(|(k, _)| *k != "start" && *k != "end");
    f.extend([("start", "04:00".into()), ("end", "04:05".into())]);
    let res = post_note(&b, short.id, short.version, &f).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );

    // With no credential on file at all, the refusal says so.
    app.exec(&format!("DELETE FROM credentials WHERE user_id = {me}"))
        .await;
    let none_day = ago(4);
    let w = schedule_once(&b, &app, s.id, &none_day, "06:00", "60").await;
    let res = post_note(&b, w.id, w.version, &note(&none_day, outcome, "sign")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let why = texts(&res.text().await.unwrap(), "#f-sign").concat();
    assert!(why.contains("no credential on file"), "{why:?}");
    assert_eq!(app.audit_rows("visit.sign_refused").await.len(), 2);

    // The supervisor sees both attempts of the last 30 days: who, and which visit.
    let sup = app.signed_in(SUPERVISOR).await;
    let (_, home) = sup.page("/").await;
    assert_eq!(
        texts(&home, "#refused-h"),
        ["Signing refused: 2 attempts in the last 30 days"]
    );
    let rows = texts(&home, "section[aria-labelledby=refused-h] li");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r.contains("Priya Raman")), "{rows:?}");
    assert!(
        rows[0].contains("no credential on file") && rows[1].contains("expired"),
        "{rows:?}"
    );
    for id in [w.id, v.id] {
        assert!(
            home.contains(&format!("href=\"/visits/{id}\"")),
            "visit {id} linked"
        );
    }
    // An attempt 31 days ago no longer counts; another program sees none of it.
    {
        use hearth::entities::audit_log;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        // Audit rows are immutable: backdated as the database's owner could.
        let (txn, guards) = crate::audit_integrity::lift(&app.db).await;
        audit_log::Entity::update_many()
            .col_expr(
                audit_log::Column::CreatedAt,
                Expr::value(Utc::now() - Duration::days(31)),
            )
            .filter(audit_log::Column::Id.eq(refused[0].id))
            .exec(&txn)
            .await
            .unwrap();
        crate::audit_integrity::restore(txn, guards).await;
    }
    let (_, home) = sup.page("/").await;
    assert_eq!(
        texts(&home, "#refused-h"),
        ["Signing refused: 1 attempt in the last 30 days"]
    );
    let other = app.signed_in(OTHER_ADMIN).await;
    let (_, home) = other.page("/").await;
    assert!(texts(&home, "#refused-h").is_empty());
}

#[tokio::test]
async fn the_review_queue_flags_a_note_signed_without_a_current_credential() {
    let app = TestApp::spawn().await;
    let provider = app.user_id(PROVIDER).await;
    // Two signed, unreviewed notes of the demo provider's: one as a note that billed nothing
    // is signed by a provider whose licence had lapsed (no credential text), one normally.
    use hearth::entities::visit;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let ids: Vec<i32> = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(provider))
        .filter(visit::Column::SignedAt.is_not_null())
        .filter(visit::Column::ReviewedAt.is_null())
        .order_by_asc(visit::Column::StartsAt)
        .order_by_asc(visit::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|v| v.id)
        .collect();
    assert!(ids.len() >= 2, "the demo has unreviewed signed notes");
    app.exec(&format!(
        "UPDATE visits SET signed_credential = '' WHERE id = {}",
        ids[0]
    ))
    .await;
    let sup = app.signed_in(SUPERVISOR).await;
    let (_, html) = sup.page("/reviews").await;
    let flagged: Vec<String> = texts(&html, "tbody tr")
        .into_iter()
        .filter(|row| row.contains("No credential current on the visit date"))
        .collect();
    assert_eq!(flagged.len(), 1, "{html}");
    let link = |id: i32| format!("href=\"/visits/{id}\"");
    let row_of = |id: i32| {
        html.split("<tr ")
            .find(|r| r.contains(&link(id)))
            .unwrap()
            .to_owned()
    };
    assert!(row_of(ids[0]).contains("No credential current on the visit date"));
    assert!(!row_of(ids[1]).contains("No credential current on the visit date"));
}
