//! Issue 3 acceptance: a referral through eligibility by form, bad input, the dashboard,
//! caseload privacy and auditing.
use crate::support::*;
use chrono::{Duration, NaiveDate, Utc};
use hearth::entities::{child, consent, evaluation, referral};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn today() -> NaiveDate {
    // Programs in the demo are in America/New_York.
    Utc::now()
        .with_timezone(&chrono_tz::America::New_York)
        .date_naive()
}

fn ago(days: i64) -> String {
    (today() - Duration::days(days)).to_string()
}

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

async fn child_named(app: &TestApp, first: &str) -> child::Model {
    child::Entity::find()
        .filter(child::Column::FirstName.eq(first))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
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
        assert_eq!(res.status(), StatusCode::OK);
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
async fn the_dashboard_shows_each_childs_next_due_item_overdue_first() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let (status, html) = coord.page("/caseload").await;
    assert_eq!(status, StatusCode::OK);
    let rows = texts(&html, "tbody tr");
    // Demo: Liam was referred 52 days ago with no IFSP: 7 days overdue, listed first.
    assert!(rows[0].starts_with("Liam Nguyen"), "{rows:?}");
    assert!(
        rows[0].contains("Initial IFSP meeting (45 days)") && rows[0].contains("Overdue by 7 days"),
        "{}",
        rows[0]
    );
    // Only Maria López's children: none of James Chen's.
    assert!(!rows.iter().any(|r| r.contains("Noah Williams")));
    assert!(
        rows.iter()
            .any(|r| r.contains("Mateo Reyes") && r.contains("First contact with the family"))
    );
    let (_, html) = coord.page("/caseload?within=3").await;
    let soon = texts(&html, "tbody tr");
    assert!(
        soon.iter()
            .all(|r| r.contains("Overdue") || r.contains("left") || r.contains("today")),
        "{soon:?}"
    );
    assert!(
        !soon.iter().any(|r| r.contains("Lucas Wilson")),
        "Lucas's next item is months away"
    );

    // The supervisor sees the whole program by coordinator.
    let sup = app.signed_in(SUPERVISOR).await;
    let (_, html) = sup.page("/caseload").await;
    let summary = texts(&html, "section.card tbody tr");
    assert!(
        summary.iter().any(|r| r.starts_with("James Chen")),
        "{summary:?}"
    );
    assert!(
        summary.iter().any(|r| r.starts_with("Unassigned")),
        "{summary:?}"
    );
    assert!(
        texts(&html, "tbody tr")
            .iter()
            .any(|r| r.contains("Noah Williams")
                && r.contains("Six-month review")
                && r.contains("Overdue"))
    );
    // Closed cases (Elijah: not eligible) are hidden by default and shown on request.
    assert!(!html.contains("Elijah Brown"));
    let (_, html) = sup.page("/caseload?status=all").await;
    assert!(html.contains("Elijah Brown"));
    let (_, html) = sup.page("/caseload?status=not_eligible").await;
    assert_eq!(
        texts(&html, "table:not(.x) tbody tr a")
            .iter()
            .filter(|t| t.contains("Brown"))
            .count(),
        1
    );
}

#[tokio::test]
async fn coordinators_see_only_their_caseload_unless_the_team_may_and_views_are_audited() {
    let app = TestApp::spawn().await;
    let noah = child_named(&app, "Noah").await; // James Chen's
    let liam = child_named(&app, "Liam").await; // Maria López's
    let maria = app.signed_in(COORDINATOR).await;
    assert_eq!(
        maria.get(&format!("/children/{}", liam.id)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        maria.get(&format!("/children/{}", noah.id)).await.status(),
        StatusCode::NOT_FOUND
    );
    let provider = app.signed_in(PROVIDER).await;
    assert_eq!(
        provider
            .get(&format!("/children/{}", liam.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let other = app.signed_in(OTHER_ADMIN).await;
    assert_eq!(
        other.get(&format!("/children/{}", liam.id)).await.status(),
        StatusCode::NOT_FOUND
    );

    let viewed = app.audit_rows("child.viewed").await;
    assert_eq!(viewed.len(), 1);
    assert_eq!(
        viewed[0].entity_id.as_deref(),
        Some(liam.id.to_string().as_str())
    );
    let denied = app.audit_rows("access.denied").await;
    assert_eq!(denied.len(), 3);
    assert!(denied[0].detail.contains("caseload") && denied[2].detail.contains("other_program"));

    // With team visibility, Maria may read (not change) James's children.
    let rules = hearth::program::rules::ProgramRules {
        team_visibility: true,
        ..Default::default()
    };
    app.exec(&format!(
        "UPDATE programs SET rules = '{}' WHERE slug = 'riverbend'",
        rules.to_json()
    ))
    .await;
    assert_eq!(
        maria.get(&format!("/children/{}", noah.id)).await.status(),
        StatusCode::OK
    );
    let res = maria
        .post(
            &format!("/children/{}/first-contact", noah.id),
            &[("first_contact_on", &ago(1))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (_, html) = maria.page("/caseload?coordinator=team").await;
    assert!(html.contains("Noah Williams"));
}

#[tokio::test]
async fn consents_are_records_and_revocation_is_dated() {
    let app = TestApp::spawn().await;
    let kid = child_named(&app, "Mateo").await;
    let coord = app.signed_in(COORDINATOR).await;
    let path = format!("/children/{}/consents", kid.id);
    let res = coord
        .post(
            &path,
            &[
                ("kind", "release_of_information"),
                ("given", "yes"),
                ("decided_on", &ago(0)),
                ("decided_by", "Lucía Reyes"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Name the agency"));
    assert_eq!(consent::Entity::find().count(&app.db).await.unwrap(), 0);

    let res = coord
        .post(
            &path,
            &[
                ("kind", "release_of_information"),
                ("given", "yes"),
                ("decided_on", &ago(0)),
                ("decided_by", "Lucía Reyes"),
                ("agency_name", "Riverbend School District"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let c = consent::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(c.given && c.revoked_on.is_none());
    coord
        .post(
            &format!("/children/{}/consents/{}/revoke", kid.id, c.id),
            &[],
        )
        .await;
    let c = consent::Entity::find_by_id(c.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.revoked_on, Some(today()));
    assert_eq!(app.audit_rows("consent.revoked").await.len(), 1);
}

#[tokio::test]
async fn a_documented_family_delay_excuses_a_late_ifsp_and_an_agency_one_does_not() {
    let app = TestApp::spawn().await;
    let liam = child_named(&app, "Liam").await;
    let coord = app.signed_in(COORDINATOR).await;
    let res = coord
        .post(
            &format!("/children/{}/delays", liam.id),
            &[
                ("reason", "exceptional_family_circumstances"),
                ("documented_on", &ago(0)),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a family delay needs its documentation"
    );
    coord
        .post(
            &format!("/children/{}/delays", liam.id),
            &[
                ("reason", "agency"),
                ("documented_on", &ago(0)),
                ("note", "No evaluator free"),
            ],
        )
        .await;
    // Hold the IFSP meeting late (issue 4 will set this from the signed plan).
    app.exec(&format!(
        "UPDATE children SET status = 'active', initial_ifsp_on = '{}' WHERE id = {}",
        ago(0),
        liam.id
    ))
    .await;
    let (_, html) = coord.page(&format!("/children/{}", liam.id)).await;
    let ifsp = texts(&html, "ul.due li")
        .into_iter()
        .find(|t| t.contains("Initial IFSP"))
        .unwrap();
    assert!(
        ifsp.contains("Done late"),
        "agency reasons never excuse: {ifsp}"
    );
    coord
        .post(
            &format!("/children/{}/delays", liam.id),
            &[
                ("reason", "exceptional_family_circumstances"),
                ("documented_on", &ago(0)),
                (
                    "note",
                    "Family asked to postpone twice (calls 3 and 10 Nov)",
                ),
            ],
        )
        .await;
    let (_, html) = coord.page(&format!("/children/{}", liam.id)).await;
    let ifsp = texts(&html, "ul.due li")
        .into_iter()
        .find(|t| t.contains("Initial IFSP"))
        .unwrap();
    assert!(ifsp.contains("Late, family reason (timely)"), "{ifsp}");
}

#[tokio::test]
async fn only_an_admin_reassigns_a_child() {
    let app = TestApp::spawn().await;
    let liam = child_named(&app, "Liam").await;
    let james = app.user_id("coordinator2@riverbend.example").await;
    let path = format!("/children/{}/coordinator", liam.id);
    let sup = app.signed_in(SUPERVISOR).await;
    assert_eq!(
        sup.post(&path, &[("coordinator_id", &james.to_string())])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(
        admin
            .post(&path, &[("coordinator_id", &james.to_string())])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(child_named(&app, "Liam").await.coordinator_id, Some(james));
    // Maria no longer sees Liam.
    let maria = app.signed_in(COORDINATOR).await;
    assert_eq!(
        maria.get(&format!("/children/{}", liam.id)).await.status(),
        StatusCode::NOT_FOUND
    );
}
