//! Issue 17: the activity library's filters in headless Chromium, at desktop and phone
//! widths. At 1280 px the filter grid was a shrink-to-fit flex item: two selects a row at the
//! far right, an empty block beside the search box.
use crate::browser::{chromium, driver, wait_for_text};
use crate::support::*;
use fantoccini::{Client, Locator};

/// Where the words box and the four filter selects are, and whether the page scrolls
/// sideways: `[left, top, width]` each, rounded to pixels.
async fn layout(c: &Client) -> serde_json::Value {
    c.execute(
        "const at = s => { const b = document.querySelector(s).getBoundingClientRect(); \
           return [Math.round(b.left), Math.round(b.top), Math.round(b.width)]; }; \
         return { q: at('#f-q'), \
           selects: ['#f-domain', '#f-band', '#f-routine', '#f-outcome'].map(at), \
           scroll: document.documentElement.scrollWidth, inner: window.innerWidth };",
        vec![],
    )
    .await
    .unwrap()
}

fn n(v: &serde_json::Value) -> i64 {
    v.as_i64().unwrap()
}

#[tokio::test]
async fn the_activity_filters_line_up_at_desktop_and_phone_widths() {
    let app = TestApp::spawn().await;
    let d = driver().await;
    let c = chromium(&d).await;
    c.goto(&format!("{}/login", app.base)).await.unwrap();
    for (name, value) in [("email", PROVIDER), ("password", PASSWORD)] {
        c.find(Locator::Css(&format!("[name={name}]")))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&c, "Sign out").await;

    // Desktop: the words box, then the four filters side by side under it, from its left
    // edge, each wide enough to read its choice.
    c.set_window_size(1280, 900).await.unwrap();
    c.goto(&format!("{}/activities", app.base)).await.unwrap();
    let l = layout(&c).await;
    println!("1280: {l}");
    let (q, s) = (&l["q"], l["selects"].as_array().unwrap());
    for sel in s {
        assert_eq!(n(&sel[1]), n(&s[0][1]), "one row of filters: {l}");
        assert!(
            n(&sel[1]) > n(&q[1]),
            "the filters under the words box: {l}"
        );
        assert!(n(&sel[2]) >= 200, "a filter at least 200 px wide: {l}");
    }
    assert_eq!(
        n(&s[0][0]),
        n(&q[0]),
        "the filters start where the words box does: {l}"
    );
    assert!(n(&l["scroll"]) <= n(&l["inner"]), "no sideways scroll: {l}");

    // Phone: two filters a row, inside the screen, and nothing scrolls sideways.
    c.set_window_size(375, 812).await.unwrap();
    c.goto(&format!("{}/activities", app.base)).await.unwrap();
    let l = layout(&c).await;
    println!("375: {l}");
    let s = l["selects"].as_array().unwrap();
    assert_eq!(n(&s[0][1]), n(&s[1][1]), "domain and age share a row: {l}");
    assert!(n(&s[2][1]) > n(&s[0][1]), "routine on the next row: {l}");
    for sel in s {
        assert!(
            n(&sel[0]) >= 0 && n(&sel[0]) + n(&sel[2]) <= n(&l["inner"]),
            "{l}"
        );
    }
    assert!(n(&l["scroll"]) <= n(&l["inner"]), "no sideways scroll: {l}");
    c.close().await.unwrap();
}
