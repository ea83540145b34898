//! Issue 17, axe-core's findings checked on the HTML: the family handout's headings follow
//! one another without skipping a level, and a table wrapper that scrolls sideways on a phone
//! (every page with a wide table) can take focus and has a name.
use crate::support::*;
use hearth::entities::activity_text;
use reqwest::StatusCode;
use scraper::{Html, Selector};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The heading levels of a page, in document order.
fn heading_levels(html: &str) -> Vec<u8> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    doc.select(&sel)
        .map(|h| h.value().name()[1..].parse().unwrap())
        .collect()
}

#[tokio::test]
async fn the_handout_headings_never_skip_a_level() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    let snack = activity_text::Entity::find()
        .filter(activity_text::Column::Title.eq("More at snack"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // The family's handout (`/family/activities/{id}`) is the same view with a way back.
    for lang in ["en", "es"] {
        let (code, html) = b
            .page(&format!(
                "/activities/{}/handout?lang={lang}",
                snack.activity_id
            ))
            .await;
        assert_eq!(code, StatusCode::OK);
        let levels = heading_levels(&html);
        assert_eq!(levels.first(), Some(&1), "{lang}: starts with its title");
        assert!(levels.len() > 3, "{lang}: {levels:?}");
        for w in levels.windows(2) {
            assert!(
                w[1] <= w[0] + 1,
                "{lang}: h{} follows h{} ({levels:?})",
                w[1],
                w[0]
            );
        }
    }
}

/// Every `.table-wrap` of the page: focusable, a region, and named by a label or by an
/// element with text. Returns how many there were.
fn scrollers_are_focusable_and_named(html: &str) -> usize {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(".table-wrap").unwrap();
    let mut n = 0;
    for w in doc.select(&sel) {
        let a = |k: &str| w.value().attr(k).unwrap_or("").trim().to_owned();
        assert_eq!(
            a("tabindex"),
            "0",
            "{}",
            w.html().chars().take(200).collect::<String>()
        );
        assert_eq!(a("role"), "region");
        let name = match (a("aria-label"), a("aria-labelledby")) {
            (l, _) if !l.is_empty() => l,
            (_, by) if !by.is_empty() => texts(html, &format!("#{by}")).join(" "),
            _ => String::new(),
        };
        assert!(!name.is_empty(), "a scrollable table without a name");
        n += 1;
    }
    n
}

#[tokio::test]
async fn scrollable_tables_on_the_child_and_audit_pages_take_focus_and_have_a_name() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let mateo = child_named(&app, "Mateo").await;
    let (code, html) = admin.page(&format!("/children/{}", mateo.id)).await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(
        scrollers_are_focusable_and_named(&html),
        1,
        "the caregivers"
    );
    let (code, html) = admin.page("/audit").await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(
        scrollers_are_focusable_and_named(&html),
        1,
        "the audit rows"
    );
}

/// Every other page with a wide table: each table's region takes focus and has a name (the
/// count is the tables the demo data gives each page, written out by hand).
#[tokio::test]
async fn every_wide_table_takes_focus_and_has_a_name() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let sup = app.signed_in(SUPERVISOR).await;
    let noah = child_named(&app, "Noah").await;
    let plan = crate::ifsp_helpers::plans_of(&app, noah.id).await;
    let plan = plan.first().expect("Noah has a plan in the demo");
    let ifsp = format!("/ifsps/{}", plan.id);
    for (who, path, at_least) in [
        (&admin, "/staff", 1),
        (&sup, "/caseload", 1),
        (&sup, ifsp.as_str(), 1),
        (&sup, "/reports/indicators", 1),
        (&sup, "/reports/indicators/618", 5),
    ] {
        let (code, html) = who.page(path).await;
        assert_eq!(code, StatusCode::OK, "{path}");
        let n = scrollers_are_focusable_and_named(&html);
        assert!(n >= at_least, "{path}: {n} tables");
    }
}
