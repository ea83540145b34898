//! Driving the transition workspace over HTTP, for the transition and agency tests.
use crate::support::*;
use chrono::{Datelike, Duration};
use hearth::entities::{child, disclosure, transition};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// A demo child moved to 120 days before the third birthday (inside the window, before the
/// 90-day deadline), with the referral long ago.
pub async fn toddler(app: &TestApp) -> child::Model {
    at_120_days(app, child_named(app, "Ava").await).await
}

pub async fn at_120_days(app: &TestApp, c: child::Model) -> child::Model {
    let dob = today() - Duration::days(3 * 365 + 1 - 120);
    let dob = if dob.month() == 2 && dob.day() == 29 {
        dob - Duration::days(1)
    } else {
        dob
    };
    let mut m: child::ActiveModel = c.into();
    m.date_of_birth = Set(dob);
    m.update(&app.db).await.unwrap()
}

pub async fn post(b: &Browser, id: i32, what: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    b.post(&format!("/children/{id}/transition/{what}"), fields)
        .await
}

pub async fn version(app: &TestApp, child_id: i32) -> String {
    transition::Entity::find()
        .filter(transition::Column::ChildId.eq(child_id))
        .one(&app.db)
        .await
        .unwrap()
        .map(|t| t.version.to_string())
        .unwrap_or_else(|| "0".into())
}

pub async fn agencies_for(b: &Browser, id: i32) -> Vec<String> {
    let (_, html) = b.page(&format!("/children/{id}/transition")).await;
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("input[name=agency]").unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("value").map(str::to_owned))
        .collect()
}

pub async fn notify(app: &TestApp, b: &Browser, id: i32) -> reqwest::Response {
    let agencies = agencies_for(b, id).await;
    let v = version(app, id).await;
    let mut fields: Vec<(&str, &str)> = vec![("version", &v)];
    for a in &agencies {
        fields.push(("agency", a));
    }
    post(b, id, "notify", &fields).await
}

pub async fn disclosures(app: &TestApp, child_id: i32) -> Vec<disclosure::Model> {
    disclosure::Entity::find()
        .filter(disclosure::Column::ChildId.eq(child_id))
        .all(&app.db)
        .await
        .unwrap()
}

/// Records the child as potentially eligible for Part B.
pub async fn mark_eligible(app: &TestApp, b: &Browser, id: i32) {
    let v = version(app, id).await;
    let res = post(
        b,
        id,
        "eligibility",
        &[
            ("version", &v),
            ("potentially_eligible", "yes"),
            (
                "eligibility_reason",
                "Delays in two areas at the last evaluation",
            ),
        ],
    )
    .await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
}

/// Records that the family was told of the notification `days` ago.
pub async fn informed(app: &TestApp, b: &Browser, id: i32, days: i64) {
    let v = version(app, id).await;
    let res = post(
        b,
        id,
        "opt-out",
        &[("version", &v), ("opt_out_informed_on", &ago(days))],
    )
    .await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
}
