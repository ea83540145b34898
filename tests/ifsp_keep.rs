//! The draft plan is one form: every part's button posts the plan's typed fields, which are
//! saved with the part in the same guarded change (issue #17, "plans that never lose text").
use crate::ifsp_helpers::{OUTCOME, narrative, plans_of, service, without_plans};
use crate::support::*;
use hearth::entities::{ifsp, ifsp_outcome, ifsp_service};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Starts Noah's first plan; returns its id.
async fn draft(app: &TestApp, b: &Browser) -> i32 {
    let noah = without_plans(app, "Noah").await;
    let res = b.post(&format!("/children/{}/ifsps", noah.id), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    plans_of(app, noah.id).await.last().unwrap().id
}

async fn plan(app: &TestApp, id: i32) -> ifsp::Model {
    ifsp::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// The plan's typed fields (at `version`, with `who` as the participants) and a part's.
fn with_plan(version: &str, who: &str, part: &[(&str, String)]) -> Vec<(String, String)> {
    let meeting = ago(1);
    let mut all: Vec<(String, String)> = narrative(version, &meeting, who)
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    all.extend(part.iter().map(|(k, v)| (k.to_string(), v.clone())));
    all
}

async fn post(b: &Browser, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(path, &refs).await
}

fn outcome() -> Vec<(&'static str, String)> {
    // On the draft page the outcome's routines are `outcome_routines`.
    OUTCOME
        .iter()
        .map(|(k, v)| {
            let k = if *k == "routines" {
                "outcome_routines"
            } else {
                k
            };
            (k, v.to_string())
        })
        .collect()
}

#[tokio::test]
async fn every_part_saves_the_plans_typed_fields_with_it() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let id = draft(&app, &sup).await;
    let v0 = plan(&app, id).await.version;

    // The outcome's button: the typed participants and meeting date are saved with it.
    let res = post(
        &sup,
        &format!("/ifsps/{id}/outcomes"),
        &with_plan(&v0.to_string(), "Keisha (mother)", &outcome()),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let p = plan(&app, id).await;
    assert_eq!(p.participants, "Keisha (mother)");
    assert_eq!(p.meeting_date.map(|d| d.to_string()), Some(ago(1)));
    assert_eq!(
        p.routines, "Breakfast, bath, park",
        "the plan's own routines"
    );
    let o = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.routines, "Snack, bath", "the outcome's routines");

    // The service's button, with the participants typed further.
    let res = post(
        &sup,
        &format!("/ifsps/{id}/services"),
        &with_plan(
            &p.version.to_string(),
            "Keisha (mother), James (SC)",
            &service("home", ""),
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let p = plan(&app, id).await;
    assert_eq!(p.participants, "Keisha (mother), James (SC)");
    let sid = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    // One service's consent, its fields named for the service.
    let consent = vec![
        (format!("c{sid}.given"), "yes".to_owned()),
        (format!("c{sid}.consent_date"), ago(1)),
    ];
    let mut fields = with_plan(&p.version.to_string(), "Keisha, James, Tom (OT)", &[]);
    fields.extend(consent);
    let res = post(
        &sup,
        &format!("/ifsps/{id}/services/{sid}/consent"),
        &fields,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let p = plan(&app, id).await;
    assert_eq!(p.participants, "Keisha, James, Tom (OT)");
    let s = ifsp_service::Entity::find_by_id(sid)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.consent_given, Some(true));

    // The signatures' button: the typed fields are what is signed.
    let sign = vec![
        ("parent_name", "Keisha Williams".to_owned()),
        ("parent_signed_on", ago(1)),
        ("parent_method", "in_person".to_owned()),
        ("coordinator_name", "James Chen".to_owned()),
        ("coordinator_signed_on", ago(0)),
    ];
    let res = post(
        &sup,
        &format!("/ifsps/{id}/sign"),
        &with_plan(&p.version.to_string(), "Everyone who came", &sign),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let p = plan(&app, id).await;
    assert_eq!(
        (p.status, p.participants.as_str()),
        (ifsp::Status::Signed, "Everyone who came")
    );
}

#[tokio::test]
async fn a_part_posted_from_an_older_version_shows_the_conflict_and_keeps_both_texts() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let id = draft(&app, &sup).await;
    let v0 = plan(&app, id).await.version.to_string();
    // Someone else saves the plan first.
    let res = post(
        &sup,
        &format!("/ifsps/{id}"),
        &with_plan(&v0, "Saved by Ana", &[]),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let before = plan(&app, id).await;

    let res = post(
        &sup,
        &format!("/ifsps/{id}/outcomes"),
        &with_plan(&v0, "Typed by Ben", &outcome()),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    let rows = texts(&html, "#conflict tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("Saved by Ana") && r.contains("Typed by Ben")),
        "{rows:?}"
    );
    // What was typed is still in the form, at the version now saved.
    assert_eq!(texts(&html, "#f-participants"), vec!["Typed by Ben"]);
    assert_eq!(
        first_attr(&html, "#f-statement", "name").as_deref(),
        Some("statement")
    );
    assert!(texts(&html, "#f-statement")[0].starts_with("Noah will ask"));
    assert_eq!(
        first_attr(&html, "input[name=version]", "value"),
        Some(before.version.to_string())
    );
    // Nothing was written.
    let after = plan(&app, id).await;
    assert_eq!(
        (after.version, after.participants.as_str()),
        (before.version, "Saved by Ana")
    );
    let outcomes = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(outcomes, 0);
}

#[tokio::test]
async fn a_refused_part_shows_the_plans_typed_fields_again_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let id = draft(&app, &sup).await;
    let v0 = plan(&app, id).await.version.to_string();
    let mut part = outcome();
    part.retain(|(k, _)| *k != "statement");
    let res = post(
        &sup,
        &format!("/ifsps/{id}/outcomes"),
        &with_plan(&v0, "Typed, not yet saved", &part),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-participants"),
        vec!["Typed, not yet saved"]
    );
    assert_eq!(
        texts(&html, "#f-criteria"),
        vec!["Asks without a model in three routines for two weeks."]
    );
    let p = plan(&app, id).await;
    assert_eq!((p.participants.as_str(), p.version.to_string()), ("", v0));
}

#[tokio::test]
async fn a_new_draft_lists_what_signing_needs_and_labels_those_fields() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let id = draft(&app, &sup).await;
    let (_, html) = sup.page(&format!("/ifsps/{id}")).await;
    let missing = texts(&html, "#to-sign li");
    assert!(
        missing.contains(&"Enter the meeting date.".to_owned()),
        "{missing:?}"
    );
    assert!(missing.contains(&"Add at least one outcome.".to_owned()));
    assert!(
        missing
            .contains(&"Describe present levels of development in the adaptive area.".to_owned())
    );
    assert_eq!(
        texts(&html, "label[for=f-present_adaptive]"),
        vec!["Present levels: adaptive (required to sign)"]
    );
    assert_eq!(
        texts(&html, "label[for=f-meeting_date]"),
        vec!["Meeting date (required to sign)"]
    );
    assert_eq!(
        texts(&html, "label[for=f-other_services]"),
        vec!["Other services (not Part C) (optional)"]
    );
    // Every part's button posts the one form, which the keeper watches.
    assert_eq!(
        first_attr(&html, "form#plan-form", "data-draft-key"),
        Some(format!("ifsp-{id}"))
    );
    assert_eq!(
        first_attr(
            &html,
            "form#plan-form button[formaction$='/outcomes']",
            "formaction"
        ),
        Some(format!("/ifsps/{id}/outcomes"))
    );
}
