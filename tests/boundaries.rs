//! Nothing crosses a boundary: one program's admin reads none of another program's mail, and
//! an activity no admin has published never reaches a family.
use crate::{family_links::*, note_helpers::*, support::*, visit_helpers::*};
use hearth::entities::{activity_share, audit_log};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// The `.eml` files the file transport has written.
fn mail_files(app: &TestApp) -> Vec<String> {
    let dir = app.state.config.data_dir.join("mail");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".eml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test]
async fn another_programs_admin_neither_lists_nor_opens_riverbends_mail_files() {
    let mut app = TestApp::spawn().await;
    app.start_mail_worker();
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    primary_caregiver(&app, &c, "parent@family.example", hearth::i18n::Lang::En).await;
    let b = app.signed_in(PROVIDER).await;
    assert_eq!(
        send_note(&b, v.id, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let row = outbox_of(&app, v.id).await.remove(0);
    wait_row(&app, row.id, "sent", |r| {
        r.status == hearth::entities::outbox::Status::Sent
    })
    .await;
    let files = mail_files(&app);
    assert_eq!(files.len(), 1, "{files:?}");
    let name = &files[0];
    let path = format!("/outbox/files/{name}");

    // Riverbend's admin lists and opens it.
    let admin = app.signed_in(ADMIN).await;
    let (_, html) = admin.page("/outbox/files").await;
    assert_eq!(texts(&html, "main ul li a"), std::slice::from_ref(name));
    let (status, body) = admin.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&row.message_id));

    // Lakeside's admin: nothing listed, the direct address answers 404 and is audited.
    let other = app.signed_in(OTHER_ADMIN).await;
    let (status, html) = other.page("/outbox/files").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(name.as_str()), "{html}");
    assert!(texts(&html, "main ul li a").is_empty());
    let (_, outbox) = other.page("/outbox").await;
    assert!(!outbox.contains(&format!("id=\"mail-{}\"", row.id)));
    let lee = app.user_id(OTHER_ADMIN).await;
    let denied = || async {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("access.denied"))
            .filter(audit_log::Column::UserId.eq(lee))
            .count(&app.db)
            .await
            .unwrap()
    };
    let before = denied().await;
    let (status, body) = other.page(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains(&row.message_id));
    assert_eq!(denied().await, before + 1);
    assert!(
        app.audit_rows("mail.file_viewed").await.len() == 1,
        "only Riverbend's read"
    );
}

/// A draft activity for every age (0–36 months), written by a coordinator.
async fn draft_activity(app: &TestApp) -> i32 {
    let b = app.signed_in(COORDINATOR).await;
    let res = b
        .post(
            "/activities",
            &[
                ("domains", "communication"),
                ("routines", "bath"),
                ("cos_outcome", "B"),
                ("age_min", "0"),
                ("age_max", "36"),
                ("en_title", "Splash and say"),
                ("en_summary", "Name what splashes."),
                ("en_materials", "Cups"),
                ("en_steps", "Pour\nWait\nName it"),
                ("en_adapt", "Use one cup."),
                ("en_watch_for", "Says 'splash'."),
                ("en_safety", "Stay beside the tub."),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res)
        .trim_start_matches("/activities/")
        .parse()
        .unwrap()
}

async fn shares_of(app: &TestApp, activity_id: i32) -> u64 {
    activity_share::Entity::find()
        .filter(activity_share::Column::ActivityId.eq(activity_id))
        .count(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_unpublished_activity_is_never_shared_with_or_shown_to_a_family() {
    let app = TestApp::spawn().await;
    let draft = draft_activity(&app).await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let open = schedule_once(&b, &app, s.id, &ago(1), "05:00", "60").await;
    let id = draft.to_string();

    // At a visit: refused next to the field, nothing shared.
    let res = b
        .post(
            &format!("/visits/{}/activities", open.id),
            &[("activity_id", &id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let why = texts(&res.text().await.unwrap(), "#f-activity_id-error").concat();
    assert!(why.contains("not been published"), "{why:?}");
    // From the child page: the same.
    let res = b
        .post(
            &format!("/children/{}/activities", plan.child_id),
            &[("activity_id", &id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let why = texts(&res.text().await.unwrap(), "#f-activity_id-error").concat();
    assert!(why.contains("not been published"), "{why:?}");
    assert_eq!(shares_of(&app, draft).await, 0);
    assert!(app.audit_rows("activity.shared").await.is_empty());

    // A share made before the rule: the family neither sees it nor opens it.
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let old = share(&app, &v, draft).await;
    let link = note_link(&app, &v, "parent@family.example").await;
    let mail = outbox_of(&app, v.id).await.remove(0);
    assert!(
        !mail.text_body.contains("Splash and say") && !mail.html_body.contains("Splash and say")
    );
    let f = family(&app, &link).await;
    let (status, html) = f.page("/family").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("Splash and say"), "{html}");
    assert_eq!(
        f.get(&format!("/family/activities/{draft}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let res = f
        .post(
            &format!("/family/shares/{}/tried", old.id),
            &[("comment", "Loved it")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        activity_share::Entity::find_by_id(old.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .family_feedback,
        ""
    );

    // Once an admin publishes it, the same share shows: the page looked in the right place.
    let admin = app.signed_in(ADMIN).await;
    let res = admin
        .post(&format!("/activities/{draft}/publish"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = f.page("/family").await;
    assert!(html.contains("Splash and say"));
    assert_eq!(
        f.get(&format!("/family/activities/{draft}")).await.status(),
        StatusCode::OK
    );
}
