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

#[tokio::test]
async fn providers_read_the_children_they_serve_and_nothing_else() {
    use hearth::{children::model::serving_providers, entities::child};
    use sea_orm::EntityTrait;
    let app = TestApp::spawn().await;
    let me = app.user_id(PROVIDER).await;
    let mut served = Vec::new();
    let mut not_served = Vec::new();
    for c in child::Entity::find().all(&app.db).await.unwrap() {
        if serving_providers(&app.db, c.id)
            .await
            .unwrap()
            .contains(&me)
        {
            served.push(c);
        } else {
            not_served.push(c);
        }
    }
    assert!(
        !served.is_empty() && !not_served.is_empty(),
        "the demo gives this provider some children"
    );
    let b = app.signed_in(PROVIDER).await;
    let (_, html) = b.page("/caseload").await;
    assert_eq!(texts(&html, "h1"), vec!["Families you serve"]);
    let rows = texts(&html, "tbody tr");
    for c in &served {
        if c.status.is_open() {
            assert!(
                rows.iter().any(|r| r.contains(&c.full_name())),
                "{} listed",
                c.full_name()
            );
        }
        assert_eq!(
            b.get(&format!("/children/{}", c.id)).await.status(),
            StatusCode::OK
        );
    }
    for c in &not_served {
        assert!(!rows.iter().any(|r| r.contains(&c.full_name())));
        assert_eq!(
            b.get(&format!("/children/{}", c.id)).await.status(),
            StatusCode::NOT_FOUND
        );
    }
    // Reading is all: a provider cannot change the record.
    let res = b
        .post(
            &format!("/children/{}/consents", served[0].id),
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
