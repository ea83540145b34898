//! Every page tells the same story about a child's clocks: for the demo children and for
//! children built at every stage, the child page's due list and transition box, the caseload,
//! the coordinator's home page, the transition workspace and the IFSP's timely-start table
//! show the same clock with the same date and state. A few are also written out by hand.
use crate::{clock_helpers::*, ifsp_helpers::complete_and_sign, support::*, transition_helpers::*};
use chrono::Months;
use hearth::entities::{child, ifsp};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

const TRANSITION: [&str; 6] = [
    "transition_plan",
    "opt_out_notice",
    "lea_notification",
    "transition_conference",
    "lea_referral",
    "record_exit",
];

type Key = (i32, String, Option<String>, Option<String>, String, bool);

fn keys<'a>(items: impl IntoIterator<Item = &'a Item>) -> Vec<Key> {
    let mut k: Vec<Key> = items.into_iter().map(Item::key).collect();
    k.sort();
    k
}

fn clocks_and_states(items: &[Item]) -> Vec<(&str, &str)> {
    items
        .iter()
        .map(|i| (i.clock.as_str(), i.state.as_str()))
        .collect()
}

/// Builds a child at each stage on Maria López's caseload, by the forms; returns them by name.
async fn children_at_every_stage(
    app: &TestApp,
    b: &Browser,
) -> HashMap<&'static str, child::Model> {
    let mut kids = HashMap::new();
    let months = |n: u32| today().checked_sub_months(Months::new(n)).unwrap();

    // Intake: referred three days ago.
    kids.insert("Ife", refer(app, b, "Ife", months(20), in_days(-3)).await);

    // Active, with a signed initial IFSP 30 days ago and its service not yet started.
    let bayo = refer(app, b, "Bayo", months(22), in_days(-60)).await;
    b.post(
        &format!("/children/{}/first-contact", bayo.id),
        &[("first_contact_on", &ago(59))],
    )
    .await;
    found_eligible(b, app, bayo.id, in_days(-40), in_days(-38)).await;
    let bayo = child_named(app, "Bayo").await;
    complete_and_sign(app, b, &bayo, &[], 30).await;
    kids.insert("Bayo", child_named(app, "Bayo").await);

    // In the transition window, 120 days before age three: nothing recorded, and everything.
    for name in ["Chi", "Dele"] {
        kids.insert(
            name,
            refer(app, b, name, born_for(in_days(120)), in_days(-300)).await,
        );
    }
    let dele = kids["Dele"].id;
    mark_eligible(app, b, dele).await;
    informed(app, b, dele, 31).await;
    assert_eq!(notify(app, b, dele).await.status(), StatusCode::SEE_OTHER);
    conference_held(app, b, dele, today()).await;

    // 100 days before age three, potentially eligible, the family not told yet: the
    // objection period can no longer end before the notification deadline.
    let efe = refer(app, b, "Efe", born_for(in_days(100)), in_days(-300)).await;
    mark_eligible(app, b, efe.id).await;
    kids.insert("Efe", efe);

    // Referred 60 days before age three, five days ago: before and after eligibility.
    for name in ["Funke", "Gbenga"] {
        kids.insert(
            name,
            refer(app, b, name, born_for(in_days(55)), in_days(-5)).await,
        );
    }
    found_eligible(b, app, kids["Gbenga"].id, in_days(-2), in_days(-1)).await;

    // Referred today, 30 days before age three: no evaluation or IFSP.
    kids.insert(
        "Hadiza",
        refer(app, b, "Hadiza", born_for(in_days(30)), today()).await,
    );

    // Re-referred: first 200 days ago, again five days ago (60 days before age three).
    let ike = refer(app, b, "Ike", born_for(in_days(55)), in_days(-200)).await;
    refer_again(b, &ike, in_days(-5)).await;
    kids.insert("Ike", ike);

    // 41 months old, referred seven months ago, never exited.
    kids.insert(
        "Jide",
        refer(app, b, "Jide", months(41), in_days(-210)).await,
    );

    // Exited today.
    let kunle = refer(app, b, "Kunle", months(24), in_days(-100)).await;
    let res = b
        .post(
            &format!("/children/{}/exit", kunle.id),
            &[
                ("exit_category", "withdrawn_by_parent"),
                ("exit_date", &ago(0)),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    kids.insert("Kunle", kunle);
    kids
}

#[tokio::test]
async fn every_page_shows_the_same_clocks_for_every_child_at_every_stage() {
    let app = TestApp::spawn().await;
    let maria = app.signed_in(COORDINATOR).await;
    let kids = children_at_every_stage(&app, &maria).await;
    let sup = app.signed_in(SUPERVISOR).await;
    let (_, html) = sup.page("/caseload?status=all").await;
    let caseload = items(&html, "tbody");
    let mut homes = Vec::new();
    for coordinator in [COORDINATOR, "coordinator2@riverbend.example"] {
        let b = app.signed_in(coordinator).await;
        let (_, html) = b.page("/").await;
        homes.extend(items(&html, "section[aria-labelledby=next]"));
    }
    assert!(!homes.is_empty());

    let all = child::Entity::find().all(&app.db).await.unwrap();
    assert!(all.len() >= 11 + kids.len());
    let mut pages: HashMap<i32, Vec<Item>> = HashMap::new();
    for c in &all {
        let due = child_items(&sup, c.id, DUE).await;
        let transition: Vec<&Item> = due
            .iter()
            .filter(|i| TRANSITION.contains(&i.clock.as_str()))
            .collect();
        let name = c.full_name();
        assert!(due.iter().all(|i| i.child == c.id), "{name}");
        // The transition box and the workspace show the due list's transition items.
        let boxed = child_items(&sup, c.id, BOX).await;
        assert_eq!(
            keys(&boxed),
            keys(transition.iter().copied()),
            "{name}: box"
        );
        let stand = workspace_items(&sup, c.id).await;
        assert_eq!(
            keys(&stand),
            keys(transition.iter().copied()),
            "{name}: workspace"
        );
        // The caseload and the home pages show the first open item.
        let first_open = due
            .iter()
            .find(|i| i.state == "pending" || i.state == "overdue");
        let row: Vec<&Item> = caseload.iter().filter(|i| i.child == c.id).collect();
        assert_eq!(
            row.len(),
            usize::from(first_open.is_some()),
            "{name}: caseload"
        );
        if let (Some(row), Some(open)) = (row.first(), first_open) {
            assert_eq!(row.key(), open.key(), "{name}: caseload");
        }
        for h in homes.iter().filter(|i| i.child == c.id) {
            assert_eq!(Some(h.key()), first_open.map(Item::key), "{name}: home");
        }
        // The plan in force shows each service's timely start as the due list does.
        for plan in ifsp::Entity::find()
            .filter(ifsp::Column::ChildId.eq(c.id))
            .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
            .all(&app.db)
            .await
            .unwrap()
        {
            let (_, html) = sup.page(&format!("/ifsps/{}", plan.id)).await;
            let starts = items(&html, "#services");
            if c.status.is_open() {
                let listed: Vec<&Item> =
                    due.iter().filter(|i| i.clock == "service_start").collect();
                assert!(!starts.is_empty(), "{name}: the plan's services");
                assert_eq!(keys(&starts), keys(listed), "{name}: IFSP page");
            } else {
                // After the exit only starts already made are shown.
                assert!(
                    starts
                        .iter()
                        .all(|i| i.state != "pending" && i.state != "overdue")
                );
            }
        }
        pages.insert(c.id, due);
    }

    // Written out by hand.
    let page = |name: &str| &pages[&kids[name].id];
    let hadiza = page("Hadiza");
    assert_eq!(
        clocks_and_states(hadiza),
        [("first_contact", "pending"), ("lea_referral", "pending")]
    );
    assert_eq!(hadiza[1].due, Some(day(in_days(29))));
    assert!(
        hadiza[1]
            .text
            .contains("Refer to the school district, with the family's consent")
    );

    let jide = page("Jide");
    let b3 = kids["Jide"]
        .date_of_birth
        .checked_add_months(Months::new(36))
        .unwrap();
    assert_eq!(clocks_and_states(jide), [("record_exit", "overdue")]);
    assert_eq!(jide[0].due, Some(day(b3)));

    assert!(page("Kunle").is_empty());

    let dele = page("Dele");
    for clock in [
        "opt_out_notice",
        "lea_notification",
        "transition_conference",
    ] {
        assert_eq!(
            one(dele, kids["Dele"].id, clock).state,
            "timely",
            "Dele {clock}"
        );
    }

    let efe = one(page("Efe"), kids["Efe"].id, "opt_out_notice");
    assert_eq!(
        (efe.due.clone(), efe.state.as_str()),
        (Some(day(in_days(-21))), "overdue")
    );
    assert!(
        efe.text.contains(&format!(
            "Told today, the family could object until {}: the notification could first go on {}, after its deadline of {}.",
            in_days(30),
            in_days(31),
            in_days(10)
        )),
        "{}",
        efe.text
    );

    for (name, due, state) in [
        ("Funke", in_days(40), "pending"),
        ("Gbenga", in_days(-1), "overdue"),
        ("Ike", in_days(40), "pending"),
    ] {
        for clock in ["lea_notification", "transition_conference"] {
            let i = one(page(name), kids[name].id, clock);
            assert_eq!(
                (i.due.clone(), i.state.as_str(), i.asap),
                (Some(day(due)), state, true),
                "{name} {clock}"
            );
        }
    }

    let bayo = page("Bayo");
    let start = bayo.iter().find(|i| i.clock == "service_start").unwrap();
    assert_eq!(
        (start.due.clone(), start.state.as_str()),
        (Some(day(in_days(0))), "pending")
    );
    assert_eq!(
        one(bayo, kids["Bayo"].id, "review").due,
        Some(day(in_days(-30)
            .checked_add_months(Months::new(6))
            .unwrap()))
    );

    // The demo's referral 30 days before age three.
    let isabella = child_named(&app, "Isabella").await;
    assert_eq!(
        clocks_and_states(&pages[&isabella.id]),
        [("first_contact", "pending"), ("lea_referral", "pending")]
    );
}
