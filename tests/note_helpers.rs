//! Coaching notes over HTTP, and what the outbox holds, for the e-mail and family tests.
use crate::support::*;
use hearth::entities::{
    activity, activity_share, activity_text, caregiver, child, coaching_note, outbox, visit,
};
use hearth::i18n::Lang;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// Signed visits of `email`'s, newest first.
pub async fn signed_visits(app: &TestApp, email: &str) -> Vec<visit::Model> {
    let provider = app.user_id(email).await;
    visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(provider))
        .filter(visit::Column::SignedAt.is_not_null())
        .order_by_desc(visit::Column::StartsAt)
        .all(&app.db)
        .await
        .unwrap()
}

pub async fn child_of(app: &TestApp, v: &visit::Model) -> child::Model {
    child::Entity::find_by_id(v.child_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// Gives the child's primary caregiver this address and language (the demo gave them an
/// e-mail consent at the IFSP meeting).
pub async fn primary_caregiver(
    app: &TestApp,
    c: &child::Model,
    email: &str,
    lang: Lang,
) -> caregiver::Model {
    let g = caregiver::Entity::find()
        .filter(caregiver::Column::FamilyId.eq(c.family_id))
        .filter(caregiver::Column::IsPrimary.eq(true))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut m: caregiver::ActiveModel = g.into();
    m.email = Set(Some(email.into()));
    m.language = Set(lang);
    m.update(&app.db).await.unwrap()
}

/// Opens the compose page and sends the note as composed (or with `body`).
pub async fn send_note(b: &Browser, visit_id: i32, body: Option<&str>) -> reqwest::Response {
    let path = format!("/visits/{visit_id}/family-note");
    let (status, html) = b.page(&path).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let version = first_attr(&html, "input[name=version]", "value").unwrap_or_default();
    let lang = first_attr(&html, "#f-language option[selected]", "value").unwrap();
    let typed = texts(&html, "#f-body").concat();
    b.post(
        &path,
        &[
            ("version", &version),
            ("language", &lang),
            ("body", body.unwrap_or(&typed)),
            ("action", "send"),
        ],
    )
    .await
}

pub async fn note_of(app: &TestApp, visit_id: i32) -> Option<coaching_note::Model> {
    coaching_note::Entity::find()
        .filter(coaching_note::Column::VisitId.eq(visit_id))
        .one(&app.db)
        .await
        .unwrap()
}

pub async fn outbox_of(app: &TestApp, visit_id: i32) -> Vec<outbox::Model> {
    let Some(n) = note_of(app, visit_id).await else {
        return Vec::new();
    };
    outbox::Entity::find()
        .filter(outbox::Column::NoteId.eq(n.id))
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

/// Waits until the outbox row satisfies `done` (the worker's state, never a time); returns it.
pub async fn wait_row(
    app: &TestApp,
    id: i32,
    what: &str,
    done: impl Fn(&outbox::Model) -> bool,
) -> outbox::Model {
    let done = &done;
    eventually(format!("outbox row {id} {what}"), || async move {
        let r = outbox::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        done(&r).then_some(r)
    })
    .await
}

/// The family link in a queued message's text part.
pub fn link_in(text: &str) -> String {
    text.split_whitespace()
        .find(|w| w.contains("/family/open/") && !w.contains('?'))
        .expect("a family link")
        .to_owned()
}

/// The path part of a family link (`/family/open/<token>`).
pub fn path_of(link: &str) -> String {
    let at = link.find("/family/open/").unwrap();
    link[at..].to_owned()
}

/// Decoded (text, html) parts of a raw message.
pub fn parts(raw: &str) -> (String, String) {
    let m = mailparse::parse_mail(raw.as_bytes()).unwrap();
    let (mut text, mut html) = (String::new(), String::new());
    for p in &m.subparts {
        match p.ctype.mimetype.as_str() {
            "text/plain" => text = p.get_body().unwrap(),
            "text/html" => html = p.get_body().unwrap(),
            _ => {}
        }
    }
    (text, html)
}

/// Shares a published activity that has Spanish text at the visit; returns its titles.
pub async fn share_activity(app: &TestApp, visit: &visit::Model) -> (String, String) {
    let es = activity_text::Entity::find()
        .filter(activity_text::Column::Lang.eq(Lang::Es))
        .order_by_asc(activity_text::Column::ActivityId)
        .all(&app.db)
        .await
        .unwrap();
    for t in es {
        let a = activity::Entity::find_by_id(t.activity_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if a.status != activity::Status::Published {
            continue;
        }
        let en = activity_text::Entity::find()
            .filter(activity_text::Column::ActivityId.eq(a.id))
            .filter(activity_text::Column::Lang.eq(Lang::En))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        activity_share::ActiveModel {
            activity_id: Set(a.id),
            child_id: Set(visit.child_id),
            visit_id: Set(Some(visit.id)),
            outcome_origin: Set(None),
            shared_by: Set(visit.provider_id),
            shared_on: Set(visit.starts_at.date()),
            family_feedback: Set(String::new()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        return (en.title, t.title);
    }
    panic!("no published activity with Spanish text");
}
