//! Issue 17, "tables become stacked cards on narrow screens with the key column first": the
//! staff list (`views::table_wrap::cards`) in headless Chromium at 375 px is one card per
//! row, the name first, every other cell under its header, nothing wider than the phone;
//! at 1280 px it is a table again. At both widths the browser's accessibility tree still
//! has a table of rows and cells (WebDriver's computed role, from Chromium itself).
use crate::browser::{Driver, chromium, driver};
use crate::browser_phone::sign_in;
use crate::support::*;
use fantoccini::{Client, Locator};

/// Chromium's own accessibility role for the element `css` finds (WebDriver "Get Computed
/// Role"; fantoccini has no call for it, so it is asked over chromedriver's HTTP API).
async fn role_of(d: &Driver, c: &Client, css: &str) -> String {
    let e = c.find(Locator::Css(css)).await.unwrap();
    let session = c.session_id().await.unwrap().unwrap();
    let url = format!(
        "{}/session/{session}/element/{}/computedrole",
        d.url,
        e.element_id()
    );
    let v: serde_json::Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
    v["value"].as_str().unwrap().to_owned()
}

/// The layout of the staff table's first body row and its header row, as the browser drew
/// it: the row's display, its cells' labels, whether the cells stack, the widest right edge
/// of any row, the header row's width, and the second cell's `::before` text.
async fn layout(c: &Client) -> serde_json::Value {
    c.execute(
        "const t = document.querySelector('.cards table'); \
         const row = t.querySelector('tbody tr'); \
         const cells = [...row.children]; \
         const stacked = cells.every((e, i) => i === 0 || \
           e.getBoundingClientRect().top >= cells[i - 1].getBoundingClientRect().bottom - 1); \
         const right = Math.max(...[...t.querySelectorAll('tr')].map(r => r.getBoundingClientRect().right)); \
         return { display: getComputedStyle(row).display, \
           labels: cells.map(e => (e.hasAttribute('data-key') ? 'key:' : '') + (e.dataset.label || '')), \
           stacked, right: Math.round(right), width: document.documentElement.clientWidth, \
           head: Math.round(t.querySelector('thead').getBoundingClientRect().width), \
           before: getComputedStyle(cells[1], '::before').content };",
        vec![],
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_list_of_records_is_cards_on_a_phone_and_a_table_on_a_desktop() {
    let app = TestApp::spawn().await;
    let d = driver().await;
    let c = chromium(&d).await;
    c.set_window_size(375, 812).await.unwrap();
    sign_in(&c, &app.base, ADMIN).await;
    c.goto(&format!("{}/staff", app.base)).await.unwrap();

    let phone = layout(&c).await;
    assert_eq!(phone["display"], "block", "{phone}");
    assert_eq!(
        phone["labels"],
        serde_json::json!(["key:Name", "Role", "Discipline", "E-mail", "Status"])
    );
    assert_eq!(phone["stacked"], true, "one cell under another: {phone}");
    assert!(
        phone["right"].as_i64() <= phone["width"].as_i64(),
        "no card is wider than the phone: {phone}"
    );
    assert!(
        phone["head"].as_i64().unwrap() <= 1,
        "header row hidden: {phone}"
    );
    assert_eq!(phone["before"], "\"Role: \"", "{phone}");

    let desktop_and_phone = [375, 1280];
    for width in desktop_and_phone {
        c.set_window_size(width, 900).await.unwrap();
        for (css, role) in [
            (".cards table", "table"),
            (".cards thead th", "columnheader"),
            (".cards tbody tr", "row"),
            (".cards tbody td:nth-child(2)", "cell"),
        ] {
            assert_eq!(role_of(&d, &c, css).await, role, "{css} at {width} px");
        }
    }

    let desktop = layout(&c).await;
    assert_eq!(desktop["display"], "table-row", "{desktop}");
    assert_eq!(desktop["stacked"], false, "cells side by side: {desktop}");
    assert!(desktop["head"].as_i64().unwrap() > 100, "{desktop}");
    assert_eq!(desktop["before"], "none", "no labels on a table: {desktop}");
    c.close().await.unwrap();
}
