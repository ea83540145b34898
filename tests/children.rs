//! Issue 3 acceptance: a referral through eligibility by form, bad input, the dashboard,
//! caseload privacy and auditing.
use crate::support::*;
use chrono::Duration;
use hearth::entities::{child, evaluation, referral};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn referral_fields<'a>(first: &'a str, dob: &'a str, received: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("first_name", first),
        ("last_name", "Okonkwo"),
        ("date_of_birth", dob),
        ("gestational_weeks", ""),
        ("received_on", received),
        ("source", "physician"),
        ("concerns", "Not yet babbling at 10 months"),
        ("caregiver_name", "Ngozi Okonkwo"),
        ("relationship", "mother"),
        ("phone", "555-222-1234"),
        ("email", ""),
        ("preferred_contact", "text"),
        ("language", "en"),
        ("county", "Riverbend"),
    ]
}

async fn children_count(app: &TestApp) -> u64 {
    child::Entity::find().count(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_referral_goes_through_eligibility_by_form() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let (dob, received) = (ago(300), ago(10));
    let res = coord
        .post("/children", &referral_fields("Chidi", &dob, &received))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let kid = child_named(&app, "Chidi").await;
    assert_eq!(kid.status, child::Status::Referred);
    assert_eq!(
        kid.coordinator_id,
        Some(app.user_id(COORDINATOR).await),
        "a coordinator's referral lands on their caseload"
    );

    let (status, html) = coord.page(&format!("/children/{}", kid.id)).await;
    assert_eq!(status, StatusCode::OK);
    let due = texts(&html, "ul.due li");
    let expected_ifsp = (today() - Duration::days(10) + Duration::days(45)).to_string();
    assert!(
        due.iter()
            .any(|d| d.contains("Initial IFSP meeting (45 days)")
                && d.contains(&expected_ifsp)
                && d.contains("35 days left")),
        "{due:?}"
    );

    // First contact, then an evaluation with a 30% communication delay.
    let res = coord
        .post(
            &format!("/children/{}/first-contact", kid.id),
            &[("first_contact_on", &ago(9))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let eval_on = ago(2);
    let res = coord
        .post(
            &format!("/children/{}/evaluations", kid.id),
            &[
                ("evaluated_on", eval_on.as_str()),
                ("tools", "BDI-3"),
                ("communication_pct", "30"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let ev = evaluation::Entity::find()
        .filter(evaluation::Column::ChildId.eq(kid.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(ev.proposed_eligible);
    assert!(
        ev.reasons
            .contains("Communication (30% delay) meets the one-area criterion"),
        "{}",
        ev.reasons
    );
    assert_eq!(
        child_named(&app, "Chidi").await.status,
        child::Status::Evaluating
    );

    // The team confirms; prior written notice is dated.
    let res = coord
        .post(
            &format!("/children/{}/evaluations/{}/decision", kid.id, ev.id),
            &[("decision", "eligible"), ("notice_sent_on", &ago(1))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let kid = child_named(&app, "Chidi").await;
    assert_eq!(kid.status, child::Status::Active);
    let (_, html) = coord.page(&format!("/children/{}", kid.id)).await;
    assert!(
        html.contains("Team decision: </strong>eligible"),
        "decision shown"
    );
    for action in [
        "child.referred",
        "child.first_contact",
        "evaluation.recorded",
        "eligibility.decided",
    ] {
        assert_eq!(app.audit_rows(action).await.len(), 1, "{action}");
    }
}

#[tokio::test]
async fn bad_referrals_are_re_rendered_with_messages_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let before = children_count(&app).await;
    let future = (today() + Duration::days(3)).to_string();
    let (d1, d100, d200, d1200) = (ago(1), ago(100), ago(200), ago(1200));
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            referral_fields("Ada", &future, &d1),
            "#f-date_of_birth-error",
            "cannot be in the future",
        ),
        (
            referral_fields("Ada", &d100, &d200),
            "#f-received_on-error",
            "before the child was born",
        ),
        (
            referral_fields("", &d100, &d1),
            "#f-first_name-error",
            "Enter the child's first name.",
        ),
        (
            referral_fields("Ada", "", &d1),
            "#f-date_of_birth-error",
            "Enter the child's date of birth.",
        ),
        (
            referral_fields("Ada", &d100, &future),
            "#f-received_on-error",
            "cannot be in the future",
        ),
        (
            referral_fields("Ada", &d1200, &d1),
            "#f-received_on-error",
            "Part C serves children under three",
        ),
    ];
    for (fields, selector, message) in cases {
        let res = coord.post("/children", &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        let got = texts(&html, selector).join(" ");
        assert!(got.contains(message), "{selector}: {got}");
        // What was typed is still there.
        assert_eq!(
            first_attr(&html, "#f-concerns", "id").as_deref(),
            Some("f-concerns")
        );
        assert!(html.contains("Not yet babbling at 10 months"));
        assert_eq!(
            first_attr(&html, "#f-caregiver_name", "value").as_deref(),
            Some("Ngozi Okonkwo")
        );
    }
    assert_eq!(children_count(&app).await, before);
}

#[tokio::test]
async fn an_evaluation_before_the_referral_is_refused() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    coord
        .post("/children", &referral_fields("Bea", &ago(400), &ago(5)))
        .await;
    let kid = child_named(&app, "Bea").await;
    let res = coord
        .post(
            &format!("/children/{}/evaluations", kid.id),
            &[
                ("evaluated_on", ago(6).as_str()),
                ("tools", "HELP"),
                ("cognitive_pct", "40"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(texts(&html, "#f-evaluated_on-error")[0].contains("before the referral was received"));
    assert_eq!(
        first_attr(&html, "#f-cognitive_pct", "value").as_deref(),
        Some("40")
    );
    assert_eq!(
        first_attr(&html, "#f-tools", "value").as_deref(),
        Some("HELP")
    );
    assert_eq!(
        evaluation::Entity::find()
            .filter(evaluation::Column::ChildId.eq(kid.id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );

    // A first contact before the referral is refused on the child page itself.
    let res = coord
        .post(
            &format!("/children/{}/first-contact", kid.id),
            &[("first_contact_on", &ago(6))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("cannot be before the referral was received")
    );
    let r = referral::Entity::find()
        .filter(referral::Column::ChildId.eq(kid.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.first_contact_on, None);
}

#[tokio::test]
async fn a_possible_duplicate_asks_before_creating_and_can_merge() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let dob = ago(500);
    coord
        .post("/children", &referral_fields("Zoe", &dob, &ago(30)))
        .await;
    let before = children_count(&app).await;

    let d1 = ago(1);
    let mut again = referral_fields("  zoe ", &dob, &d1);
    let html = coord.post("/children", &again).await.text().await.unwrap();
    assert!(html.contains("This child may already have a record"));
    assert_eq!(children_count(&app).await, before);

    let existing = child_named(&app, "Zoe").await;
    let merge = format!("merge:{}", existing.id);
    again.push(("duplicate", &merge));
    let res = coord.post("/children", &again).await;
    assert_eq!(location(&res), format!("/children/{}", existing.id));
    assert_eq!(children_count(&app).await, before);
    assert_eq!(
        referral::Entity::find()
            .filter(referral::Column::ChildId.eq(existing.id))
            .count(&app.db)
            .await
            .unwrap(),
        2
    );

    let mut different = referral_fields("Zoe", &dob, &d1);
    different.push(("duplicate", "new"));
    coord.post("/children", &different).await;
    assert_eq!(children_count(&app).await, before + 1);
}

#[tokio::test]
async fn the_error_summary_lists_problems_in_the_order_of_the_form() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let html = coord
        .post(
            "/children",
            &[
                ("first_name", ""),
                ("last_name", ""),
                ("preferred_contact", "phone"),
                ("language", "en"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    let summary = texts(&html, ".error-summary li");
    let pos = |needle: &str| {
        summary
            .iter()
            .position(|s| s.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in {summary:?}"))
    };
    assert!(pos("first name") < pos("last name"));
    assert!(pos("last name") < pos("date of birth"));
    assert!(pos("date of birth") < pos("caregiver's name"));
    let hrefs: Vec<String> = scraper::Html::parse_document(&html)
        .select(&scraper::Selector::parse(".error-summary a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(hrefs[0], "#f-first_name", "each entry links to its field");
}

#[tokio::test]
async fn a_refused_first_contact_shows_the_child_page_as_the_user_sees_it() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    coord
        .post("/children", &referral_fields("Adaeze", &ago(400), &ago(5)))
        .await;
    let kid = child_named(&app, "Adaeze").await;
    let reassign = format!("form[action='/children/{}/coordinator']", kid.id);

    // The page as the coordinator reads it: activities, and no reassignment (an admin's).
    let (_, page) = coord.page(&format!("/children/{}", kid.id)).await;
    assert_eq!(texts(&page, "#acts-h"), ["Activities"]);
    assert!(texts(&page, &reassign).is_empty());

    // A first contact in the future re-renders that same page, with the error by the field.
    let tomorrow = (today() + Duration::days(1)).to_string();
    let res = coord
        .post(
            &format!("/children/{}/first-contact", kid.id),
            &[("first_contact_on", tomorrow.as_str())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-first_contact_on-error"),
        ["Error: The first contact cannot be in the future."]
    );
    assert_eq!(
        first_attr(&html, "#f-first_contact_on", "value").as_deref(),
        Some(tomorrow.as_str())
    );
    assert_eq!(texts(&html, "#acts-h"), ["Activities"]);
    assert!(
        texts(&html, &reassign).is_empty(),
        "a coordinator may not reassign, so the refused form's page offers no reassignment"
    );

    // An admin still sees reassignment there, as on the page itself.
    let admin = app.signed_in(ADMIN).await;
    let res = admin
        .post(
            &format!("/children/{}/first-contact", kid.id),
            &[("first_contact_on", tomorrow.as_str())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(texts(&html, &reassign).len(), 1);
}
