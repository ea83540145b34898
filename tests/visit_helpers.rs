//! Visits over HTTP, for the visit tests.
use crate::support::*;
use chrono::Duration;
use hearth::entities::{ifsp, ifsp_outcome, ifsp_service, visit};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A consented service of `email` on a signed plan that started at least 30 days ago.
pub async fn service_of(app: &TestApp, email: &str) -> (ifsp_service::Model, ifsp::Model) {
    let provider = app.user_id(email).await;
    let services = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::ProviderId.eq(provider))
        .filter(ifsp_service::Column::ConsentGiven.eq(true))
        .filter(ifsp_service::Column::StartDate.lte(today() - Duration::days(30)))
        .order_by_asc(ifsp_service::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    for s in services {
        let p = ifsp::Entity::find_by_id(s.ifsp_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if p.status == ifsp::Status::Signed
            && s.end_date.is_none_or(|e| e > today() + Duration::days(60))
        {
            return (s, p);
        }
    }
    panic!("no signed, consented service for {email} in the demo");
}

pub async fn outcome_origin(app: &TestApp, plan_id: i32) -> i32 {
    ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(plan_id))
        .order_by_asc(ifsp_outcome::Column::Position)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .origin()
}

pub async fn visits_of_service(app: &TestApp, sid: i32) -> Vec<visit::Model> {
    visit::Entity::find()
        .filter(visit::Column::ServiceId.eq(sid))
        .order_by_asc(visit::Column::StartsAt)
        .all(&app.db)
        .await
        .unwrap()
}

pub async fn visit(app: &TestApp, id: i32) -> visit::Model {
    visit::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// Schedules one visit and returns it.
pub async fn schedule_once(
    b: &Browser,
    app: &TestApp,
    sid: i32,
    date: &str,
    time: &str,
    minutes: &str,
) -> visit::Model {
    let before: Vec<i32> = visits_of_service(app, sid)
        .await
        .iter()
        .map(|v| v.id)
        .collect();
    let res = b
        .post(
            &format!("/services/{sid}/visits"),
            &[
                ("date", date),
                ("time", time),
                ("minutes", minutes),
                ("weeks", "0"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    visits_of_service(app, sid)
        .await
        .into_iter()
        .find(|v| !before.contains(&v.id))
        .expect("a new visit")
}

/// A complete note for `date`, 09:00–10:00 unless changed.
pub fn note(date: &str, outcome: i32, intent: &str) -> Vec<(&'static str, String)> {
    let mut f: Vec<(&'static str, String)> = vec![
        ("date", date.into()),
        ("start", "06:00".into()),
        ("end", "07:00".into()),
        ("method", "in_person".into()),
        ("location", "home".into()),
        ("participants", "Mother and child".into()),
        ("parent_report", "He said 'more' twice at breakfast.".into()),
        ("outcomes", outcome.to_string()),
        ("routine", "mealtime".into()),
        ("tried", "Pausing with the cup in view.".into()),
        (
            "caregiver_did",
            "Mom waited five seconds before helping.".into(),
        ),
        ("child_response", "Signed more, then said 'muh'.".into()),
        (
            "joint_plan",
            "At breakfast and snack, hold the cup and wait for a sign or word.".into(),
        ),
        ("mileage", "12.5".into()),
        ("intent", intent.into()),
    ];
    for k in [
        "joint_planning_done",
        "observation_done",
        "practice_done",
        "reflection_done",
        "feedback_done",
    ] {
        f.push((k, "yes".into()));
    }
    f
}

pub async fn post_note(
    b: &Browser,
    id: i32,
    version: i32,
    fields: &[(&str, String)],
) -> reqwest::Response {
    let token = b.csrf().await;
    let mut all: Vec<(&str, String)> = fields.to_vec();
    all.push(("version", version.to_string()));
    all.push(("_csrf", token));
    b.client
        .post(b.url(&format!("/visits/{id}")))
        .form(&all)
        .send()
        .await
        .unwrap()
}
