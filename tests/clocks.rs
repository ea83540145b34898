//! The six ways the pages used to disagree about a child's clocks, each driven over HTTP and
//! read off the pages' data attributes.
use crate::{clock_helpers::*, support::*, transition_helpers::*};
use chrono::{Duration, Months};
use hearth::entities::referral;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[tokio::test]
async fn a_notification_and_conference_recorded_in_the_workspace_are_done_on_every_page() {
    let app = TestApp::spawn().await;
    let ava = toddler(&app).await; // about 120 days before age three, Maria López's caseload
    let b = app.signed_in(COORDINATOR).await;
    mark_eligible(&app, &b, ava.id).await;
    informed(&app, &b, ava.id, 31).await;
    assert_eq!(
        notify(&app, &b, ava.id).await.status(),
        StatusCode::SEE_OTHER
    );
    conference_held(&app, &b, ava.id, today()).await;

    let stand = workspace_items(&b, ava.id).await;
    assert_eq!(one(&stand, ava.id, "lea_notification").state, "timely");
    assert_eq!(one(&stand, ava.id, "transition_conference").state, "timely");

    let due = child_items(&b, ava.id, DUE).await;
    assert_eq!(
        one(&due, ava.id, "lea_notification").state,
        "timely",
        "{due:#?}"
    );
    assert_eq!(one(&due, ava.id, "transition_conference").state, "timely");

    // Neither the caseload nor the home page still lists the notice or the conference.
    for path in ["/caseload", "/"] {
        let (_, html) = b.page(path).await;
        let listed = items(&html, "main");
        for clock in ["lea_notification", "transition_conference"] {
            assert!(
                find(&listed, ava.id, clock).is_empty(),
                "{path} lists {clock}: {listed:#?}"
            );
        }
    }
}

#[tokio::test]
async fn a_referral_45_to_90_days_before_age_three_has_one_as_soon_as_possible_date_everywhere() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    // Referred five days ago, 60 days before the third birthday.
    let received = in_days(-5);
    let kid = refer(&app, &b, "Tobi", born_for(in_days(55)), received).await;

    // Until eligibility is confirmed: due on the 45-day date (received + 45 = in 40 days).
    let expected = day(in_days(40));
    let check = |items: Vec<Item>, page: &str, due: &str, state: &str| {
        for clock in ["lea_notification", "transition_conference"] {
            let i = one(&items, kid.id, clock);
            assert_eq!(i.due.as_deref(), Some(due), "{page} {clock}: {i:#?}");
            assert_eq!(i.state, state, "{page} {clock}");
            assert!(i.asap, "{page} {clock} shown as soon as possible: {i:#?}");
            assert!(i.text.contains("as soon as possible"), "{page}: {}", i.text);
        }
    };
    check(
        child_items(&b, kid.id, DUE).await,
        "due list",
        &expected,
        "pending",
    );
    check(
        child_items(&b, kid.id, BOX).await,
        "transition box",
        &expected,
        "pending",
    );
    check(
        workspace_items(&b, kid.id).await,
        "workspace",
        &expected,
        "pending",
    );

    // Found eligible with prior written notice yesterday: due that day, so overdue now.
    found_eligible(&b, &app, kid.id, in_days(-2), in_days(-1)).await;
    let expected = day(in_days(-1));
    check(
        child_items(&b, kid.id, DUE).await,
        "due list",
        &expected,
        "overdue",
    );
    check(
        child_items(&b, kid.id, BOX).await,
        "transition box",
        &expected,
        "overdue",
    );
    check(
        workspace_items(&b, kid.id).await,
        "workspace",
        &expected,
        "overdue",
    );
}

#[tokio::test]
async fn after_a_re_referral_every_page_runs_the_clocks_of_the_latest_referral() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    // First referred 200 days ago (the full timeline); referred again five days ago,
    // 60 days before the third birthday.
    let kid = refer(&app, &b, "Kemi", born_for(in_days(55)), in_days(-200)).await;
    refer_again(&b, &kid, in_days(-5)).await;

    let due = child_items(&b, kid.id, DUE).await;
    let stand = workspace_items(&b, kid.id).await;
    // The latest referral is 45–90 days before age three: its 45-day date, in 40 days.
    for clock in ["lea_notification", "transition_conference"] {
        let (page, ws) = (one(&due, kid.id, clock), one(&stand, kid.id, clock));
        assert_eq!(
            page.due.as_deref(),
            Some(day(in_days(40)).as_str()),
            "{page:#?}"
        );
        assert_eq!((&page.due, &page.state), (&ws.due, &ws.state), "{clock}");
    }
    let (_, html) = b.page(&format!("/children/{}/transition", kid.id)).await;
    assert!(
        texts(&html, "dl.facts dd").iter().any(|t| t
            .contains(&in_days(-5).format("%a %-d %b %Y").to_string())
            && t.contains("45–90 days")),
        "the workspace names the latest referral"
    );
}

#[tokio::test]
async fn a_child_past_age_three_without_an_exit_shows_only_record_the_exit() {
    let app = TestApp::spawn().await;
    // Liam: no IFSP yet. Make him 41 months old, referred seven months ago (at 34 months).
    let liam = child_named(&app, "Liam").await;
    let dob = today().checked_sub_months(Months::new(41)).unwrap();
    let b3 = dob.checked_add_months(Months::new(36)).unwrap();
    let mut m: hearth::entities::child::ActiveModel = liam.clone().into();
    m.date_of_birth = Set(dob);
    m.update(&app.db).await.unwrap();
    let r = referral::Entity::find()
        .filter(referral::Column::ChildId.eq(liam.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut rm: referral::ActiveModel = r.into();
    rm.received_on = Set(today() - Duration::days(210));
    rm.update(&app.db).await.unwrap();

    let b = app.signed_in(COORDINATOR).await;
    let due = child_items(&b, liam.id, DUE).await;
    assert_eq!(due.len(), 1, "{due:#?}");
    assert_eq!(due[0].clock, "record_exit");
    assert_eq!(due[0].due.as_deref(), Some(day(b3).as_str()));
    assert_eq!(due[0].state, "overdue");
    assert!(
        due[0]
            .text
            .contains(&format!("Turned three on {b3}: record the exit")),
        "{}",
        due[0].text
    );
    let (_, html) = b.page(&format!("/children/{}", liam.id)).await;
    assert!(
        texts(&html, "section[aria-labelledby=due-h] a")
            .iter()
            .any(|t| t.contains("record the exit")),
        "links the exit form"
    );
    assert!(html.contains(&format!("href=\"/children/{}/exit\"", liam.id)));
    for path in ["/caseload", "/"] {
        let (_, html) = b.page(path).await;
        let listed: Vec<Item> = items(&html, "main")
            .into_iter()
            .filter(|i| i.child == liam.id)
            .collect();
        assert_eq!(listed.len(), 1, "{path}: {listed:#?}");
        assert_eq!(listed[0].key(), due[0].key(), "{path}");
    }
}

#[tokio::test]
async fn a_conference_and_notice_before_the_window_opens_are_flagged_not_done_on_time() {
    let app = TestApp::spawn().await;
    // Ava turns three in 300 days: the window opens nine months before, in about 26 days.
    let b3 = in_days(300);
    let ava = turning_three_on(&app, "Ava", b3).await;
    let opens = b3.checked_sub_months(Months::new(9)).unwrap();
    let b = app.signed_in(COORDINATOR).await;
    mark_eligible(&app, &b, ava.id).await;
    informed(&app, &b, ava.id, 31).await;
    assert_eq!(
        notify(&app, &b, ava.id).await.status(),
        StatusCode::SEE_OTHER
    );
    conference_held(&app, &b, ava.id, today()).await;

    for (page, list) in [
        ("child page", child_items(&b, ava.id, DUE).await),
        ("workspace", workspace_items(&b, ava.id).await),
    ] {
        for clock in ["lea_notification", "transition_conference"] {
            let i = one(&list, ava.id, clock);
            assert_eq!(i.state, "early", "{page} {clock}: {i:#?}");
            assert!(
                i.text
                    .contains(&format!("before the window opened on {opens}")),
                "{page} {clock}: {}",
                i.text
            );
            assert!(!i.text.contains("Done on time"), "{page}: {}", i.text);
        }
    }
}

#[tokio::test]
async fn an_unsigned_back_dated_note_does_not_start_a_service_on_time() {
    use crate::visit_helpers::*;
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = service_of(&app, PROVIDER).await;
    app.exec(&format!(
        "DELETE FROM visits WHERE child_id = {}",
        plan.child_id
    ))
    .await;
    let consent = s.consent_date.unwrap();
    assert!(
        consent + Duration::days(30) < today(),
        "the demo consent is old"
    );
    // A visit three days after consent, its note saved as a draft only.
    let first = consent.max(s.start_date) + Duration::days(3);
    let outcome = outcome_origin(&app, plan.id).await;
    let v = schedule_once(&b, &app, s.id, &first.to_string(), "06:00", "60").await;
    let res = post_note(
        &b,
        v.id,
        v.version,
        &note(&first.to_string(), outcome, "save"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let sup = app.signed_in(SUPERVISOR).await;
    let start = |html: &str| {
        let all = items(html, "#services");
        all.into_iter()
            .find(|i| i.clock == "service_start" && i.service.as_deref() == Some(&s.id.to_string()))
            .expect("a timely-start item for the service")
    };
    let (_, html) = sup.page(&format!("/ifsps/{}", plan.id)).await;
    let item = start(&html);
    assert_eq!(item.state, "overdue", "{item:#?}");
    assert_eq!(
        item.due.as_deref(),
        Some(day(consent + Duration::days(30)).as_str())
    );

    // Signed, the same visit starts the service on time.
    let v = visit(&app, v.id).await;
    let res = post_note(
        &b,
        v.id,
        v.version,
        &note(&first.to_string(), outcome, "sign"),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let (_, html) = sup.page(&format!("/ifsps/{}", plan.id)).await;
    assert_eq!(start(&html).state, "timely");
}

async fn packet_to(app: &TestApp, b: &Browser, child: i32, agency_name: &str) {
    use hearth::entities::agency;
    let a = agency::Entity::find()
        .filter(agency::Column::Name.eq(agency_name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let res = b
        .post(
            &format!("/children/{child}/consents"),
            &[
                ("kind", "release_of_information"),
                ("agency", "other"),
                ("given", "yes"),
                ("decided_on", &ago(0)),
                ("decided_by", "Funmi Adeyemi"),
                ("agency_name", agency_name),
                ("purpose", "Referral at age three"),
                ("records", "evaluation"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = b
        .post(
            &format!("/children/{child}/packets"),
            &[
                ("agency_id", &a.id.to_string()),
                ("message", "Referred to Part C a month before age three."),
                ("documents", "evaluation"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
}

#[tokio::test]
async fn a_referral_fewer_than_45_days_before_age_three_is_done_when_the_school_district_gets_a_packet()
 {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    // Referred today, 30 days before the third birthday.
    let kid = refer(&app, &b, "Uche", born_for(in_days(30)), today()).await;
    let due = child_items(&b, kid.id, DUE).await;
    let clocks: Vec<&str> = due.iter().map(|i| i.clock.as_str()).collect();
    assert_eq!(
        clocks,
        ["first_contact", "lea_referral"],
        "no evaluation, IFSP or notice"
    );
    let lea = one(&due, kid.id, "lea_referral");
    assert_eq!(
        (lea.due.as_deref(), lea.state.as_str()),
        (Some(day(in_days(29)).as_str()), "pending")
    );
    assert!(
        lea.text
            .contains("Refer to the school district, with the family's consent")
    );

    // A packet to Head Start is not the referral to the school district.
    packet_to(&app, &b, kid.id, "Riverbend Head Start").await;
    assert_eq!(
        one(&child_items(&b, kid.id, DUE).await, kid.id, "lea_referral").state,
        "pending"
    );
    packet_to(
        &app,
        &b,
        kid.id,
        "Riverbend Area School District — Early Childhood Special Education",
    )
    .await;
    for list in [
        child_items(&b, kid.id, DUE).await,
        workspace_items(&b, kid.id).await,
    ] {
        let lea = one(&list, kid.id, "lea_referral");
        assert_eq!(lea.state, "timely", "{lea:#?}");
        assert!(
            lea.text.contains(&format!("(done {})", today())),
            "{}",
            lea.text
        );
    }
}
