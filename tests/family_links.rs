//! Family links: a scanner's GET neither uses nor opens them; expired, tampered, revoked and
//! other-family links are refused; a family sees its own child only; "we tried it" reaches
//! the provider; stopping e-mail revokes the caregiver's consent.
use crate::{note_helpers::*, support::*};
use hearth::entities::{activity, activity_share, consent, family_link, visit};
use hearth::i18n::Lang;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// Sends a note for the visit (file transport, no worker: the row keeps the link) and
/// returns the family link's path.
pub async fn note_link(app: &TestApp, v: &visit::Model, email: &str) -> String {
    let c = child_of(app, v).await;
    primary_caregiver(app, &c, email, Lang::En).await;
    let b = app.signed_in(PROVIDER).await;
    assert_eq!(
        send_note(&b, v.id, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let row = outbox_of(app, v.id).await.pop().unwrap();
    path_of(&link_in(&row.text_body))
}

/// A browser with a confirmed family session.
pub async fn family(app: &TestApp, path: &str) -> Browser {
    let f = app.browser();
    let res = f.post(path, &[("then", "")]).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    f
}

pub async fn share(app: &TestApp, v: &visit::Model, activity_id: i32) -> activity_share::Model {
    activity_share::ActiveModel {
        activity_id: Set(activity_id),
        child_id: Set(v.child_id),
        visit_id: Set(Some(v.id)),
        outcome_origin: Set(None),
        shared_by: Set(v.provider_id),
        shared_on: Set(v.starts_at.date()),
        family_feedback: Set(String::new()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
}

/// The published activities of the demo library.
pub async fn published(app: &TestApp) -> Vec<activity::Model> {
    activity::Entity::find()
        .filter(activity::Column::Status.eq(activity::Status::Published))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_scanners_get_neither_uses_nor_opens_the_link_and_confirming_is_required() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let path = note_link(&app, &v, "parent@family.example").await;

    let scanner = app.browser();
    for _ in 0..2 {
        let (status, html) = scanner.page(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Open my family page"));
        assert!(
            !html.contains(&child_of(&app, &v).await.first_name),
            "nothing about the child before confirming"
        );
    }
    assert_eq!(scanner.cookie("hearth_family"), None);
    assert_eq!(scanner.page("/family").await.0, StatusCode::UNAUTHORIZED);
    let row = family_link::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.last_used_at, None, "a GET does not use the link");
    assert!(app.audit_rows("family.link_opened").await.is_empty());

    // A POST without the form's CSRF token is refused; with it, the family is in.
    let res = app
        .browser()
        .client
        .post(app.browser().url(&path))
        .form(&[("then", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let f = family(&app, &path).await;
    assert!(f.cookie("hearth_family").is_some());
    let (status, html) = f.page("/family").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&child_of(&app, &v).await.first_name));
    assert!(html.contains("Coaching notes") && html.contains("What we practised today"));
    let viewed = app.audit_rows("family.viewed").await;
    assert_eq!(viewed.len(), 1);
    assert_eq!(viewed[0].user_id, None);
    assert!(viewed[0].detail.contains("family_link"));
    assert_eq!(app.audit_rows("family.link_opened").await.len(), 1);

    // Leaving ends the session.
    f.post("/family/leave", &[]).await;
    assert_eq!(f.page("/family").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn expired_tampered_revoked_and_other_family_links_are_refused() {
    let app = TestApp::spawn().await;
    let visits = signed_visits(&app, PROVIDER).await;
    let a = visits[0].clone();
    let other = visits
        .iter()
        .find(|v| v.child_id != a.child_id)
        .expect("a second child")
        .clone();
    let path = note_link(&app, &a, "a@family.example").await;
    let other_path = note_link(&app, &other, "b@family.example").await;

    // Tampered: one character of the signature changed.
    let mut bad = path.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == 'A' { 'B' } else { 'A' });
    let (status, html) = app.browser().page(&bad).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("This link no longer works"));
    assert_eq!(
        app.browser().post(&bad, &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Another family's link, re-signed with our key but naming this family: refused (the
    // row behind it belongs to the other family).
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let token = other_path.rsplit('/').next().unwrap();
    let mut claims: serde_json::Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    claims["sub"] = child_of(&app, &a).await.family_id.to_string().into();
    let keys = hearth::state::Keys::derive(SECRET.as_bytes());
    let forged = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &keys.jwt_encoding,
    )
    .unwrap();
    assert_eq!(
        app.browser()
            .page(&format!("/family/open/{forged}"))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    // A staff session token is no family link either.
    let staff = app
        .signed_in(PROVIDER)
        .await
        .cookie("hearth_session")
        .unwrap();
    assert_eq!(
        app.browser().page(&format!("/family/open/{staff}")).await.0,
        StatusCode::UNAUTHORIZED
    );
    let refused = app.audit_rows("family.link_refused").await;
    assert!(refused.len() >= 4, "every refusal is audited");

    // Revoked by staff: the link and the open session stop at once.
    let f = family(&app, &path).await;
    assert_eq!(f.page("/family").await.0, StatusCode::OK);
    let coordinator = app.signed_in(PROVIDER).await;
    let res = coordinator
        .post(&format!("/visits/{}/family-note/revoke-links", a.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(f.page("/family").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.browser().page(&path).await.0, StatusCode::UNAUTHORIZED);

    // Expired: the other family's link, past its date, and its session with it.
    let g = family(&app, &other_path).await;
    assert_eq!(g.page("/family").await.0, StatusCode::OK);
    family_link::Entity::update_many()
        .col_expr(
            family_link::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(
        app.browser().page(&other_path).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(g.page("/family").await.0, StatusCode::UNAUTHORIZED);
    let reasons: Vec<String> = app
        .audit_rows("family.link_refused")
        .await
        .into_iter()
        .map(|r| r.detail)
        .collect();
    assert!(
        reasons.iter().any(|d| d.contains("revoked"))
            && reasons.iter().any(|d| d.contains("expired")),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn a_family_sees_its_own_child_only_and_its_words_reach_the_provider() {
    let app = TestApp::spawn().await;
    let visits = signed_visits(&app, PROVIDER).await;
    let a = visits[0].clone();
    let other = visits
        .iter()
        .find(|v| v.child_id != a.child_id)
        .unwrap()
        .clone();
    let acts = published(&app).await;
    let mine = share(&app, &a, acts[0].id).await;
    let theirs = share(&app, &other, acts[1].id).await;
    let path = note_link(&app, &a, "a@family.example").await;
    let f = family(&app, &path).await;

    let (_, html) = f.page("/family").await;
    assert!(html.contains(&format!("id=\"share-{}\"", mine.id)));
    assert!(!html.contains(&format!("id=\"share-{}\"", theirs.id)));
    assert!(!html.contains(&child_of(&app, &other).await.first_name));
    // Handouts: the shared one opens; the other family's is not there.
    assert_eq!(
        f.page(&format!("/family/activities/{}", acts[0].id))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        f.page(&format!("/family/activities/{}", acts[1].id))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // Nor can this family write on the other family's share.
    let res = f
        .post(
            &format!("/family/shares/{}/tried", theirs.id),
            &[("comment", "x")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // "We tried it": saved, thanked, and shown to the provider on the child's record.
    let res = f
        .post(
            &format!("/family/shares/{}/tried", mine.id),
            &[("comment", "She loved the bubbles")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = f.page(&location(&res)).await;
    assert!(html.contains("Thank you!") && html.contains("She loved the bubbles"));
    let provider = app.signed_in(PROVIDER).await;
    let (_, child_page) = provider.page(&format!("/children/{}", a.child_id)).await;
    assert!(
        child_page.contains("She loved the bubbles"),
        "the provider sees what the family wrote"
    );
    assert_eq!(app.audit_rows("family.activity_tried").await.len(), 1);

    // Staff pages stay closed to a family session.
    assert_eq!(
        f.get(&format!("/children/{}", a.child_id)).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn stopping_email_revokes_the_caregivers_consent_and_the_next_note_has_no_recipient() {
    let app = TestApp::spawn().await;
    let visits = signed_visits(&app, PROVIDER).await;
    let a = visits[0].clone();
    let path = note_link(&app, &a, "a@family.example").await;
    let f = family(&app, &path).await;
    let (_, html) = f.page("/family").await;
    assert!(html.contains("Coaching notes are e-mailed to a@family.example"));
    let res = f.post("/family/email/stop", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = f.page(&location(&res)).await;
    assert!(html.contains("We will not e-mail you coaching notes any more"));
    let revoked = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(a.child_id))
        .filter(consent::Column::Kind.eq(consent::Kind::Email))
        .all(&app.db)
        .await
        .unwrap();
    assert!(revoked.iter().all(|k| k.revoked_on.is_some()));

    // Another signed visit of the same child: nobody to send to, and the page says why.
    let next = visits
        .iter()
        .find(|v| v.child_id == a.child_id && v.id != a.id)
        .expect("the demo child has more than one signed visit");
    {
        let b = app.signed_in(PROVIDER).await;
        let (_, compose) = b.page(&format!("/visits/{}/family-note", next.id)).await;
        assert!(
            compose.contains("no e-mail consent from this caregiver"),
            "{compose}"
        );
        let res = send_note(&b, next.id, None).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(outbox_of(&app, next.id).await.is_empty());
    }
}

#[tokio::test]
async fn link_routes_answer_an_address_a_limited_number_of_times_a_minute_staff_pages_do_not() {
    let app = TestApp::spawn_with(&[("HEARTH_LINK_RATE_PER_MINUTE", "5")]).await;
    let b = app.browser();
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(b.get("/family/open/not-a-token").await.status());
    }
    // The first five are answered (the link is no good); then the address must wait. (At
    // five a minute one more could come back after twelve seconds: the test takes far less.)
    assert_eq!(statuses[..5], [StatusCode::UNAUTHORIZED; 5]);
    assert!(
        statuses[5..].contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let res = b.get("/agency/open/not-a-token").await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "one limit for every link route"
    );
    assert_eq!(res.headers()["retry-after"], "60");
    let page = res.text().await.unwrap();
    assert!(page.contains("Wait a minute, then open your link again."));
    assert!(page.contains("Espere un minuto y vuelva a abrir su enlace."));
    // Staff pages are not link routes.
    for _ in 0..10 {
        assert_eq!(b.get("/login").await.status(), StatusCode::OK);
    }
}
