//! Rules a mutation review found no test for: each test here failed with one small change to
//! the rule's code (named in its doc comment) and passes with the code as it is.
use crate::family_links::{family, note_link};
use crate::{note_helpers::*, support::*, visit_helpers::*};
use chrono::{Duration, NaiveDate};
use hearth::entities::consent;
use hearth::notes::model::{NextVisit, NextWhen, next_visit, reply_to};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, Set};

/// The child's e-mail consents as (decided_by, revoked_on), by id.
async fn revocations(app: &TestApp, child_id: i32) -> Vec<(String, Option<NaiveDate>)> {
    use sea_orm::QueryOrder;
    consent::Entity::find()
        .filter(consent::Column::ChildId.eq(child_id))
        .filter(consent::Column::Kind.eq(consent::Kind::Email))
        .order_by_asc(consent::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|k| (k.decided_by, k.revoked_on))
        .collect()
}

/// The demo child's one e-mail consent (the primary caregiver's), and a second one given by
/// another caregiver of the family. Returns the primary caregiver's name.
async fn two_consents(app: &TestApp, child_id: i32) -> String {
    let ks = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(child_id))
        .filter(consent::Column::Kind.eq(consent::Kind::Email))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(ks.len(), 1, "the demo gives one e-mail consent");
    let mut other: consent::ActiveModel = ks[0].clone().into();
    other = other.reset_all();
    other.id = NotSet;
    other.decided_by = Set("Marcus Other".into());
    other.revoked_on = Set(None);
    other.insert(&app.db).await.unwrap();
    ks[0].decided_by.clone()
}

/// Mutation: `stop_email` without its `decided_by` filter stopped every caregiver's e-mail.
#[tokio::test]
async fn stopping_email_stops_only_the_caregiver_who_asked() {
    let app = TestApp::spawn().await;
    let visit = signed_visits(&app, PROVIDER).await.remove(0);
    let primary = two_consents(&app, visit.child_id).await;
    let f = family(&app, &note_link(&app, &visit, "a@family.example").await).await;
    let res = f.post("/family/email/stop", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        revocations(&app, visit.child_id).await,
        vec![(primary, Some(today())), ("Marcus Other".to_owned(), None)],
        "the other caregiver still gets e-mail"
    );
}

/// Mutation: `stopped_today` reading any revocation (not only today's) offered the undo of
/// an older stop.
#[tokio::test]
async fn only_a_stop_made_today_is_offered_an_undo() {
    let app = TestApp::spawn().await;
    let visit = signed_visits(&app, PROVIDER).await.remove(0);
    let f = family(&app, &note_link(&app, &visit, "a@family.example").await).await;
    assert_eq!(
        f.post("/family/email/stop", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, page) = f.page("/family").await;
    assert_eq!(
        first_attr(&page, "#preferences-section form", "action").as_deref(),
        Some("/family/email/resume?lang=en"),
        "today's stop can be undone"
    );
    let yesterday = today() - Duration::days(1);
    app.exec(&format!(
        "UPDATE consents SET revoked_on = '{yesterday}' WHERE child_id = {} AND kind = 'email'",
        visit.child_id
    ))
    .await;
    let (_, page) = f.page("/family").await;
    assert_eq!(
        first_attr(&page, "#preferences-section form", "action"),
        None
    );
    assert!(
        page.contains("You will not get coaching notes by e-mail."),
        "{page}"
    );
    f.post("/family/email/resume?lang=en", &[]).await;
    assert!(app.audit_rows("consent.revocation_undone").await.is_empty());
    assert!(
        revocations(&app, visit.child_id)
            .await
            .iter()
            .all(|(_, r)| *r == Some(yesterday))
    );
}

/// Mutation: `next_visit` without its `status = scheduled` filter gave a cancelled visit as
/// the family's next one.
#[tokio::test]
async fn a_cancelled_visit_is_not_the_familys_next_visit() {
    let app = TestApp::spawn().await;
    let visit = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &visit).await;
    app.exec(&format!(
        "DELETE FROM visits WHERE child_id = {} AND status = 'scheduled'",
        c.id
    ))
    .await;
    app.exec(&format!(
        "UPDATE visits SET next_visit_on = NULL WHERE child_id = {}",
        c.id
    ))
    .await;
    let b = app.signed_in(PROVIDER).await;
    let (first, second) = (today() + Duration::days(3), today() + Duration::days(5));
    let early = schedule_once(
        &b,
        &app,
        visit.service_id,
        &first.to_string(),
        "08:00",
        "45",
    )
    .await;
    schedule_once(
        &b,
        &app,
        visit.service_id,
        &second.to_string(),
        "09:30",
        "45",
    )
    .await;
    app.exec(&format!(
        "UPDATE visits SET status = 'cancelled' WHERE id = {}",
        early.id
    ))
    .await;
    let now = today().and_hms_opt(0, 0, 0).unwrap();
    assert_eq!(
        next_visit(&app.db, c.id, now).await.unwrap(),
        Some(NextVisit {
            when: NextWhen::At(second.and_hms_opt(9, 30, 0).unwrap()),
            provider: "Priya Raman".into(),
            link: None,
        })
    );
    app.exec(&format!(
        "UPDATE visits SET status = 'cancelled' WHERE child_id = {} AND status = 'scheduled'",
        c.id
    ))
    .await;
    assert_eq!(next_visit(&app.db, c.id, now).await.unwrap(), None);
}

/// Mutation: `reply_to` without its program filter put another program's staff member's
/// address in the family's Reply-To.
#[tokio::test]
async fn reply_to_never_names_someone_outside_the_visits_program() {
    use crate::program::{form_fields, refs, set};
    let app = TestApp::spawn().await;
    let mut visit = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &visit).await;
    let admin = app.signed_in(ADMIN).await;
    let mut fields = form_fields(&admin.page("/settings").await.1, "form[action='/settings']");
    set(&mut fields, "family_reply_to", "provider");
    admin.post("/settings", &refs(&fields)).await;
    assert_eq!(
        reply_to(&app.db, &c, &visit).await.unwrap(),
        Some((
            "Priya Raman".to_owned(),
            "Priya Raman <slp@riverbend.example>".to_owned()
        ))
    );
    visit.provider_id = app.user_id(OTHER_ADMIN).await;
    assert_eq!(reply_to(&app.db, &c, &visit).await.unwrap(), None);
}

/// Mutation: the fallback's `*d >= now.date()` as `>`: a next visit the note wrote for today
/// disappeared from the family page on the day itself.
#[tokio::test]
async fn a_next_visit_written_for_today_is_still_the_next_visit_today() {
    let app = TestApp::spawn().await;
    let visit = signed_visits(&app, PROVIDER).await.remove(0);
    app.exec(&format!(
        "DELETE FROM visits WHERE child_id = {} AND status = 'scheduled'",
        visit.child_id
    ))
    .await;
    app.exec(&format!(
        "UPDATE visits SET next_visit_on = NULL WHERE child_id = {}",
        visit.child_id
    ))
    .await;
    app.exec(&format!(
        "UPDATE visits SET next_visit_on = '{}' WHERE id = {}",
        today(),
        visit.id
    ))
    .await;
    let now = today().and_hms_opt(0, 0, 0).unwrap();
    assert_eq!(
        next_visit(&app.db, visit.child_id, now).await.unwrap(),
        Some(NextVisit {
            when: NextWhen::On(today()),
            provider: "Priya Raman".into(),
            link: None,
        })
    );
}

/// Mutation: `db::migrations_applied` with `any` for `all`: a database missing its newest
/// migration answered "applied".
#[tokio::test]
async fn healthz_is_pending_when_the_newest_migration_is_missing() {
    let app = TestApp::spawn().await;
    app.exec("DELETE FROM seaql_migrations WHERE version = 'm20261201_000023_add_outbox_reply_to'")
        .await;
    let (status, body) = app.browser().page("/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains(r#""migrations":"pending""#), "{body}");
}

/// Mutation: `audit::model::latest_for_program` without its program filter listed another
/// program's events on the admin's home (only the query-plan test noticed, by its index).
#[tokio::test]
async fn the_admins_home_lists_only_its_own_programs_events() {
    use crate::program::{form_fields, refs, set};
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let mut fields = form_fields(&admin.page("/settings").await.1, "form[action='/settings']");
    set(&mut fields, "family_reply_to", "provider");
    admin.post("/settings", &refs(&fields)).await;
    let (_, home) = admin.page("/").await;
    assert!(home.contains("program.rules_changed"), "{home}");
    let other = app.signed_in(OTHER_ADMIN).await;
    let (_, home) = other.page("/").await;
    assert!(home.contains("The latest events:") || home.contains("No events yet."));
    assert!(!home.contains("program.rules_changed"), "{home}");
}

/// Mutation: `csrf::origin_ok` accepting the Host header's origin outside development: a
/// request that names its own Host and a matching Origin passed the origin check.
#[tokio::test]
async fn outside_development_only_the_base_urls_origin_is_accepted() {
    let app = TestApp::spawn_with(&[("HEARTH_ENV", "production")]).await;
    let admin = app.signed_in(ADMIN).await;
    let token = admin.csrf().await;
    let res = admin
        .client
        .post(admin.url("/logout"))
        .header("host", "attacker.example")
        .header("origin", "http://attacker.example")
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        admin.get("/").await.status(),
        StatusCode::OK,
        "still signed in"
    );
}
