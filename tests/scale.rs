//! Pages over a whole program stay answers, not 500s, when the program is larger than one
//! SQL statement can bind (SQLite refuses more than 32,766 values in a statement), and show
//! it a page at a time.
use crate::support::*;
use reqwest::StatusCode;
use std::collections::HashSet;

/// 33,000 children more on one coordinator's caseload, copied from Liam in one statement.
async fn grow_program(app: &TestApp, like: i32, n: u32) {
    app.exec(&format!(
        "INSERT INTO children (program_id, family_id, first_name, last_name, date_of_birth, \
         coordinator_id, status, version, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
         SELECT c.program_id, c.family_id, 'Extra', 'Child ' || n.i, c.date_of_birth, \
         c.coordinator_id, c.status, 1, c.created_at, c.updated_at \
         FROM n, children c WHERE c.id = {like}"
    ))
    .await;
}

/// The links to children in the caseload table, and whether each row is marked overdue.
fn listed(html: &str) -> Vec<(String, bool)> {
    let doc = scraper::Html::parse_document(html);
    let row = scraper::Selector::parse("table.caseload tbody tr").unwrap();
    let link = scraper::Selector::parse("a").unwrap();
    doc.select(&row)
        .map(|tr| {
            let href = tr
                .select(&link)
                .next()
                .and_then(|a| a.value().attr("href"))
                .unwrap_or_default()
                .to_owned();
            (href, tr.value().classes().any(|c| c == "overdue"))
        })
        .collect()
}

#[tokio::test]
async fn the_program_caseload_comes_a_page_at_a_time_in_bounded_statements() {
    let app = TestApp::spawn().await;
    let liam = child_named(&app, "Liam").await;
    grow_program(&app, liam.id, 33_000).await;
    let sup = app.signed_in(SUPERVISOR).await;
    let ((status, html), sent) = app.statements_during(sup.page("/caseload")).await;
    assert_eq!(status, StatusCode::OK);
    let most = sent
        .iter()
        .map(|s| s.values.as_ref().map_or(0, |v| v.0.len()))
        .max()
        .unwrap();
    assert!(most <= 300, "a statement bound {most} values");
    assert!(html.len() < 150_000, "the page is {} bytes", html.len());
    // The demo program's 9 open cases and the 33,000 copies of Liam, 50 to a page.
    assert!(html.contains("33009 children"), "{}", &html[..2000]);
    let first = listed(&html);
    assert_eq!(first.len(), 50);
    let viewed = app.audit_rows("caseload.viewed").await;
    let detail: serde_json::Value = serde_json::from_str(&viewed.last().unwrap().detail).unwrap();
    assert_eq!(detail["children"].as_array().unwrap().len(), 50);

    let next = first_attr(&html, "a[rel=next]", "href").expect("a link to the next page");
    let (status, html) = sup.page(&next).await;
    assert_eq!(status, StatusCode::OK);
    let second = listed(&html);
    assert_eq!(second.len(), 50);
    let seen: HashSet<&String> = first.iter().map(|(h, _)| h).collect();
    assert!(
        second.iter().all(|(h, _)| !seen.contains(h)),
        "pages overlap"
    );
    // Overdue first across the pages: once a row is not overdue, none after it is.
    let flags: Vec<bool> = first.iter().chain(&second).map(|(_, o)| *o).collect();
    let from = flags.iter().position(|o| !o).unwrap_or(flags.len());
    assert!(flags[from..].iter().all(|o| !o), "{flags:?}");
}
