//! Issue 17, the parent's signature on the device and the optional visit verification:
//! signing a note stores the caregiver's confirmation (drawn or typed), the actual times and,
//! only where the program allows it and the provider shares it, the location; all in the
//! signing's transaction, named in its audit row. A program may require the confirmation.
use crate::support::*;
use crate::visit_helpers::*;
use hearth::{entities::visit_confirmation, program::rules::ProgramRules};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub(crate) const PATH: &str = "M10.0 20.0 L30.5 40.0 L60 42 M70 20 L90 60";

async fn set_rules(app: &TestApp, rules: ProgramRules) {
    app.exec(&format!(
        "UPDATE programs SET rules = '{}' WHERE slug = 'riverbend'",
        rules.to_json()
    ))
    .await;
}

pub(crate) async fn stored(app: &TestApp, visit: i32) -> Vec<visit_confirmation::Model> {
    visit_confirmation::Entity::find()
        .filter(visit_confirmation::Column::VisitId.eq(visit))
        .all(&app.db)
        .await
        .unwrap()
}

pub(crate) fn with(
    mut f: Vec<(&'static str, String)>,
    extra: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    f.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    f
}

/// A provider's visit two days ago, scheduled and ready for its note.
pub(crate) async fn a_visit(
    app: &TestApp,
    b: &Browser,
) -> (hearth::entities::visit::Model, i32, String) {
    let (s, plan) = service_of(app, PROVIDER).await;
    let outcome = outcome_origin(app, plan.id).await;
    let day = ago(2);
    let v = schedule_once(b, app, s.id, &day, "06:00", "60").await;
    (v, outcome, day)
}

#[tokio::test]
async fn a_program_that_requires_it_refuses_to_sign_without_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    set_rules(
        &app,
        ProgramRules {
            require_caregiver_signature: true,
            ..Default::default()
        },
    )
    .await;
    let b = app.signed_in(PROVIDER).await;
    let (v, outcome, day) = a_visit(&app, &b).await;
    let mut form = note(&day, outcome, "sign");
    form.retain(|(k, _)| *k != "tried");
    form.push((
        "tried",
        "Blowing bubbles after the bath, waiting for 'more'.".into(),
    ));
    let res = post_note(&b, v.id, v.version, &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("This program needs your confirmation before the visit note is signed"),
        "the message is on the page"
    );
    assert!(
        html.contains("id=\"f-caregiver_name\""),
        "next to the field"
    );
    assert!(
        html.contains("Blowing bubbles after the bath, waiting for &#39;more&#39;.")
            || html.contains("Blowing bubbles after the bath, waiting for 'more'.")
    );
    assert_eq!(visit(&app, v.id).await, v, "nothing changed");
    assert!(stored(&app, v.id).await.is_empty());
    assert!(app.audit_rows("visit.signed").await.is_empty());

    // A draft is saved without it.
    let res = post_note(&b, v.id, v.version, &note(&day, outcome, "save")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The typed name is accepted.
    let saved = visit(&app, v.id).await;
    let res = post_note(
        &b,
        v.id,
        saved.version,
        &with(
            note(&day, outcome, "sign"),
            &[
                ("caregiver_name", " Rosa Díaz "),
                ("caregiver_tz", "America/Denver"),
            ],
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(visit(&app, v.id).await.is_signed());
    let rows = stored(&app, v.id).await;
    assert_eq!(rows.len(), 1);
    let c = &rows[0];
    assert_eq!(c.signer_name.as_deref(), Some("Rosa Díaz"));
    assert_eq!(
        c.method,
        Some(visit_confirmation::ConfirmationMethod::Typed)
    );
    assert_eq!(c.signature_path, None);
    assert_eq!(c.device_time_zone.as_deref(), Some("America/Denver"));
    assert_eq!(c.actual_starts_at.format("%H:%M").to_string(), "06:00");
    assert_eq!(c.actual_ends_at.format("%H:%M").to_string(), "07:00");
    let audit = app.audit_rows("visit.signed").await;
    assert_eq!(audit.len(), 1);
    let detail: serde_json::Value = serde_json::from_str(&audit[0].detail).unwrap();
    assert_eq!(detail["caregiver_confirmation"]["method"], "typed");
    assert_eq!(detail["caregiver_confirmation"]["signer"], "Rosa Díaz");
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(
        page.contains("Rosa Díaz (name typed)"),
        "shown on the signed visit"
    );
}

#[tokio::test]
async fn a_drawn_signature_is_stored_and_shown_and_bad_path_data_is_refused() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (v, outcome, day) = a_visit(&app, &b).await;
    let bad = with(
        note(&day, outcome, "sign"),
        &[
            ("caregiver_name", "Rosa Díaz"),
            ("caregiver_path", "M10 10\"/><script>alert(1)</script>"),
        ],
    );
    let res = post_note(&b, v.id, v.version, &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("The signature could not be read. Press Clear and sign again."));
    assert!(!html.contains("<script>alert(1)"), "never raw markup");
    assert_eq!(visit(&app, v.id).await, v);
    let bad_zone = with(
        note(&day, outcome, "sign"),
        &[("caregiver_name", "Rosa"), ("caregiver_tz", "Mars/Olympus")],
    );
    let res = post_note(&b, v.id, v.version, &bad_zone).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stored(&app, v.id).await.is_empty());

    let good = with(
        note(&day, outcome, "sign"),
        &[("caregiver_name", "Rosa Díaz"), ("caregiver_path", PATH)],
    );
    let res = post_note(&b, v.id, v.version, &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let rows = stored(&app, v.id).await;
    assert_eq!(
        rows[0].method,
        Some(visit_confirmation::ConfirmationMethod::Drawn)
    );
    assert_eq!(rows[0].signature_path.as_deref(), Some(PATH));
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(
        page.contains(&format!("d=\"{PATH}\"")),
        "the path as an SVG"
    );
    assert!(page.contains("aria-label=\"Signature of Rosa Díaz\""));
    assert!(page.contains("Rosa Díaz (signature drawn on the device)"));
}

#[tokio::test]
async fn the_location_is_kept_only_where_the_program_allows_it_and_the_provider_shares_it() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let place = [
        ("share_location", "yes"),
        ("start_lat", "39.7392358"),
        ("start_lon", "-104.990251"),
        ("start_accuracy", "12.2"),
        ("end_lat", "39.74"),
        ("end_lon", "-104.99"),
        ("end_accuracy", "30"),
    ];
    // Not allowed by the program: ignored, and the form offers no such checkbox.
    let (v, outcome, day) = a_visit(&app, &b).await;
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(!page.contains("name=\"share_location\""));
    let res = post_note(
        &b,
        v.id,
        v.version,
        &with(note(&day, outcome, "sign"), &place),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let c = &stored(&app, v.id).await[0];
    assert!(!c.location_shared);
    assert_eq!(
        (c.start_lat_e6, c.end_lat_e6, c.start_accuracy_m),
        (None, None, None)
    );
    assert_eq!(c.method, None, "no caregiver confirmation given");

    // Allowed: kept when shared, refused when out of range, remembered for the next note.
    set_rules(
        &app,
        ProgramRules {
            allow_visit_location: true,
            ..Default::default()
        },
    )
    .await;
    let (s, _) = service_of(&app, PROVIDER).await;
    let day2 = ago(3);
    let w = schedule_once(&b, &app, s.id, &day2, "06:00", "60").await;
    let (_, page) = b.page(&format!("/visits/{}", w.id)).await;
    assert!(page.contains("name=\"share_location\""));
    let mut wrong = with(note(&day2, outcome, "sign"), &place);
    wrong.retain(|(k, _)| *k != "end_lat");
    wrong.push(("end_lat", "91".into()));
    let res = post_note(&b, w.id, w.version, &wrong).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stored(&app, w.id).await.is_empty());
    let res = post_note(
        &b,
        w.id,
        w.version,
        &with(note(&day2, outcome, "sign"), &place),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let c = &stored(&app, w.id).await[0];
    assert!(c.location_shared);
    assert_eq!(
        (c.start_lat_e6, c.start_lon_e6, c.start_accuracy_m),
        (Some(39_739_236), Some(-104_990_251), Some(13))
    );
    assert_eq!(
        (c.end_lat_e6, c.end_accuracy_m),
        (Some(39_740_000), Some(30))
    );
    let (_, page) = b.page(&format!("/visits/{}", w.id)).await;
    assert!(page.contains("39.739236, -104.990251 (within 13 m)"));

    let day3 = ago(4);
    let x = schedule_once(&b, &app, s.id, &day3, "06:00", "60").await;
    let (_, page) = b.page(&format!("/visits/{}", x.id)).await;
    assert!(
        page.contains("name=\"share_location\" value=\"yes\" checked"),
        "the provider's last choice"
    );
}
