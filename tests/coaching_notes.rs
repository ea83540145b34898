//! Composing the family's note: who may, bad input, two tabs, sending once, sending again.
use crate::{note_helpers::*, support::*};
use hearth::entities::{coaching_note, outbox, visit};
use hearth::i18n::Lang;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn post_compose(
    b: &Browser,
    id: i32,
    version: &str,
    body: &str,
    action: &str,
) -> reqwest::Response {
    b.post(
        &format!("/visits/{id}/family-note"),
        &[
            ("version", version),
            ("language", "en"),
            ("body", body),
            ("action", action),
        ],
    )
    .await
}

async fn notes(app: &TestApp) -> u64 {
    coaching_note::Entity::find().count(&app.db).await.unwrap()
}

#[tokio::test]
async fn only_the_visits_provider_writes_it_and_only_once_the_visit_is_signed() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let b = app.signed_in(PROVIDER).await;
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(page.contains("Write the coaching note"));
    for who in [COORDINATOR, SUPERVISOR] {
        let other = app.signed_in(who).await;
        let (status, _) = other.page(&format!("/visits/{}/family-note", v.id)).await;
        assert!(
            matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{who}: {status}"
        );
        let res = post_compose(&other, v.id, "", "Hello", "send").await;
        assert!(matches!(
            res.status(),
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ));
    }
    let unsigned = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(app.user_id(PROVIDER).await))
        .filter(visit::Column::SignedAt.is_null())
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo has an unsigned visit");
    let (status, html) = b
        .page(&format!("/visits/{}/family-note", unsigned.id))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Sign the visit note first"));
    assert_eq!(notes(&app).await, 0);
}

#[tokio::test]
async fn bad_input_is_shown_beside_the_field_with_what_was_typed_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let b = app.signed_in(PROVIDER).await;
    let res = b
        .post(
            &format!("/visits/{}/family-note", v.id),
            &[
                ("version", ""),
                ("language", "fr"),
                ("body", "   "),
                ("action", "send"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Choose the language the family reads."));
    assert!(html.contains("Write the note: what you practised"));
    assert!(html.contains("id=\"f-body-error\""));
    let long = "a".repeat(5001);
    let res = post_compose(&b, v.id, "", &long, "preview").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Keep the note under 5000 characters"));
    assert!(html.contains(&long), "the typed text comes back");
    assert_eq!(notes(&app).await, 0);
    assert!(outbox_of(&app, v.id).await.is_empty());
}

#[tokio::test]
async fn a_draft_saved_in_another_tab_is_not_overwritten_and_a_note_is_sent_once() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    primary_caregiver(&app, &c, "two@family.example", Lang::En).await;
    let b = app.signed_in(PROVIDER).await;
    let res = post_compose(&b, v.id, "", "First draft", "preview").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.page(&format!("/visits/{}/family-note", v.id)).await;
    assert!(html.contains("First draft"));
    let preview = b
        .get(&format!("/visits/{}/family-note/preview", v.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        preview.contains("First draft"),
        "the preview shows the saved draft"
    );

    // Two tabs opened at version 1; the first saves, the second is told and keeps its text.
    assert_eq!(
        post_compose(&b, v.id, "1", "Tab one", "preview")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let res = post_compose(&b, v.id, "1", "Tab two", "send").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("saved elsewhere") && html.contains("Tab one") && html.contains("Tab two")
    );
    assert!(
        outbox_of(&app, v.id).await.is_empty(),
        "nothing sent from a stale tab"
    );
    assert_eq!(note_of(&app, v.id).await.unwrap().body, "Tab one");

    // Sent once; sending again from an old form changes nothing.
    assert_eq!(
        post_compose(&b, v.id, "2", "Final text", "send")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let rows = outbox_of(&app, v.id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].to_address, "two@family.example");
    assert!(rows[0].text_body.contains("Final text"));
    let res = post_compose(&b, v.id, "3", "Again", "send").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(outbox_of(&app, v.id).await.len(), 1);
    assert_eq!(app.audit_rows("coaching_note.sent").await.len(), 1);

    // "Send again" from the visit page: a new message (new Message-ID, new link).
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(page.contains(">Queued<"));
    hearth::entities::outbox::Entity::update_many()
        .col_expr(
            hearth::entities::outbox::Column::Status,
            sea_orm::sea_query::Expr::value(hearth::entities::outbox::Status::Sent),
        )
        .exec(&app.db)
        .await
        .unwrap();
    let res = b
        .post(
            &format!("/visits/{}/family-note/deliveries/{}", v.id, rows[0].id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = outbox_of(&app, v.id).await;
    assert_eq!(after.len(), 2);
    assert_ne!(after[0].message_id, after[1].message_id);
    assert_ne!(link_in(&after[0].text_body), link_in(&after[1].text_body));
}

#[tokio::test]
async fn with_no_smtp_server_mail_is_written_as_files_the_admin_can_read() {
    let mut app = TestApp::spawn().await;
    app.start_mail_worker();
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    primary_caregiver(&app, &c, "files@family.example", Lang::Es).await;
    let b = app.signed_in(PROVIDER).await;
    assert_eq!(
        send_note(&b, v.id, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let row = outbox_of(&app, v.id).await.remove(0);
    wait_row(&app, row.id, "sent", |r| r.status == outbox::Status::Sent).await;

    let admin = app.signed_in(ADMIN).await;
    let (_, outbox) = admin.page("/outbox").await;
    assert!(outbox.contains("see the sent-mail files"));
    let (_, files) = admin.page("/outbox/files").await;
    let href = first_attr(&files, "a[href^='/outbox/files/']", "href").expect("a file listed");
    let (status, raw) = admin.page(&href).await;
    assert_eq!(status, StatusCode::OK);
    assert!(raw.contains(&row.message_id));
    let (text, _) = parts(&raw);
    assert!(text.contains("Hola, "));
    // Only names the transport writes are served.
    assert_eq!(
        admin.page("/outbox/files/..%2Fsecret.key").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(b.page(&href).await.0, StatusCode::FORBIDDEN);
}
