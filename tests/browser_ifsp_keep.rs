//! Issue 17, "plans that never lose text": in headless Chromium, at 375 px and at desktop
//! width, a coordinator types the plan's fields, then adds an outcome, a service (by
//! pressing Enter in its field), the parent's consent and tries the signatures in turn;
//! after each, everything typed in the plan is still on the page (saved with the part, the
//! draft being one form).
use crate::browser::{chromium, driver, wait_for_text};
use crate::browser_phone::sign_in;
use crate::ifsp_helpers::{plans_of, without_plans};
use crate::support::*;
use fantoccini::{Client, Locator};
use hearth::entities::{ifsp, ifsp_service};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn type_into(c: &Client, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

async fn tap(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Sets a date or a select the way a picker would (date typing depends on the locale).
async fn set(c: &Client, css: &str, value: &str) {
    c.execute(
        "document.querySelector(arguments[0]).value = arguments[1];",
        vec![css.into(), value.into()],
    )
    .await
    .unwrap();
}

async fn value(c: &Client, css: &str) -> String {
    c.execute(
        "return document.querySelector(arguments[0]).value;",
        vec![css.into()],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// What the coordinator typed in the plan, checked after each part.
const TYPED: [(&str, &str); 3] = [
    (
        "#f-participants",
        "Keisha Williams (mother), James Chen (SC)",
    ),
    ("#f-present_cognitive", "Finds a toy hidden under a cloth."),
    (
        "#f-family_concerns",
        "He gets frustrated when we don't understand him.",
    ),
];

async fn still_typed(c: &Client, after: &str) {
    for (css, text) in TYPED {
        assert_eq!(value(c, css).await, text, "{css} after {after}");
    }
}

async fn journey(width: u32, height: u32) {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let noah = without_plans(&app, "Noah").await;
    let res = sup.post(&format!("/children/{}/ifsps", noah.id), &[]).await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    let id = plans_of(&app, noah.id).await.last().unwrap().id;

    let d = driver().await;
    let c = chromium(&d).await;
    c.set_window_size(width, height).await.unwrap();
    sign_in(&c, &app.base, SUPERVISOR).await;
    c.goto(&format!("{}/ifsps/{id}", app.base)).await.unwrap();
    wait_for_text(&c, "Before it can be signed").await;
    for (css, text) in TYPED {
        type_into(&c, css, text).await;
    }
    set(&c, "#f-meeting_date", &ago(1)).await;

    // An outcome.
    tap(&c, "#outcomes details summary").await;
    type_into(&c, "#f-statement", "Noah will ask for more at snack.").await;
    type_into(&c, "#f-criteria", "Asks in three routines for two weeks.").await;
    type_into(&c, "#f-procedures", "Parent report.").await;
    set(&c, "#f-target_date", "2027-05-01").await;
    set(&c, "#f-cos_outcome", "B").await;
    tap(&c, "button[formaction$='/outcomes']").await;
    wait_for_text(&c, "Outcome added.").await;
    still_typed(&c, "adding an outcome").await;
    assert_eq!(value(&c, "#f-meeting_date").await, ago(1));

    // A service.
    tap(&c, "#services details summary").await;
    set(&c, "#f-service_type", "speech_language").await;
    type_into(&c, "#f-frequency", "2").await;
    set(&c, "#f-start_date", &ago(0)).await;
    // Enter in the service's last field presses the service's button (draft.js), not the
    // form's first one ("Save the plan"), which would leave the service behind.
    type_into(&c, "#f-minutes", "60\u{E007}").await;
    wait_for_text(&c, "Service added.").await;
    still_typed(&c, "adding a service").await;

    // The parent's consent to it.
    let sid = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the service was added")
        .id;
    tap(&c, &format!("input[name='c{sid}.given'][value=yes]")).await;
    set(&c, &format!("#c{sid}-date"), &ago(1)).await;
    tap(
        &c,
        &format!("button[formaction$='/services/{sid}/consent']"),
    )
    .await;
    wait_for_text(&c, "Consent decision recorded.").await;
    still_typed(&c, "recording a consent").await;

    // The signatures: refused (four present levels are still empty), and nothing typed,
    // in the plan or the signatures, is lost.
    type_into(&c, "#f-parent_name", "Keisha Williams").await;
    tap(&c, "button[formaction$='/sign']").await;
    wait_for_text(&c, "There is a problem").await;
    still_typed(&c, "a refused signature").await;
    assert_eq!(value(&c, "#f-parent_name").await, "Keisha Williams");
    c.close().await.unwrap();

    let p = ifsp::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.participants, TYPED[0].1, "saved with the parts");
    assert_eq!(p.status, ifsp::Status::Draft);
}

#[tokio::test]
async fn a_plans_typed_text_survives_every_part_on_a_phone() {
    journey(375, 812).await;
}

#[tokio::test]
async fn a_plans_typed_text_survives_every_part_on_a_desktop() {
    journey(1280, 900).await;
}
