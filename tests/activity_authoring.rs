//! Writing activities: bad input changes nothing, drafts until an admin publishes, every edit
//! keeps history, starter activities are copied rather than changed for everyone.
use crate::support::*;
use hearth::entities::{activity, activity_history, activity_text};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn fields<'a>(title: &'a str, min: &'a str, max: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("domains", "communication"),
        ("domains", "social_emotional"),
        ("routines", "bath"),
        ("cos_outcome", "B"),
        ("age_min", min),
        ("age_max", max),
        ("en_title", title),
        ("en_summary", "Name what splashes."),
        ("en_materials", "Cups"),
        ("en_steps", "Pour\nWait\nName it"),
        ("en_adapt", "Use one cup."),
        ("en_watch_for", "Says 'splash'."),
        ("en_safety", "Stay beside the tub."),
        ("es_title", "Chapotea y dilo"),
        ("version", "1"),
    ]
}

async fn count(app: &TestApp) -> u64 {
    activity::Entity::find().count(&app.db).await.unwrap()
}

#[tokio::test]
async fn bad_input_is_re_rendered_with_messages_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    let before = count(&app).await;
    let res = b.post("/activities", &fields("", "24", "12")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("The oldest age must be more than the youngest."));
    assert!(html.contains("Enter the English title."));
    assert_eq!(
        first_attr(&html, "input[name=age_min]", "value").as_deref(),
        Some("24")
    );
    assert_eq!(
        first_attr(&html, "input[name=es_title]", "value").as_deref(),
        Some("Chapotea y dilo")
    );
    assert!(html.contains("Name what splashes."), "typed text kept");
    assert_eq!(count(&app).await, before);
}

#[tokio::test]
async fn drafts_are_published_by_admins_and_edits_keep_history() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    let res = b
        .post("/activities", &fields("Splash and say", "12", "24"))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id: i32 = location(&res)
        .trim_start_matches("/activities/")
        .parse()
        .unwrap();
    let a = activity::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, activity::Status::Draft);
    // Found by its words; the Spanish text is incomplete and says so.
    let (_, html) = b.page("/activities?q=splash").await;
    assert!(texts(&html, "ul.due li a").contains(&"Splash and say".to_owned()));
    let (_, html) = b.page(&format!("/activities/{id}")).await;
    assert!(html.contains("Incomplete Spanish translation"));
    assert_eq!(
        b.get(&format!("/activities/{id}/handout?lang=es"))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // Only an admin publishes.
    assert_eq!(
        b.post(&format!("/activities/{id}/publish"), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(
        admin
            .post(&format!("/activities/{id}/publish"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        activity::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .status,
        activity::Status::Published
    );

    // An edit keeps the previous version; an edit from a stale version is refused.
    let mut edit = fields("Splash, pour and say", "12", "30");
    edit.retain(|(k, _)| *k != "version");
    edit.push(("version", "1"));
    assert_eq!(
        b.post(&format!("/activities/{id}"), &edit).await.status(),
        StatusCode::SEE_OTHER
    );
    let history = activity_history::Entity::find()
        .filter(activity_history::Column::ActivityId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].version, 1);
    assert!(history[0].snapshot.contains("Splash and say"));
    assert_eq!(
        b.post(&format!("/activities/{id}"), &edit).await.status(),
        StatusCode::CONFLICT
    );
    let a = activity::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((a.age_max, a.version), (30, 2));

    // Another program does not see it.
    let other = app.signed_in(OTHER_ADMIN).await;
    assert_eq!(
        other.get(&format!("/activities/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn starter_activities_are_copied_to_be_adapted() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let snack = activity_text::Entity::find()
        .filter(activity_text::Column::Title.eq("More at snack"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let id = snack.activity_id;
    assert_eq!(
        b.get(&format!("/activities/{id}/edit")).await.status(),
        StatusCode::CONFLICT
    );
    let res = b.post(&format!("/activities/{id}/copy"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let copy_id: i32 = location(&res)
        .trim_start_matches("/activities/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    let copy = activity::Entity::find_by_id(copy_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(copy.program_id, Some(app_program(&app).await));
    assert_eq!(copy.status, activity::Status::Draft);
    let (status, html) = b.page(&format!("/activities/{copy_id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first_attr(&html, "input[name=es_title]", "value").as_deref(),
        Some("Más en la merienda")
    );
    // The starter activity itself is unchanged.
    assert_eq!(
        activity::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .program_id,
        None
    );
}

async fn app_program(app: &TestApp) -> i32 {
    use hearth::entities::user;
    user::Entity::find()
        .filter(user::Column::Email.eq(PROVIDER))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .program_id
}

#[tokio::test]
async fn a_text_over_its_limit_is_refused_next_to_it_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    let res = b
        .post("/activities", &fields("Splash and say", "12", "30"))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id: i32 = location(&res)
        .trim_start_matches("/activities/")
        .parse()
        .unwrap();
    let before = activity_text::Entity::find()
        .filter(activity_text::Column::ActivityId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    let (long_title, long_steps) = ("T".repeat(201), "p".repeat(4001));
    let mut edit = fields("Splash and say", "12", "30");
    edit.retain(|(k, _)| !["en_title", "es_steps"].contains(k));
    edit.push(("en_title", &long_title));
    edit.push(("es_steps", &long_steps));
    let res = b.post(&format!("/activities/{id}"), &edit).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-en_title-error"),
        vec!["Error: Use at most 200 characters (this has 201)."]
    );
    assert_eq!(
        texts(&html, "#f-es_steps-error"),
        vec!["Error: Use at most 4000 characters (this has 4001)."]
    );
    assert!(texts(&html, "#f-en_summary-error").is_empty());
    // What was typed comes back whole, not cut.
    assert_eq!(
        first_attr(&html, "#f-en_title", "value"),
        Some(long_title.clone())
    );
    assert_eq!(texts(&html, "#f-es_steps"), vec![long_steps.clone()]);
    // Nothing changed: same version, same texts, no history.
    let a = activity::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.version, 1);
    let after = activity_text::Entity::find()
        .filter(activity_text::Column::ActivityId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(after, before);
    assert_eq!(
        activity_history::Entity::find()
            .filter(activity_history::Column::ActivityId.eq(id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    // A new activity with an over-long part is not written either.
    let count_before = count(&app).await;
    let mut new = fields("Pour and wait", "12", "30");
    new.retain(|(k, _)| *k != "en_safety");
    let long_safety = "s".repeat(4001);
    new.push(("en_safety", &long_safety));
    let res = b.post("/activities", &new).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&res.text().await.unwrap(), "#f-en_safety-error"),
        vec!["Error: Use at most 4000 characters (this has 4001)."]
    );
    assert_eq!(count(&app).await, count_before);
}
