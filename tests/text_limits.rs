//! Every text field has a limit, answered next to the field (issue #18): one character over
//! it is refused with the reason beside the field, answered 422, the page shows the text as
//! it was typed, and no row changes. Before, these fields cut the text silently and saved.
//! The sign-in, password and new-staff forms answer their refusals 422 like every other form.
//! The limits and messages are written out here, not read from the code.
use crate::db_fingerprint::{fingerprint, fingerprinter};
use crate::family_links::{family, note_link, published, share};
use crate::note_helpers::signed_visits;
use crate::packets::{DISTRICT, agency_named, link_for, planned_child, release, send};
use crate::support::*;
use hearth::entities::{ifsp, ifsp_outcome, visit};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// `n` characters of two bytes each: the limits count characters, not bytes.
fn chars(n: usize) -> String {
    "ñ".repeat(n)
}

/// Sends `fields` to `path` and checks the refusal: 422, nothing changed; returns the page.
async fn refused(app: &TestApp, b: &Browser, path: &str, fields: &[(&str, &str)]) -> String {
    let fp = fingerprinter(app).await;
    let before = fingerprint(app, &fp).await;
    let res = b.post(path, fields).await;
    let status = res.status();
    let html = res.text().await.unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {html}");
    assert_eq!(fingerprint(app, &fp).await, before, "{path} changed a row");
    html
}

#[tokio::test]
async fn a_familys_comment_over_1000_characters_is_refused_in_their_language() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let a = published(&app).await.remove(0);
    let s = share(&app, &v, a.id).await;
    let f = family(&app, &note_link(&app, &v, "a@family.example").await).await;
    let long = chars(1001);
    for (lang, message) in [
        (
            "en",
            "Please keep this to 1000 characters or fewer (this has 1001). Nothing was saved yet: shorten it and press the button again.",
        ),
        (
            "es",
            "Escriba como máximo 1000 caracteres (aquí hay 1001). Todavía no se guardó nada: acórtelo y vuelva a presionar el botón.",
        ),
    ] {
        let path = format!("/family/shares/{}/tried?lang={lang}", s.id);
        let html = refused(&app, &f, &path, &[("comment", &long)]).await;
        let field = format!("#c-{}", s.id);
        assert_eq!(texts(&html, &format!("{field}-error")), vec![message]);
        assert_eq!(texts(&html, &field), vec![long.clone()], "typed text kept");
        assert_eq!(
            first_attr(&html, &field, "aria-describedby"),
            Some(format!("c-{}-error", s.id))
        );
    }
    // At the limit it is saved, whole.
    let res = f
        .post(
            &format!("/family/shares/{}/tried", s.id),
            &[("comment", &chars(1000))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let row = hearth::entities::activity_share::Entity::find_by_id(s.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.family_feedback.ends_with(&chars(1000)), "{row:?}");
}

#[tokio::test]
async fn staff_feedback_over_1000_characters_is_refused_on_the_child_page() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let a = published(&app).await.remove(0);
    let s = share(&app, &v, a.id).await;
    let staff = app.signed_in(PROVIDER).await;
    let long = chars(1001);
    let html = refused(
        &app,
        &staff,
        &format!("/shares/{}/feedback", s.id),
        &[("feedback", &long), ("seen", "")],
    )
    .await;
    let field = format!("#f-fb-{}", s.id);
    assert_eq!(
        texts(&html, &format!("{field}-error")),
        vec!["Error: Use at most 1000 characters (this has 1001)."]
    );
    assert_eq!(texts(&html, &field), vec![long]);
    assert!(
        texts(&html, "h1")
            .concat()
            .contains(&child_first_name(&app, &v).await),
        "the child page again"
    );
}

async fn child_first_name(app: &TestApp, v: &visit::Model) -> String {
    crate::note_helpers::child_of(app, v).await.first_name
}

#[tokio::test]
async fn an_agencys_note_over_2000_characters_is_refused_on_the_packet_page() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(ADMIN).await;
    let district = agency_named(&app, DISTRICT).await;
    let c = planned_child(&app, 0).await;
    release(&b, c.id, DISTRICT, &["ifsp"]).await;
    assert_eq!(
        send(&b, c.id, district.id, &["ifsp"]).await.status(),
        StatusCode::SEE_OTHER
    );
    let agency = app.browser();
    let path = link_for(&app, c.id).await;
    assert_eq!(
        agency.post(&path, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let long = chars(2001);
    let html = refused(
        &app,
        &agency,
        "/agency/packet/outcome",
        &[
            ("outcome", "part_b_eligible"),
            ("outcome_on", "2026-12-15"),
            ("outcome_note", &long),
        ],
    )
    .await;
    assert_eq!(
        texts(&html, "#f-outcome_note-error"),
        vec!["Error: Use at most 2000 characters (this has 2001)."]
    );
    assert_eq!(texts(&html, "#f-outcome_note"), vec![long]);
}

#[tokio::test]
async fn a_progress_note_over_2000_and_an_outcomes_routines_over_500_characters_are_refused() {
    let app = TestApp::spawn().await;
    let emma = child_named(&app, "Emma").await;
    let sup = app.signed_in(SUPERVISOR).await;
    sup.post(
        &format!("/children/{}/ifsps", emma.id),
        &[("kind", "annual")],
    )
    .await;
    let draft = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(emma.id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Draft))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let o = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(draft.id))
        .order_by_asc(ifsp_outcome::Column::Position)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let long = chars(2001);
    let html = refused(
        &app,
        &sup,
        &format!("/ifsps/{}/outcomes/{}/progress", draft.id, o.id),
        &[
            ("rating", "progressing"),
            ("rated_on", &ago(0)),
            ("note", &long),
        ],
    )
    .await;
    let field = format!("#p{}-note", o.id);
    assert_eq!(
        texts(&html, &format!("{field}-error")),
        vec!["Use at most 2000 characters (this has 2001)."]
    );
    assert_eq!(first_attr(&html, &field, "value"), Some(long));

    let routines = chars(501);
    let mut fields: Vec<(&str, &str)> = crate::ifsp_helpers::OUTCOME.to_vec();
    fields.retain(|(n, _)| *n != "routines");
    fields.push(("routines", &routines));
    let html = refused(
        &app,
        &sup,
        &format!("/ifsps/{}/outcomes", draft.id),
        &fields,
    )
    .await;
    // On the draft page the outcome's routines are `outcome_routines` (the plan has its own).
    assert_eq!(
        texts(&html, "#f-outcome_routines-error"),
        vec!["Error: Use at most 500 characters (this has 501)."]
    );
    assert_eq!(
        first_attr(&html, "#f-outcome_routines", "value"),
        Some(routines)
    );
}

#[tokio::test]
async fn a_review_comment_over_2000_characters_is_refused_on_the_visit_page() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER)
        .await
        .into_iter()
        .find(|v| v.reviewed_at.is_none())
        .expect("an unreviewed signed visit");
    let sup = app.signed_in(SUPERVISOR).await;
    let long = chars(2001);
    let html = refused(
        &app,
        &sup,
        &format!("/visits/{}/review", v.id),
        &[("fidelity", "4"), ("comment", &long)],
    )
    .await;
    assert_eq!(
        texts(&html, "#f-comment-error"),
        vec!["Error: Use at most 2000 characters (this has 2001)."]
    );
    assert_eq!(texts(&html, "#f-comment"), vec![long]);
    // Spaces around the text do not count against it.
    let padded = format!("  {}  ", chars(2000));
    let res = sup
        .post(
            &format!("/visits/{}/review", v.id),
            &[("fidelity", "4"), ("comment", &padded)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_credentials_number_and_a_packet_message_over_their_limit_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let provider = app.user_id(PROVIDER).await;
    let number = chars(61);
    let html = refused(
        &app,
        &admin,
        &format!("/staff/{provider}/credentials"),
        &[
            ("kind", "license"),
            ("name", "Speech-Language Pathologist licence"),
            ("number", &number),
            ("issuer", "State board"),
            ("expires_on", ""),
        ],
    )
    .await;
    assert_eq!(
        texts(&html, "#f-number-error"),
        vec!["Error: Use at most 60 characters (this has 61)."]
    );
    assert_eq!(first_attr(&html, "#f-number", "value"), Some(number));

    let district = agency_named(&app, DISTRICT).await;
    let c = planned_child(&app, 0).await;
    release(&admin, c.id, DISTRICT, &["ifsp"]).await;
    let message = chars(2001);
    let a = district.id.to_string();
    let html = refused(
        &app,
        &admin,
        &format!("/children/{}/packets", c.id),
        &[
            ("agency_id", &a),
            ("documents", "ifsp"),
            ("message", &message),
        ],
    )
    .await;
    assert_eq!(
        texts(&html, "#f-message-error"),
        vec!["Error: Use at most 2000 characters (this has 2001)."]
    );
    assert_eq!(texts(&html, "#f-message"), vec![message]);
}

#[tokio::test]
async fn sign_in_password_change_and_new_staff_refusals_answer_422_with_the_field_named() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let email = format!("{}@riverbend.example", "a".repeat(237));
    assert_eq!(email.chars().count(), 255);
    let fp = fingerprinter(&app).await;
    let before = fingerprint(&app, &fp).await;
    let res = b.login(&email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-email-error"),
        vec!["Error: Use at most 254 characters (this has 255)."]
    );
    assert_eq!(first_attr(&html, "#f-email", "value"), Some(email));
    assert_eq!(fingerprint(&app, &fp).await, before);

    let coord = app.signed_in(COORDINATOR).await;
    let new = chars(257);
    let html = refused(
        &app,
        &coord,
        "/account",
        &[("current", PASSWORD), ("new", &new), ("confirm", &new)],
    )
    .await;
    assert_eq!(
        texts(&html, "#f-new-error"),
        vec!["Error: Use at most 256 characters."]
    );

    let admin = app.signed_in(ADMIN).await;
    let name = chars(121);
    let html = refused(
        &app,
        &admin,
        "/staff",
        &[
            ("display_name", &name),
            ("email", "rosa.diaz@riverbend.example"),
            ("role", "coordinator"),
            ("discipline", ""),
            ("password", "a long enough passphrase"),
        ],
    )
    .await;
    assert_eq!(
        texts(&html, "#f-display_name-error"),
        vec!["Error: Use at most 120 characters."]
    );
    assert_eq!(first_attr(&html, "#f-display_name", "value"), Some(name));
}
