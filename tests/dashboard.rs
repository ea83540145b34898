//! The program dashboard (issue #14) on a hand-made program (`dashboard/seed.rs`): the
//! figures, the overdue items by coordinator, each monthly series in its chart and its table,
//! the indicators against targets an admin saves, who may see it, and what it costs.
mod records;
pub(crate) mod seed;

use crate::support::*;
use chrono::{Datelike, Duration, NaiveDate};
use reqwest::StatusCode;
use seed::{lakeside, today};

fn numbers(v: Vec<String>) -> Vec<u64> {
    v.iter().map(|s| s.parse().unwrap()).collect()
}

/// The series in the table and in the chart's bars: they must be the same numbers.
fn series(html: &str, id: &str, line: &str) -> Vec<u64> {
    let table = numbers(texts(
        html,
        &format!("table.trend-table[data-series={id}] td[data-line={line}]"),
    ));
    let bars = numbers(attrs(
        html,
        &format!("svg[data-series={id}] rect[data-line={line}]"),
        "data-n",
    ));
    assert_eq!(table, bars, "{id} {line}: the table and the chart differ");
    table
}

/// Where a day falls among the last twelve months (0 the oldest, 11 this month): the test's
/// own arithmetic for the two referrals dated in days before today.
fn slot(d: NaiveDate) -> usize {
    let t = today();
    let back = (t.year() * 12 + t.month() as i32) - (d.year() * 12 + d.month() as i32);
    11 - back as usize
}

fn cell(html: &str, selector: &str) -> String {
    texts(html, selector)
        .pop()
        .unwrap_or_else(|| panic!("{selector}"))
}

#[tokio::test]
async fn the_dashboard_shows_the_hand_counted_figures_and_trends() {
    let app = TestApp::spawn().await;
    let l = lakeside(&app).await;
    let b = app.signed_in(OTHER_ADMIN).await;
    let (status, html) = b.page("/dashboard").await;
    assert_eq!(status, StatusCode::OK, "{html}");

    // Zoe, Ada and Ben are in service; Kai exited; Mia, Max and Ivy are still referred.
    assert_eq!(cell(&html, "li[data-figure=active] .stat"), "3");
    assert_eq!(cell(&html, "li[data-figure=referrals] .stat"), "1");
    assert_eq!(cell(&html, "li[data-figure=overdue] .stat"), "4");
    assert_eq!(
        cell(&html, "li[data-figure=visits]"),
        "1 of 2 planned visits delivered this month"
    );
    assert_eq!(
        cell(&html, "li[data-figure=notes]"),
        "1 coaching notes sent this month, 0 opened"
    );
    assert_eq!(cell(&html, "li[data-figure=credentials] .stat"), "1");
    assert_eq!(
        first_attr(&html, "li[data-figure=active] a", "href").unwrap(),
        "/caseload?status=active"
    );

    // Cora: Mia's IFSP (1) and Max's first contact and IFSP (2); Dan none; Ivy has no one.
    let row = |id: i32, n: &str| {
        cell(
            &html,
            &format!("tr[data-coordinator=\"{id}\"] td[data-n={n}]"),
        )
    };
    assert_eq!(
        (row(l.cora, "items"), row(l.cora, "children")),
        ("3".into(), "2".into())
    );
    assert_eq!(
        (row(l.dan, "items"), row(l.dan, "children")),
        ("0".into(), "0".into())
    );
    assert_eq!(
        (row(0, "items"), row(0, "children")),
        ("1".into(), "1".into())
    );
    assert_eq!(
        first_attr(
            &html,
            &format!("tr[data-coordinator=\"{}\"] a", l.cora),
            "href"
        )
        .unwrap(),
        format!("/caseload?coordinator={}", l.cora)
    );

    // Referrals: Kai (9 months back; his first, the day before the twelve months, is not
    // counted), Ivy (3), Mia and Max (2), Zoe (this month), and Ada and Ben 45 and 46 days ago.
    let mut referrals = vec![0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 0, 1];
    referrals[slot(today() - Duration::days(45))] += 1;
    referrals[slot(today() - Duration::days(46))] += 1;
    assert_eq!(series(&html, "referrals", "received"), referrals);
    // Visits: the first minute of the twelve months (the one before is out), one never
    // logged 4 months back, two delivered and one cancelled last month, one delivered and one
    // still scheduled this month.
    assert_eq!(
        series(&html, "visits", "planned"),
        [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 3, 2]
    );
    assert_eq!(
        series(&html, "visits", "delivered"),
        [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1]
    );
    // Notes: one 3 months back with two links both opened (one note opened); two last month,
    // one opened; one this month; the draft is not sent.
    assert_eq!(
        series(&html, "notes", "sent"),
        [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1]
    );
    assert_eq!(
        series(&html, "notes", "opened"),
        [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0]
    );
    // A bar per month for each line, and the chart labelled for a screen reader.
    assert_eq!(
        attrs(&html, "svg[data-series=visits] rect", "data-n").len(),
        24
    );
    assert_eq!(
        attrs(&html, "svg[data-series=referrals] rect", "data-n").len(),
        12
    );
    assert_eq!(
        attrs(&html, "svg.trend-chart", "role"),
        ["img", "img", "img"]
    );
    assert_eq!(texts(&html, "svg[data-series=visits] > title").len(), 1);
    assert!(cell(&html, "svg[data-series=visits] desc").starts_with("Planned: "));
    assert_eq!(
        attrs(&html, ".chart-row .table-wrap", "tabindex"),
        ["0", "0", "0"]
    );

    // Audited as a program-level read.
    let rows = app.audit_rows("report.viewed").await;
    let last = rows.last().unwrap();
    assert_eq!(
        (last.entity_type.as_str(), last.entity_id.clone()),
        ("program", Some(l.program.to_string()))
    );
    assert!(last.detail.contains("\"dashboard\""), "{}", last.detail);
}

#[tokio::test]
async fn targets_are_saved_refused_and_compared() {
    let app = TestApp::spawn().await;
    lakeside(&app).await;
    let b = app.signed_in(OTHER_ADMIN).await;
    let (status, html) = b.page("/settings/targets").await;
    assert_eq!(status, StatusCode::OK);
    let seen = first_attr(&html, "input[name=seen]", "value").unwrap();

    // Refused: 120 and "abc", with the typed values kept and nothing saved.
    let res = b
        .post(
            "/settings/targets",
            &[("seen", &seen), ("c7", "120"), ("c1", "abc"), ("c2", "80")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(first_attr(&html, "input[name=c7]", "value").unwrap(), "120");
    assert_eq!(first_attr(&html, "input[name=c1]", "value").unwrap(), "abc");
    assert_eq!(first_attr(&html, "input[name=c2]", "value").unwrap(), "80");
    assert_eq!(
        texts(&html, ".has-error .error"),
        [
            "Error: Enter the C1 target as a percent from 0 to 100 (at most two decimals), or leave it empty.",
            "Error: Enter the C7 target as a percent from 0 to 100 (at most two decimals), or leave it empty."
        ]
    );
    assert!(app.audit_rows("program.targets_changed").await.is_empty());

    // Saved.
    let res = b
        .post(
            "/settings/targets",
            &[
                ("seen", &seen),
                ("c7", "95"),
                ("c1", "90,5"),
                ("c5", "1.25"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.page("/settings/targets").await;
    assert_eq!(
        first_attr(&html, "input[name=c1]", "value").unwrap(),
        "90.5"
    );
    assert_eq!(
        first_attr(&html, "input[name=c5]", "value").unwrap(),
        "1.25"
    );
    assert_eq!(app.audit_rows("program.targets_changed").await.len(), 1);

    // A save from the page opened before it is refused, theirs kept.
    let res = b
        .post("/settings/targets", &[("seen", &seen), ("c7", "50")])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert_eq!(first_attr(&html, "input[name=c7]", "value").unwrap(), "50");
    assert!(html.contains(hearth::views::conflict::MEANWHILE));
    let (_, html) = b.page("/settings/targets").await;
    assert_eq!(first_attr(&html, "input[name=c7]", "value").unwrap(), "95");

    // The dashboard: C7 is Ada on time and Ben a day late (1 of 2, 50.0%) against 95: not
    // met. On 1 July Ben's deadline (yesterday) is in the previous federal year: 1 of 1.
    let (_, html) = b.page("/dashboard").await;
    let row = |k: &str, n: &str| {
        cell(
            &html,
            &format!("table#targets tr[data-indicator={k}] td[data-n={n}]"),
        )
    };
    let t = today();
    let c7 = if (t.month(), t.day()) == (7, 1) {
        ("100.0", "1 / 1", "Met")
    } else {
        ("50.0", "1 / 2", "Not met")
    };
    assert_eq!(
        (
            row("c7", "percent"),
            row("c7", "of"),
            row("c7", "target"),
            row("c7", "result")
        ),
        (c7.0.into(), c7.1.into(), "95".into(), c7.2.into())
    );
    // C1: no new service this year, so nothing to compare; C2 has no target.
    assert_eq!(
        (
            row("c1", "percent"),
            row("c1", "target"),
            row("c1", "result")
        ),
        ("—".into(), "90.5".into(), "No data yet".into())
    );
    assert_eq!(row("c2", "result"), "No target");
    assert_eq!(
        first_attr(&html, "table#targets tr[data-indicator=c7] a", "href").unwrap(),
        format!(
            "/reports/indicators/c7?from={}&to={}",
            hearth::reports::Period::federal_year(t).from,
            hearth::reports::Period::federal_year(t).to
        )
    );
}

#[tokio::test]
async fn supervisors_and_admins_of_the_program_only() {
    let app = TestApp::spawn().await;
    lakeside(&app).await;
    for (who, expected) in [
        (SUPERVISOR, StatusCode::OK),
        (ADMIN, StatusCode::OK),
        (COORDINATOR, StatusCode::FORBIDDEN),
        (PROVIDER, StatusCode::FORBIDDEN),
    ] {
        let (status, _) = app.signed_in(who).await.page("/dashboard").await;
        assert_eq!(status, expected, "{who}");
    }
    // Riverbend's dashboard shows none of Lakeside's people.
    let (_, html) = app.signed_in(SUPERVISOR).await.page("/dashboard").await;
    assert!(!html.contains("Cora Lake"), "another program's coordinator");
    assert!(!html.contains("Dan Lake"));
    // The nav and the home page lead to it.
    let (_, home) = app.signed_in(SUPERVISOR).await.page("/").await;
    assert!(!attrs(&home, "nav a[href=\"/dashboard\"]", "href").is_empty());
    assert!(!attrs(&home, "#dashboard-link a", "href").is_empty());
}
