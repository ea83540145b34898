//! The activity library: accent-blind search in both languages, filters, handouts in the
//! family's language (never the other one in its place), sharing at a visit, starter updates.
use crate::support::*;
use crate::visit_helpers::*;
use hearth::activities::starter;
use hearth::entities::{activity, activity_text, evaluation_result::DevelopmentalDomain};
use hearth::i18n::Lang;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn titles(b: &Browser, query: &str) -> Vec<String> {
    let (status, html) = b.page(&format!("/activities?{query}")).await;
    assert_eq!(status, StatusCode::OK);
    texts(&html, "ul.due li a")
}

#[tokio::test]
async fn search_ignores_accents_in_both_languages_and_filters_combine() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let all = titles(&b, "").await;
    assert!(all.len() >= 60);
    // Spanish words, with and without accents, find the same activities.
    let with = titles(&b, "q=ba%C3%B1o").await;
    let without = titles(&b, "q=bano").await;
    assert!(!with.is_empty());
    assert_eq!(with, without);
    assert!(with.contains(&"Bath-time kicks".to_owned()), "{with:?}");
    assert_eq!(
        titles(&b, "q=canci%C3%B3n").await,
        titles(&b, "q=CANCION").await
    );
    assert!(
        titles(&b, "q=merienda")
            .await
            .contains(&"More at snack".to_owned())
    );
    // English words and prefixes too.
    assert!(
        titles(&b, "q=snac")
            .await
            .contains(&"More at snack".to_owned())
    );
    assert!(titles(&b, "q=zzzzqqq").await.is_empty());

    // Filters combine: communication, 12–18 months, at mealtime.
    let found = titles(&b, "domain=communication&band=12-18&routine=mealtime").await;
    assert!(found.contains(&"More at snack".to_owned()));
    let rows = activity::Entity::find().all(&app.db).await.unwrap();
    let texts_en = activity_text::Entity::find()
        .filter(activity_text::Column::Lang.eq(Lang::En))
        .all(&app.db)
        .await
        .unwrap();
    for t in &found {
        let id = texts_en.iter().find(|x| &x.title == t).unwrap().activity_id;
        let a = rows.iter().find(|a| a.id == id).unwrap();
        assert!(a.domains.0.contains(&DevelopmentalDomain::Communication));
        assert!(
            a.routines
                .contains(hearth::entities::visit::Routine::Mealtime)
        );
        assert!(a.age_min < 18 && a.age_max > 12, "{t}");
    }
    let narrower = titles(
        &b,
        "domain=communication&band=12-18&routine=mealtime&q=spoon",
    )
    .await;
    assert!(narrower.len() < found.len());
    // Unknown filter values are ignored, never an error page.
    assert_eq!(
        titles(&b, "domain=%3Cscript%3E&band=99").await.len(),
        all.len()
    );
}

#[tokio::test]
async fn handouts_come_in_the_asked_language_and_a_missing_translation_is_said() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    let snack = activity_text::Entity::find()
        .filter(activity_text::Column::Title.eq("More at snack"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (status, html) = b
        .page(&format!(
            "/activities/{}/handout?lang=es",
            snack.activity_id
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("lang=\"es\""));
    assert!(html.contains("Más en la merienda"));
    assert!(html.contains("Lo que necesita"));
    assert!(!html.contains("What you need"));
    // Remove the Spanish text: staff see it is missing; no English handout stands in.
    app.exec(&format!(
        "DELETE FROM activity_texts WHERE activity_id = {} AND lang = '{}'",
        snack.activity_id,
        Lang::Es.code()
    ))
    .await;
    let (status, html) = b.page(&format!("/activities/{}", snack.activity_id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Missing Spanish translation"));
    let (status, html) = b
        .page(&format!(
            "/activities/{}/handout?lang=es",
            snack.activity_id
        ))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(!html.contains("Show the snack") && !html.contains("More at snack</h1>"));
}

#[tokio::test]
async fn a_provider_adds_library_activities_to_an_open_visit_note() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, _) = service_of(&app, PROVIDER).await;
    let v = schedule_once(&b, &app, s.id, &ago(1), "05:00", "60").await;
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    let choice =
        first_attr(&html, "input[name=activity_ids]", "value").expect("activities for this age");
    let res = b
        .post(
            &format!("/visits/{}/activities", v.id),
            &[("activity_id", &choice), ("outcome", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(html.contains(&format!("href=\"/activities/{choice}\"")));
    assert_eq!(app.audit_rows("activity.shared").await.len(), 1);
    // Twice is still once; a made-up id changes nothing.
    b.post(
        &format!("/visits/{}/activities", v.id),
        &[("activity_id", &choice)],
    )
    .await;
    b.post(
        &format!("/visits/{}/activities", v.id),
        &[("activity_id", "999999")],
    )
    .await;
    assert_eq!(app.audit_rows("activity.shared").await.len(), 1);
}

/// Activities picked inside the note form are shared with the note, in the same change; a
/// draft activity is refused next to the list and nothing of the note is saved.
#[tokio::test]
async fn activities_picked_in_the_note_are_shared_when_it_is_saved() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let outcome = outcome_origin(&app, plan.id).await;
    let day = ago(1);
    let v = schedule_once(&b, &app, s.id, &day, "05:00", "60").await;
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    let choice = first_attr(&html, "input[name=activity_ids]", "value").expect("activities");
    // Another activity of the list, turned back into a draft after the page was shown.
    let other = html
        .match_indices("name=\"activity_ids\" value=\"")
        .nth(1)
        .map(|(i, m)| html[i + m.len()..].split('"').next().unwrap().to_owned())
        .expect("two activities for this age");
    app.exec(&format!(
        "UPDATE activities SET status = 'draft' WHERE id = {other}"
    ))
    .await;
    let mut f = note(&day, outcome, "save");
    f.push(("activity_ids", other));
    let res = post_note(&b, v.id, v.version, &f).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Choose published activities")
    );
    assert_eq!(visit(&app, v.id).await.version, v.version, "nothing saved");
    let mut f = note(&day, outcome, "sign");
    f.push(("activity_ids", choice.clone()));
    f.push(("activity_ids", choice.clone()));
    let res = post_note(&b, v.id, v.version, &f).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(visit(&app, v.id).await.is_signed());
    assert_eq!(app.audit_rows("activity.shared").await.len(), 1);
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(html.contains(&format!("href=\"/activities/{choice}\"")));
}

#[tokio::test]
async fn starter_updates_never_clobber_local_edits() {
    let app = TestApp::spawn().await;
    let mut lib = starter::library().unwrap();
    // Loaded by the seed already: importing again changes nothing.
    assert_eq!(
        starter::import(&app.db, &lib).await.unwrap(),
        starter::Imported::default()
    );
    // A newer revision: the untouched activity is updated, the locally edited one kept.
    let (a, b) = (lib.activity[0].slug.clone(), lib.activity[1].slug.clone());
    app.exec(&format!(
        "UPDATE activities SET edited_locally = {} WHERE slug = '{b}'",
        if std::env::var("TEST_DATABASE_URL").is_ok() {
            "true"
        } else {
            "1"
        }
    ))
    .await;
    for x in lib.activity.iter_mut().take(2) {
        x.revision += 1;
        x.en.title.push_str(" (revised)");
    }
    let r = starter::import(&app.db, &lib).await.unwrap();
    assert_eq!((r.added, r.updated, r.kept_local), (0, 1, 1));
    let title = |slug: String| {
        let db = app.db.clone();
        async move {
            let act = activity::Entity::find()
                .filter(activity::Column::Slug.eq(slug))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            activity_text::Entity::find()
                .filter(activity_text::Column::ActivityId.eq(act.id))
                .filter(activity_text::Column::Lang.eq(Lang::En))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .title
        }
    };
    assert!(title(a).await.ends_with("(revised)"));
    assert!(!title(b).await.ends_with("(revised)"));
    // The updated activity is still found by its new words.
    let browser = app.signed_in(PROVIDER).await;
    assert_eq!(titles(&browser, "q=revised").await.len(), 1);
}

#[tokio::test]
async fn a_childs_page_suggests_activities_for_its_age_and_plan_and_keeps_what_the_family_said() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    let child = hearth::entities::child::Entity::find_by_id(plan.child_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (status, html) = b.page(&format!("/children/{}", child.id)).await;
    assert_eq!(status, StatusCode::OK);
    let suggested: Vec<String> =
        first_links(&html, "#activities ul.due li a[href^='/activities/']");
    assert!(!suggested.is_empty(), "suggestions shown");
    // Every suggestion covers the child's age today and is published.
    let rules = hearth::program::rules::ProgramRules::default();
    let age = hearth::timeline::age(
        child.date_of_birth,
        child.gestational_weeks.map(|w| w as u32),
        today(),
        &rules,
    );
    let months = age.adjusted_months.unwrap_or(age.months) as i32;
    for href in &suggested {
        let id: i32 = href
            .trim_start_matches("/activities/")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let a = activity::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(
            a.age_min <= months && months <= a.age_max,
            "{id} fits {months} months"
        );
        assert_eq!(a.status, activity::Status::Published);
    }
    // The plan's outcomes lead: the first suggestion works on one of them.
    let outcomes: Vec<_> = hearth::entities::ifsp_outcome::Entity::find()
        .filter(hearth::entities::ifsp_outcome::Column::IfspId.eq(plan.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.cos_outcome)
        .collect();
    let first: i32 = suggested[0]
        .trim_start_matches("/activities/")
        .parse()
        .unwrap();
    let first = activity::Entity::find_by_id(first)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        outcomes.contains(&first.cos_outcome),
        "{outcomes:?} vs {}",
        first.cos_outcome
    );

    // Shared at a visit, it is listed with its date; the family's words are kept.
    let v = schedule_once(&b, &app, s.id, &ago(1), "05:00", "60").await;
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    let choice = first_attr(&html, "input[name=activity_ids]", "value").unwrap();
    b.post(
        &format!("/visits/{}/activities", v.id),
        &[("activity_id", &choice)],
    )
    .await;
    let share = hearth::entities::activity_share::Entity::find()
        .filter(hearth::entities::activity_share::Column::VisitId.eq(v.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let res = b
        .post(
            &format!("/shares/{}/feedback", share.id),
            &[("feedback", "Le encantó en el baño")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.page(&format!("/children/{}", child.id)).await;
    assert!(html.contains("Le encantó en el baño"));
    assert!(html.contains(&format!("href=\"/activities/{choice}\"")));
    // Someone from another program cannot write it.
    let other = app.signed_in(OTHER_ADMIN).await;
    let res = other
        .post(
            &format!("/shares/{}/feedback", share.id),
            &[("feedback", "x")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

fn first_links(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("href").map(str::to_owned))
        .filter(|h| !h.contains("/handout"))
        .collect()
}

#[tokio::test]
async fn an_activity_is_shared_for_an_outcome_from_the_child_page() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (_, plan) = service_of(&app, PROVIDER).await;
    let origin = outcome_origin(&app, plan.id).await;
    let (_, html) = b.page(&format!("/children/{}", plan.child_id)).await;
    let id = first_attr(&html, "#activities form input[name=activity_id]", "value")
        .expect("a suggestion to share");
    let res = b
        .post(
            &format!("/children/{}/activities", plan.child_id),
            &[("activity_id", &id), ("outcome", &origin.to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let share = hearth::entities::activity_share::Entity::find()
        .filter(hearth::entities::activity_share::Column::ChildId.eq(plan.child_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((share.outcome_origin, share.visit_id), (Some(origin), None));
    let (_, html) = b.page(&format!("/children/{}", plan.child_id)).await;
    assert!(html.contains(" · for: "), "the outcome is named");
    // Another program cannot share (the child stays hidden).
    let other = app.signed_in(OTHER_ADMIN).await;
    let res = other
        .post(
            &format!("/children/{}/activities", plan.child_id),
            &[("activity_id", &id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.audit_rows("activity.shared").await.len(), 1);
}
