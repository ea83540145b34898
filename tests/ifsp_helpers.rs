//! Building plans over HTTP, for the IFSP tests.
use crate::support::*;
use hearth::entities::{child, ifsp, ifsp_service};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

pub async fn plans_of(app: &TestApp, child_id: i32) -> Vec<ifsp::Model> {
    ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(child_id))
        .order_by_asc(ifsp::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

pub fn narrative<'a>(
    version: &'a str,
    meeting: &'a str,
    participants: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", version),
        ("meeting_date", meeting),
        ("participants", participants),
        ("present_cognitive", "Explores toys, finds hidden objects."),
        ("present_physical", "Walks with support."),
        ("present_communication", "Uses 3 words; points to request."),
        (
            "present_social_emotional",
            "Warm with family, wary of strangers.",
        ),
        (
            "present_adaptive",
            "Finger-feeds; drinks from an open cup with help.",
        ),
        ("family_agrees", "yes"),
        (
            "family_concerns",
            "He gets frustrated when we don't understand him.",
        ),
        ("routines", "Breakfast, bath, park"),
        (
            "transition_steps",
            "Talk with the family about preschool options.",
        ),
    ]
}

pub const OUTCOME: [(&str, &str); 7] = [
    ("kind", "child"),
    (
        "statement",
        "Noah will ask for more with a word or sign at snack.",
    ),
    (
        "criteria",
        "Asks without a model in three routines for two weeks.",
    ),
    ("procedures", "Parent report and visit observation."),
    ("target_date", "2027-05-01"),
    ("routines", "Snack, bath"),
    ("cos_outcome", "B"),
];

pub fn service(location: &str, justification: &str) -> Vec<(&'static str, String)> {
    vec![
        ("service_type", "speech_language".into()),
        ("frequency", "2".into()),
        ("period", "month".into()),
        ("minutes", "60".into()),
        ("mode", "individual".into()),
        ("method", "in_person".into()),
        ("location", location.into()),
        ("justification", justification.into()),
        ("start_date", ago(0)),
        ("payer", "part_c".into()),
    ]
}

pub async fn post_owned(b: &Browser, path: &str, fields: &[(&str, String)]) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &refs).await
}

/// Noah (active, on James Chen's caseload) gets a complete, signed initial plan.
pub async fn signed_initial_plan(app: &TestApp, b: &Browser) -> (child::Model, i32) {
    let noah = without_plans(app, "Noah").await;
    let id = complete_and_sign(app, b, &noah, &[], 1).await;
    (noah, id)
}

/// Starts a plan of `kind` (empty: the first plan), fills it with the meeting `days_ago`,
/// consents to its one service and signs it. Returns the plan's id.
pub async fn complete_and_sign(
    app: &TestApp,
    b: &Browser,
    kid: &child::Model,
    kind: &[(&str, &str)],
    days_ago: i64,
) -> i32 {
    let res = b.post(&format!("/children/{}/ifsps", kid.id), kind).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = plans_of(app, kid.id).await.last().unwrap().id;
    let (_, html) = b.page(&format!("/ifsps/{id}")).await;
    let version = first_attr(&html, "input[name=version]", "value").unwrap();
    let meeting = ago(days_ago);
    assert_eq!(
        b.post(
            &format!("/ifsps/{id}"),
            &narrative(
                &version,
                &meeting,
                "Keisha Williams (mother), James Chen (SC)"
            )
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    if kind.is_empty() {
        assert_eq!(
            b.post(&format!("/ifsps/{id}/outcomes"), &OUTCOME)
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            post_owned(b, &format!("/ifsps/{id}/services"), &service("home", ""))
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
    }
    let sid = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    if kind.is_empty() {
        let res = b
            .post(
                &format!("/ifsps/{id}/services/{sid}/consent"),
                &[("given", "yes"), ("consent_date", &meeting)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let today = ago(0);
    let res = b
        .post(
            &format!("/ifsps/{id}/sign"),
            &[
                ("parent_name", "Keisha Williams"),
                ("parent_signed_on", &meeting),
                ("parent_method", "in_person"),
                ("coordinator_name", "James Chen"),
                ("coordinator_signed_on", &today),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    id
}

/// A demo child with the demo's plans removed, so a test can write the first one itself.
pub async fn without_plans(app: &TestApp, first_name: &str) -> child::Model {
    let kid = child_named(app, first_name).await;
    for table in ["ifsp_signatures", "ifsp_services", "ifsp_outcomes"] {
        app.exec(&format!(
            "DELETE FROM {table} WHERE ifsp_id IN (SELECT id FROM ifsps WHERE child_id = {})",
            kid.id
        ))
        .await;
    }
    app.exec(&format!("DELETE FROM ifsps WHERE child_id = {}", kid.id))
        .await;
    kid
}
