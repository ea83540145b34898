//! Issue 17, "axe-core shows 0 violations on the pages these journeys visit": the real
//! axe-core (`tests/axe/axe.min.js`, vendored as shipped, MPL-2.0) injected into headless
//! Chromium on each role's main pages (`browser_phone`'s list), the visit note form, an IFSP
//! draft, the family's link, page (English and Spanish) and handout, and the agency portal,
//! at 375 px and at 1280 px, with the WCAG 2.0/2.1 A and AA rules.
use crate::browser::{chromium, driver};
use crate::browser_phone::{main_pages, sign_in};
use crate::family_links::note_link;
use crate::ifsp_helpers::{plans_of, without_plans};
use crate::note_helpers::*;
use crate::packets::{DISTRICT, agency_named, link_for, planned_child, release, send};
use crate::support::*;
use crate::visit_helpers::{schedule_once, service_of};
use fantoccini::{Client, Locator};

/// axe-core 4, exactly as npm ships it (`npm pack axe-core@4`), licence header intact.
const AXE: &str = include_str!("axe/axe.min.js");

/// The two widths every page is checked at: a phone and a desktop.
const WIDTHS: [(u32, u32); 2] = [(375, 812), (1280, 900)];

/// The error page's titles (`error.rs`): a page that shows one was not the page meant.
const ERROR_TITLES: [&str; 6] = [
    "Page not found",
    "Not allowed",
    "This form has expired",
    "Something is not right",
    "Something went wrong",
    "Hearth is briefly unavailable",
];

/// Runs axe on the page as it is now; one line per violating element. Fails if axe ran no
/// rule that passed (it would then have checked nothing).
pub(crate) async fn axe_violations(c: &Client, page: &str, width: u32) -> Vec<String> {
    c.execute(AXE, vec![]).await.expect("axe-core injected");
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }) \
               .then(r => done([r.passes.length, r.violations.flatMap(v => v.nodes.map(n => \
                 v.id + ' at ' + n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')))])) \
               .catch(e => done([0, ['axe failed: ' + e]]));",
            vec![],
        )
        .await
        .expect("axe.run answers");
    assert!(
        found[0].as_u64().unwrap() > 0,
        "{page}: axe checked nothing"
    );
    found[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{page} @ {width} px: {}", v.as_str().unwrap().trim()))
        .collect()
}

/// Opens `path` and checks it at both widths; adds what axe found to `found`.
async fn check(c: &Client, base: &str, path: &str, found: &mut Vec<String>) -> usize {
    c.goto(&format!("{base}{path}")).await.unwrap();
    let at = c.current_url().await.unwrap();
    assert!(
        !at.path().ends_with("/login") || path == "/login",
        "{path}: sent to {at}"
    );
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!ERROR_TITLES.contains(&h1.as_str()), "{path}: {h1}");
    for (w, h) in WIDTHS {
        c.set_window_size(w, h).await.unwrap();
        found.extend(axe_violations(c, path, w).await);
    }
    1
}

async fn tap(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test]
async fn axe_finds_no_violation_on_the_journeys_pages_at_either_width() {
    let app = TestApp::spawn().await;
    let mut pages = main_pages(&app).await;

    // The visit note form: a visit of yesterday, not yet written up.
    let provider = app.signed_in(PROVIDER).await;
    let (s, _) = service_of(&app, PROVIDER).await;
    let v = schedule_once(&provider, &app, s.id, &ago(1), "05:00", "60").await;
    pages[1].1.push(format!("/visits/{}", v.id));

    // An IFSP draft, as one form.
    let sup = app.signed_in(SUPERVISOR).await;
    let emma = without_plans(&app, "Emma").await;
    let res = sup.post(&format!("/children/{}/ifsps", emma.id), &[]).await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    let draft = plans_of(&app, emma.id).await.last().unwrap().id;
    pages[2].1.push(format!("/ifsps/{draft}"));

    // A family's link, with an activity shared; an agency's packet link.
    let signed = signed_visits(&app, PROVIDER).await.remove(0);
    share_activity(&app, &signed).await;
    let family_link = note_link(&app, &signed, "parent@family.example").await;
    let admin = app.signed_in(ADMIN).await;
    let district = agency_named(&app, DISTRICT).await;
    let kid = planned_child(&app, 0).await;
    release(&admin, kid.id, DISTRICT, &["ifsp", "cos"]).await;
    assert_eq!(
        send(&admin, kid.id, district.id, &["ifsp"]).await.status(),
        reqwest::StatusCode::SEE_OTHER
    );
    let agency_link = link_for(&app, kid.id).await;

    let mut found = Vec::new();
    let mut checked = 0;
    let d = driver().await;
    let c = chromium(&d).await;
    checked += check(&c, &app.base, "/login", &mut found).await;
    c.close().await.unwrap();
    for (who, paths) in &pages {
        let d = driver().await;
        let c = chromium(&d).await;
        sign_in(&c, &app.base, who).await;
        for path in paths {
            checked += check(&c, &app.base, path, &mut found).await;
        }
        c.close().await.unwrap();
    }

    // The family: the link's confirm page, their page in both languages, the handout.
    let d = driver().await;
    let c = chromium(&d).await;
    checked += check(&c, &app.base, &family_link, &mut found).await;
    tap(&c, "form button[type=submit]").await;
    crate::browser::wait_for_text(&c, &child_of(&app, &signed).await.first_name).await;
    let handout = c
        .find(Locator::Css("a[href*='/family/activities/']"))
        .await
        .expect("the shared activity's handout is linked")
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let handout = handout.split('?').next().unwrap().to_owned();
    for lang in ["en", "es"] {
        checked += check(&c, &app.base, &format!("/family?lang={lang}"), &mut found).await;
        let path = format!("{handout}?lang={lang}");
        checked += check(&c, &app.base, &path, &mut found).await;
    }
    c.close().await.unwrap();

    // The agency: the link's confirm page, the packet, a record in it.
    let d = driver().await;
    let c = chromium(&d).await;
    checked += check(&c, &app.base, &agency_link, &mut found).await;
    tap(&c, "form button[type=submit]").await;
    crate::browser::wait_for_text(&c, &kid.first_name).await;
    checked += check(&c, &app.base, "/agency/packet", &mut found).await;
    checked += check(&c, &app.base, "/agency/packet/ifsp", &mut found).await;
    c.close().await.unwrap();

    println!(
        "axe: {checked} pages x {} widths, {} violations",
        WIDTHS.len(),
        found.len()
    );
    assert!(found.is_empty(), "{found:#?}");
}
