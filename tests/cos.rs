//! Child Outcomes Summary ratings: entry, exit, and the computed progress category.
use crate::support::*;
use hearth::entities::cos_rating;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn entry_and_exit_ratings_give_a_progress_category_and_contradictions_are_refused() {
    let app = TestApp::spawn().await;
    let kid = child_named(&app, "Sofía").await;
    let coord = app.signed_in(COORDINATOR).await;
    let path = format!("/children/{}/cos", kid.id);
    let (entry_on, exit_on) = (ago(300), ago(0));
    let res = coord
        .post(
            &path,
            &[
                ("phase", "exit"),
                ("rated_on", &exit_on),
                ("rating_a", "6"),
                ("rating_b", "4"),
                ("rating_c", "5"),
                ("team", "Team"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no exit before entry"
    );
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Record the entry ratings first.")
    );

    let res = coord
        .post(
            &path,
            &[
                ("phase", "entry"),
                ("rated_on", &entry_on),
                ("rating_a", "5"),
                ("rating_b", "3"),
                ("rating_c", "6"),
                ("team", "Ana Martínez, Maria López"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = coord
        .post(
            &path,
            &[
                ("phase", "entry"),
                ("rated_on", &entry_on),
                ("rating_a", "5"),
                ("rating_b", "3"),
                ("rating_c", "6"),
                ("team", "Again"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "entry only once"
    );

    // Outcome B improved 3 -> 4 but "no new skills" is a contradiction.
    let mut exit = vec![
        ("phase", "exit"),
        ("rated_on", exit_on.as_str()),
        ("rating_a", "6"),
        ("rating_b", "4"),
        ("rating_c", "7"),
        ("new_skills_a", "yes"),
        ("new_skills_b", "no"),
        ("new_skills_c", "yes"),
        ("team", "Ana Martínez, Maria López"),
    ];
    let res = coord.post(&path, &exit).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(texts(&html, "#f-new_skills_b-error")[0].contains("has shown new skills"));
    assert_eq!(
        first_attr(&html, "#f-rating_c option[selected]", "value").as_deref(),
        Some("7"),
        "typed values kept"
    );
    assert_eq!(cos_rating::Entity::find().count(&app.db).await.unwrap(), 1);

    exit[6] = ("new_skills_b", "yes");
    assert_eq!(
        coord.post(&path, &exit).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, html) = coord.page(&format!("/children/{}", kid.id)).await;
    let rows = texts(&html, "#cos tbody tr");
    assert!(
        rows[0].contains("d — improved to reach same-aged peers"),
        "A: 5 -> 6: {}",
        rows[0]
    );
    assert!(
        rows[1].contains("c — improved nearer to same-aged peers"),
        "B: 3 -> 4: {}",
        rows[1]
    );
    assert!(rows[2].contains("e — maintained"), "C: 6 -> 7: {}", rows[2]);
}

/// domain.md: a "no new skills" with an exit rating above entry is contradictory, also when
/// the exit rating reaches the age-expected range (5 -> 6 would otherwise be category d).
#[tokio::test]
async fn no_new_skills_with_an_exit_rating_above_entry_into_age_expected_is_refused() {
    let app = TestApp::spawn().await;
    let kid = child_named(&app, "Sofía").await;
    let coord = app.signed_in(COORDINATOR).await;
    let path = format!("/children/{}/cos", kid.id);
    let (entry_on, exit_on) = (ago(300), ago(0));
    let entry = [
        ("phase", "entry"),
        ("rated_on", entry_on.as_str()),
        ("rating_a", "5"),
        ("rating_b", "6"),
        ("rating_c", "3"),
        ("team", "Team"),
    ];
    assert_eq!(
        coord.post(&path, &entry).await.status(),
        StatusCode::SEE_OTHER
    );
    let exit = [
        ("phase", "exit"),
        ("rated_on", exit_on.as_str()),
        ("rating_a", "6"),
        ("rating_b", "7"),
        ("rating_c", "3"),
        ("new_skills_a", "no"),
        ("new_skills_b", "no"),
        ("new_skills_c", "no"),
        ("team", "Team"),
    ];
    let res = coord.post(&path, &exit).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(texts(&html, "#f-new_skills_a-error")[0].contains("has shown new skills"));
    assert!(texts(&html, "#f-new_skills_b-error")[0].contains("has shown new skills"));
    // C stayed at 3 with "no": category a, not a contradiction.
    assert!(texts(&html, "#f-new_skills_c-error").is_empty(), "{html}");
    assert_eq!(cos_rating::Entity::find().count(&app.db).await.unwrap(), 1);
}
