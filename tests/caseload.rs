//! The caseload dashboard, caseload privacy and reassignment.
use crate::support::*;
use reqwest::StatusCode;

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

#[tokio::test]
async fn the_dashboard_and_the_child_page_agree_on_what_is_due_next() {
    use crate::clock_helpers::{DUE, child_items, items};
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let (_, html) = sup.page("/caseload").await;
    let rows = items(&html, "tbody");
    for row in &rows {
        let page = child_items(&sup, row.child, DUE).await;
        let first_open = page
            .iter()
            .find(|i| i.state == "pending" || i.state == "overdue")
            .expect("an open item on the child page");
        assert_eq!(row.key(), first_open.key(), "{row:#?}");
    }
    assert!(rows.len() >= 9, "checked {}", rows.len());
    // Emma had a signed six-month review: her review clock restarted from it.
    let emma = child_named(&app, "Emma").await;
    let page = child_items(&sup, emma.id, DUE).await;
    let review = page.iter().find(|i| i.clock == "review").unwrap();
    assert_eq!(review.state, "pending", "{review:#?}");
}

/// Every demo child, by name.
const DEMO_CHILDREN: [&str; 11] = [
    "Mateo Reyes",
    "Ava Thompson",
    "Liam Nguyen",
    "Sofía Martínez",
    "Noah Williams",
    "Emma Johnson",
    "Elijah Brown",
    "Olivia Davis",
    "Isabella García",
    "Lucas Wilson",
    "Amelia Clark",
];

/// Starts a review of `kid`'s signed plan and adds a speech service with Priya (the demo
/// speech provider), the parent's answer to it `given` ("yes" or "no"); signs the review when
/// `sign`. Returns the plan's id.
async fn review_with_priya(app: &TestApp, b: &Browser, kid: &str, given: &str, sign: bool) -> i32 {
    use crate::ifsp_helpers::*;
    use hearth::entities::ifsp_service;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let kid = child_named(app, kid).await;
    let res = b
        .post(
            &format!("/children/{}/ifsps", kid.id),
            &[("kind", "review")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = plans_of(app, kid.id).await.pop().unwrap().id;
    let mut fields = service("home", "");
    fields.push(("provider_id", app.user_id(PROVIDER).await.to_string()));
    let res = post_owned(b, &format!("/ifsps/{id}/services"), &fields).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let sid = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(id))
        .order_by_desc(ifsp_service::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let today = ago(0);
    let res = b
        .post(
            &format!("/ifsps/{id}/services/{sid}/consent"),
            &[("given", given), ("consent_date", &today)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    if sign {
        let (_, html) = b.page(&format!("/ifsps/{id}")).await;
        let version = first_attr(&html, "input[name=version]", "value").unwrap();
        let res = b
            .post(
                &format!("/ifsps/{id}"),
                &narrative(&version, &today, "Parent, SC"),
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = b
            .post(
                &format!("/ifsps/{id}/sign"),
                &[
                    ("parent_name", "Mark Johnson"),
                    ("parent_signed_on", &today),
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
    }
    id
}

/// Whether a plan of `status` for `kid` has a service with Priya whose consent is `given`:
/// the premises the access rules below are tested on.
async fn priya_on(
    app: &TestApp,
    kid: &str,
    status: hearth::entities::ifsp::Status,
    given: Option<bool>,
) -> bool {
    use hearth::entities::{ifsp, ifsp_service};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let kid = child_named(app, kid).await;
    let me = app.user_id(PROVIDER).await;
    for p in ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(kid.id))
        .filter(ifsp::Column::Status.eq(status))
        .all(&app.db)
        .await
        .unwrap()
    {
        let found = ifsp_service::Entity::find()
            .filter(ifsp_service::Column::IfspId.eq(p.id))
            .filter(ifsp_service::Column::ProviderId.eq(me))
            .all(&app.db)
            .await
            .unwrap();
        if found.iter().any(|s| s.consent_given == given) {
            return true;
        }
    }
    false
}

/// The demo's speech provider, Priya, serves Noah and Lucas (a consented service on each
/// signed plan), and nobody else: not Olivia, whose plan naming her was superseded when she
/// exited; not Sofía, whose draft review adds her; not Emma, whose parent declined the
/// service with her on Emma's signed review.
#[tokio::test]
async fn providers_read_the_children_they_serve_and_nothing_else() {
    use hearth::entities::ifsp::Status;
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    review_with_priya(&app, &sup, "Sofía", "yes", false).await;
    review_with_priya(&app, &sup, "Emma", "no", true).await;
    assert!(priya_on(&app, "Olivia", Status::Superseded, Some(true)).await);
    assert!(!priya_on(&app, "Olivia", Status::Signed, Some(true)).await);
    assert!(priya_on(&app, "Sofía", Status::Draft, Some(true)).await);
    assert!(!priya_on(&app, "Sofía", Status::Signed, Some(true)).await);
    assert!(priya_on(&app, "Emma", Status::Signed, Some(false)).await);
    assert!(!priya_on(&app, "Emma", Status::Signed, Some(true)).await);

    let served = ["Noah Williams", "Lucas Wilson"];
    let b = app.signed_in(PROVIDER).await;
    let (_, html) = b.page("/caseload").await;
    assert_eq!(texts(&html, "h1"), vec!["Families you serve"]);
    let rows = texts(&html, "tbody tr");
    for name in DEMO_CHILDREN {
        let first = name.split(' ').next().unwrap();
        let id = child_named(&app, first).await.id;
        let mine = served.contains(&name);
        assert_eq!(
            rows.iter().any(|r| r.contains(name)),
            mine,
            "{name} listed: {rows:?}"
        );
        let want = if mine {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(
            b.get(&format!("/children/{id}")).await.status(),
            want,
            "{name}"
        );
    }
    // Reading is all: a provider cannot change the record.
    let noah = child_named(&app, "Noah").await;
    let res = b
        .post(
            &format!("/children/{}/consents", noah.id),
            &[
                ("kind", "email"),
                ("given", "yes"),
                ("decided_on", &ago(0)),
                ("decided_by", "X"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_providers_home_page_lists_the_families_they_serve() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (_, html) = b.page("/").await;
    assert_eq!(texts(&html, "#next"), vec!["Families you serve"]);
    assert!(
        !texts(&html, "section[aria-labelledby=next] li").is_empty(),
        "the demo gives this provider families"
    );
}
