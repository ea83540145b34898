//! Issue 17, the parent's signature on the device: in headless Chromium at 375 px and at
//! desktop width, the caregiver draws on the pad (WebDriver pointer actions, which the page
//! receives as pointer events), the provider signs, and the signature is on the signed
//! visit's page, stored as SVG path data with the signer's name and the device's time zone.
use crate::browser::{chromium, driver, wait_for_text};
use crate::browser_phone::{overflow, sign_in};
use crate::support::*;
use crate::visit_helpers::*;
use fantoccini::{
    Client, Locator,
    actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction},
};
use hearth::entities::visit_confirmation::{self, ConfirmationMethod};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;

/// A stroke across the pad: down at the left, three moves, up; offsets from its centre.
async fn draw(c: &Client) {
    let pad = c
        .find(Locator::Css("[data-signature-pad] svg"))
        .await
        .unwrap();
    c.execute(
        "document.querySelector('[data-signature-pad] svg').scrollIntoView({block: 'center'});",
        vec![],
    )
    .await
    .unwrap();
    let to = |x: f64, y: f64| PointerAction::MoveToElement {
        element: pad.clone(),
        duration: Some(Duration::from_millis(50)),
        x,
        y,
    };
    let stroke = MouseActions::new("caregiver".into())
        .then(to(-100.0, 10.0))
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(to(-40.0, -20.0))
        .then(to(20.0, 15.0))
        .then(to(90.0, -10.0))
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    c.perform_actions(stroke).await.unwrap();
}

async fn path_in_form(c: &Client) -> String {
    c.find(Locator::Css("[name=caregiver_path]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_caregiver_draws_a_signature_on_a_phone_and_on_a_desktop_and_it_is_on_the_signed_page() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let d = driver().await;
    let c = chromium(&d).await;
    sign_in(&c, &app.base, PROVIDER).await;
    for (width, height, days, signer) in [(375, 812, 2, "Rosa Díaz"), (1280, 900, 3, "Miguel Díaz")]
    {
        c.set_window_size(width, height).await.unwrap();
        // The note is complete as a draft; what is left is the caregiver's step and Sign.
        let day = ago(days);
        let v = schedule_once(&b, &app, s.id, &day, "06:00", "60").await;
        let res = post_note(&b, v.id, v.version, &note(&day, outcome, "save")).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        c.goto(&format!("{}/visits/{}", app.base, v.id))
            .await
            .unwrap();
        wait_for_text(&c, "Confirm this visit").await;
        let pad = c.find(Locator::Css("[data-signature-pad]")).await.unwrap();
        assert!(
            pad.is_displayed().await.unwrap(),
            "the script shows the pad"
        );
        draw(&c).await;
        let drawn = path_in_form(&c).await;
        assert!(
            drawn.starts_with('M') && drawn.matches(" L").count() >= 3,
            "{drawn}"
        );
        // Clear empties it; a second stroke is the signature.
        c.find(Locator::Css("[data-pad-clear]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        assert_eq!(path_in_form(&c).await, "");
        draw(&c).await;
        let drawn = path_in_form(&c).await;
        assert!(!drawn.is_empty());
        c.find(Locator::Css("[name=caregiver_name]"))
            .await
            .unwrap()
            .send_keys(signer)
            .await
            .unwrap();
        let (over, which) = overflow(&c).await;
        assert_eq!(over, 0, "the note at {width} px is too wide: {which}");
        c.find(Locator::Css("button[name=intent][value=sign]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_text(&c, "Note signed and locked.").await;
        wait_for_text(&c, "Caregiver's confirmation").await;
        let shown = c
            .find(Locator::Css("#confirmation figure svg path"))
            .await
            .unwrap()
            .attr("d")
            .await
            .unwrap()
            .unwrap_or_default();
        assert_eq!(shown, drawn, "the drawn path is on the signed page");
        let caption = c
            .find(Locator::Css("#confirmation figcaption"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(caption, signer);
        let (over, which) = overflow(&c).await;
        assert_eq!(
            over, 0,
            "the signed page at {width} px is too wide: {which}"
        );

        let row = visit_confirmation::Entity::find()
            .filter(visit_confirmation::Column::VisitId.eq(v.id))
            .one(&app.db)
            .await
            .unwrap()
            .expect("stored with the signing");
        assert_eq!(row.method, Some(ConfirmationMethod::Drawn));
        assert_eq!(row.signature_path.as_deref(), Some(drawn.as_str()));
        assert_eq!(row.signer_name.as_deref(), Some(signer));
        assert!(
            row.device_time_zone
                .as_deref()
                .is_some_and(|z| z.parse::<chrono_tz::Tz>().is_ok()),
            "the device's zone: {:?}",
            row.device_time_zone
        );
        assert!(visit(&app, v.id).await.is_signed());
    }
    c.close().await.unwrap();
}
