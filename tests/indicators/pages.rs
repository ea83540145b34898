//! The drill-downs list their children 50 to a page (issue #14/#16: every page small): the
//! scenario plus 60 more children on time gives C7 63 children, by hand: late Cal (1), family
//! delay Ben (1), on time Ava and the 60 (61); 62 of 63. Page 1 shows Cal, Ben and 48 on
//! time; page 2 the other 13. The figures and the CSV stay whole.
use super::PERIOD;
use super::seed::{more_on_time, scenario};
use crate::support::*;
use reqwest::StatusCode;

const C7: &str = "/reports/indicators/c7";

/// (late rows, family-delay rows, on-time rows) shown, and the figure's numerator and
/// denominator.
fn shown(html: &str) -> (usize, usize, usize, String, String) {
    let n = |v: &str| texts(html, &format!("table[data-verdict={v}] tbody tr")).len();
    (
        n("late"),
        n("family_delay"),
        n("timely"),
        first_attr(html, "#figure", "data-numerator").unwrap(),
        first_attr(html, "#figure", "data-denominator").unwrap(),
    )
}

fn figure(late: usize, family: usize, timely: usize) -> (usize, usize, usize, String, String) {
    (late, family, timely, "62".into(), "63".into())
}

#[tokio::test]
async fn a_drill_down_of_63_children_shows_50_then_13_and_counts_all_63() {
    let app = TestApp::spawn().await;
    scenario(&app).await;
    more_on_time(&app, 60).await;
    let b = app.signed_in(SUPERVISOR).await;

    let (status, html) = b.page(&format!("{C7}?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown(&html), figure(1, 1, 48));
    assert!(html.contains("Rows 1–50 of 63"), "{html}");
    assert!(
        html.contains("On time (61)"),
        "the heading counts the whole group"
    );
    assert_eq!(texts(&html, "nav.pager[aria-label]").len(), 1);
    let next = first_attr(&html, "nav.pager a[rel=next]", "href").expect("a next page");
    assert_eq!(next, format!("{C7}?{PERIOD}&page=2"));
    assert!(first_attr(&html, "nav.pager a[rel=prev]", "href").is_none());
    assert_eq!(
        first_attr(&html, "nav.pager a[aria-current=page]", "href"),
        Some(format!("{C7}?{PERIOD}&page=1"))
    );

    let (status, html) = b.page(&next).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown(&html), figure(0, 0, 13));
    assert!(html.contains("Rows 51–63 of 63"), "{html}");
    assert!(html.contains("On time (61)"));
    assert!(first_attr(&html, "nav.pager a[rel=next]", "href").is_none());
    assert_eq!(
        first_attr(&html, "nav.pager a[rel=prev]", "href"),
        Some(format!("{C7}?{PERIOD}&page=1"))
    );
    assert_eq!(
        first_attr(&html, "nav.pager a[aria-current=page]", "href"),
        Some(next.clone())
    );
    // Every child once across the two pages: 50 + 13 distinct ids.
    let (_, first) = b.page(&format!("{C7}?{PERIOD}")).await;
    let mut ids = attrs(&first, "tr[data-child]", "data-child");
    ids.extend(attrs(&html, "tr[data-child]", "data-child"));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 63);

    // Not a number, 0, negative: page 1; past the last: the last; never an error.
    for bad in ["abc", "0", "-1", "", "1e3", "99999999999999999999999"] {
        let (status, html) = b.page(&format!("{C7}?{PERIOD}&page={bad}")).await;
        assert_eq!(status, StatusCode::OK, "{bad}");
        assert_eq!(shown(&html), figure(1, 1, 48), "{bad}");
    }
    let (status, html) = b.page(&format!("{C7}?{PERIOD}&page=7")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown(&html), figure(0, 0, 13));

    // The CSV lists all 63.
    let csv = b
        .get(&format!("{C7}.csv?{PERIOD}"))
        .await
        .text()
        .await
        .unwrap();
    let rows = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert_eq!(rows, 63, "{csv}");
}

#[tokio::test]
async fn the_page_links_keep_the_count_date_and_the_lead_agencys_program() {
    let app = TestApp::spawn().await;
    scenario(&app).await;
    more_on_time(&app, 60).await;
    let q = format!("{PERIOD}&count=2021-05-31&program=riverbend");
    let lead = app.signed_in(LEAD_AGENCY).await;
    let (status, html) = lead.page(&format!("{C7}?{q}&page=2")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown(&html), figure(0, 0, 13));
    assert_eq!(
        first_attr(&html, "nav.pager a[rel=prev]", "href"),
        Some(format!("{C7}?{q}&page=1"))
    );
    // A supervisor's links carry the count date (their program is their own).
    let b = app.signed_in(SUPERVISOR).await;
    let (_, html) = b
        .page(&format!("{C7}?{PERIOD}&count=2021-05-31&page=x"))
        .await;
    assert_eq!(
        first_attr(&html, "nav.pager a[rel=next]", "href"),
        Some(format!("{C7}?{PERIOD}&count=2021-05-31&page=2"))
    );
    // A list of one page has no pager: C3 (4 children) and C2 (4).
    for key in ["c3", "c2"] {
        let (status, html) = b
            .page(&format!("/reports/indicators/{key}?{PERIOD}&page=3"))
            .await;
        assert_eq!(status, StatusCode::OK, "{key}");
        assert_eq!(texts(&html, "tr[data-child]").len(), 4, "{key}");
        assert!(texts(&html, "nav.pager").is_empty(), "{key}");
    }
}

/// The pager at 375 px: the page fits the phone, each page link is a 44 px target, and axe
/// finds nothing at either width.
#[tokio::test]
async fn the_pager_fits_a_phone_and_passes_axe() {
    use crate::browser::{chromium, driver};
    use crate::browser_axe::axe_violations;
    use crate::browser_phone::{overflow, sign_in};
    let app = TestApp::spawn().await;
    scenario(&app).await;
    more_on_time(&app, 60).await;
    let d = driver().await;
    let c = chromium(&d).await;
    c.set_window_size(375, 812).await.unwrap();
    sign_in(&c, &app.base, SUPERVISOR).await;
    let path = format!("{C7}?{PERIOD}&page=2");
    c.goto(&format!("{}{path}", app.base)).await.unwrap();
    let (over, what) = overflow(&c).await;
    assert_eq!(over, 0, "{what}");
    let small = c
        .execute(
            "return [...document.querySelectorAll('nav.pager a')] \
               .map(a => a.getBoundingClientRect()) \
               .filter(r => r.height < 44 || r.width < 44).length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(small.as_u64(), Some(0), "page links under 44 px");
    let mut found = axe_violations(&c, &path, 375).await;
    c.set_window_size(1280, 900).await.unwrap();
    found.extend(axe_violations(&c, &path, 1280).await);
    assert!(found.is_empty(), "{found:#?}");
    c.close().await.unwrap();
}
