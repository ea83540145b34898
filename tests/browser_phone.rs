//! Issue 17, "no page scrolls sideways at 375 px": each role's main pages in headless
//! Chromium at phone width. A page may hold a table that scrolls inside its own region
//! (`views::table_wrap::scrolling`), but the page itself must fit, a list's cards
//! (`table_wrap::cards`) included: a visit is logged one-handed.
use crate::browser::{chromium, driver, wait_for_text};
use crate::support::*;
use fantoccini::{Client, Locator};
use hearth::entities::{child, ifsp, visit};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

pub(crate) async fn sign_in(c: &Client, base: &str, email: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    for (name, value) in [("email", email), ("password", PASSWORD)] {
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
    wait_for_text(c, "Sign out").await;
}

/// How far the page reaches past the window, and the first elements that stick out (for
/// the failure message).
pub(crate) async fn overflow(c: &Client) -> (i64, String) {
    let v = c
        .execute(
            "const w = document.documentElement.clientWidth; \
             const out = [...document.querySelectorAll('body *')] \
               .filter(e => { const r = e.getBoundingClientRect(); \
                 return r.right > w + 1 && !e.closest('.table-wrap:not(.cards)') && getComputedStyle(e).position !== 'fixed'; }) \
               .slice(0, 4).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)); \
             return [document.documentElement.scrollWidth - w, out.join(' | ')];",
            vec![],
        )
        .await
        .unwrap();
    (v[0].as_i64().unwrap(), v[1].as_str().unwrap().to_owned())
}

/// Each role's main pages (the list the phone and axe checks walk): who signs in, and the
/// paths they open.
pub(crate) async fn main_pages(app: &TestApp) -> Vec<(&'static str, Vec<String>)> {
    // The coordinator's own child with a plan: another coordinator's would be a 404 page.
    let mine = app.user_id(COORDINATOR).await;
    let theirs: Vec<i32> = child::Entity::find()
        .filter(child::Column::CoordinatorId.eq(mine))
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.is_in(theirs))
        .order_by_asc(ifsp::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the coordinator has a child with a plan in the demo");
    let noah = child_named(app, "Noah").await;
    let visit = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(noah.id))
        .order_by_asc(visit::Column::StartsAt)
        .one(&app.db)
        .await
        .unwrap()
        .expect("Noah has visits in the demo");
    let child = format!("/children/{}", plan.child_id);
    let ifsp = format!("/ifsps/{}", plan.id);
    let visit = format!("/visits/{}", visit.id);
    let own = |v: &[&str]| v.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    vec![
        (
            COORDINATOR,
            own(&[
                "/",
                "/caseload",
                &child,
                &ifsp,
                "/children/new",
                "/referral-imports",
            ]),
        ),
        (
            PROVIDER,
            own(&[
                "/",
                "/visits",
                &visit,
                "/activities",
                "/calendar",
                "/mileage",
            ]),
        ),
        (
            SUPERVISOR,
            own(&[
                "/",
                "/caseload",
                "/dashboard",
                "/reviews",
                "/reports/indicators",
                "/agencies",
            ]),
        ),
        (
            ADMIN,
            own(&[
                "/",
                "/staff",
                "/outbox",
                "/audit",
                "/settings",
                "/settings/api-tokens",
            ]),
        ),
        (
            LEAD_AGENCY,
            own(&[
                "/",
                "/reports/indicators",
                "/reports/indicators?program=lakeside",
                "/reports/indicators/c7?program=lakeside",
                "/reports/indicators/618?program=riverbend",
                "/dashboard?program=riverbend",
            ]),
        ),
    ]
}

#[tokio::test]
async fn no_main_page_scrolls_sideways_at_375_px() {
    let app = TestApp::spawn().await;
    let pages = main_pages(&app).await;
    let mut wide = Vec::new();
    let mut checked = 0;
    for (who, paths) in pages {
        let d = driver().await;
        let c = chromium(&d).await;
        c.set_window_size(375, 812).await.unwrap();
        sign_in(&c, &app.base, who).await;
        for path in &paths {
            c.goto(&format!("{}{path}", app.base)).await.unwrap();
            let (over, what) = overflow(&c).await;
            checked += 1;
            if over > 0 {
                wide.push(format!("{who} {path}: {over} px too wide ({what})"));
            }
        }
        c.close().await.unwrap();
    }
    println!("375 px: {checked} pages, {} scroll sideways", wide.len());
    assert!(wide.is_empty(), "{wide:#?}");
}
