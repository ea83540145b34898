//! Hostile input through every form the app shows. The forms are found, not listed: every
//! staff page of the policy table is read (as an admin and as a provider, on a record of
//! their own caseload) and each `<form method="post">` on it is collected with its fields.
//! Each form is then sent generated hostile values (proptest strategies, a fixed seed):
//! invalid calendar dates, huge and negative numbers, text over the limit and a megabyte,
//! control characters and NUL, mixed scripts, SQL and HTML payloads, duplicated and missing
//! fields. Whatever comes back: no server error; a refusal (4xx) leaves every table as it
//! was; and text that was stored is shown escaped on every page afterwards.
use crate::db_fingerprint::{fingerprint, fingerprinter};
use crate::policy_fixtures::{discover, fill};
use crate::policy_table::{Door, TABLE};
use crate::support::*;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

const SCRIPT: &str = "<script>alert(7357)</script>";
const IMG: &str = "\"><img src=x onerror=alert(7357)>";

/// Values a person or a script might put in any field.
fn hostile() -> impl Strategy<Value = String> {
    proptest::prop_oneof![
        proptest::strategy::Just("nul\0inside".to_owned()),
        "[\\x00-\\x1f\\x7f]{1,6}",
        proptest::sample::select(vec![
            "2026-02-30",
            "2025-02-29",
            "0000-00-00",
            "275760-09-13",
            "2026-13-01",
            "1900-01-00",
            "26-1-1",
            "99999999999999999999999",
            "-2147483649",
            "-1",
            "1e309",
            "NaN",
            "0x7fffffff",
            "' OR '1'='1",
            "'; DROP TABLE children; --",
            SCRIPT,
            IMG,
            "Ωμέγα 中文 العربية \u{202e}txt.exe 👶🏽",
            " ",
            "",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,40}",
        (10_001usize..10_010).prop_map(|n| "a".repeat(n)),
        proptest::strategy::Just("b".repeat(100_001)),
    ]
}

/// A form found on a page: where it posts and its fields (name, value shown).
#[derive(Debug, Clone)]
struct Form {
    action: String,
    fields: Vec<(String, String)>,
    /// Fields whose value is a choice (select, radio, checkbox, hidden), not free text.
    choices: Vec<String>,
}

fn forms_on(html: &str) -> Vec<Form> {
    let doc = scraper::Html::parse_document(html);
    let form_sel = scraper::Selector::parse("form").unwrap();
    let field_sel = scraper::Selector::parse("input[name], select[name], textarea[name]").unwrap();
    let option_sel = scraper::Selector::parse("option").unwrap();
    let submit_sel = scraper::Selector::parse("button[formaction], input[formaction]").unwrap();
    let mut out = Vec::new();
    for f in doc.select(&form_sel) {
        if !f
            .value()
            .attr("method")
            .is_some_and(|m| m.eq_ignore_ascii_case("post"))
        {
            continue;
        }
        let Some(action) = f.value().attr("action") else {
            continue;
        };
        let action = action.split('#').next().unwrap().to_owned();
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut choices = Vec::new();
        for e in f.select(&field_sel) {
            let name = e.value().attr("name").unwrap().to_owned();
            if name == "_csrf" || fields.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let kind = e.value().attr("type").unwrap_or("");
            if e.value().name() == "select"
                || matches!(
                    kind,
                    "radio"
                        | "checkbox"
                        | "hidden"
                        | "date"
                        | "time"
                        | "number"
                        | "email"
                        | "tel"
                        | "url"
                )
            {
                choices.push(name.clone());
            }
            let value = match e.value().name() {
                "select" => {
                    let options: Vec<_> = e.select(&option_sel).collect();
                    options
                        .iter()
                        .find(|o| o.value().attr("selected").is_some())
                        .or_else(|| {
                            options
                                .iter()
                                .find(|o| o.value().attr("value").is_some_and(|v| !v.is_empty()))
                        })
                        .and_then(|o| o.value().attr("value"))
                        .unwrap_or("")
                        .to_owned()
                }
                "textarea" => e.text().collect(),
                _ => e.value().attr("value").unwrap_or("").to_owned(),
            };
            fields.push((name, value));
        }
        // A form of several parts (the IFSP draft) posts the same fields to each part's
        // route through `formaction`: each of those routes is a form of its own here.
        for b in f.select(&submit_sel) {
            let Some(to) = b.value().attr("formaction") else {
                continue;
            };
            let mut fields = fields.clone();
            if let Some(name) = b.value().attr("name") {
                let value = b.value().attr("value").unwrap_or("").to_owned();
                fields.push((name.to_owned(), value));
            }
            out.push(Form {
                action: to.split('#').next().unwrap().to_owned(),
                fields,
                choices: choices.clone(),
            });
        }
        out.push(Form {
            action,
            fields,
            choices,
        });
    }
    out
}

/// Forms whose acceptance would end this test's own sessions or accounts.
fn ends_the_test(action: &str) -> bool {
    action == "/logout"
        || action == "/account"
        || action.ends_with("/active")
        || action.ends_with("/sign-out")
}

/// The staff pages of the policy table, filled with records of the caller's own caseload.
async fn staff_pages(app: &TestApp) -> Vec<String> {
    let (own, _, records) = discover(app).await;
    TABLE
        .iter()
        .filter(|(m, p, d)| *m == "GET" && matches!(d, Door::Staff(_)) && !p.contains("/files/"))
        .map(|(_, p, _)| fill(p, &own, &records).0)
        .filter(|u| !u.contains("/0/") && !u.ends_with("/0") && !u.ends_with(".csv"))
        .collect()
}

#[derive(Default)]
struct Tally {
    requests: usize,
    rejected: usize,
    accepted: usize,
    failures: Vec<String>,
}

#[tokio::test]
async fn hostile_values_in_every_form_never_break_the_app_or_change_rows_when_refused() {
    let app = TestApp::spawn().await;
    let pages = staff_pages(&app).await;
    let admin = app.signed_in(ADMIN).await;
    let provider = app.signed_in(PROVIDER).await;
    // A plan draft and a visit not yet signed carry the plan's and the note's forms.
    let (own, _, _) = discover(&app).await;
    let res = admin
        .post(
            &format!("/children/{}/ifsps", own.child),
            &[("kind", "review")],
        )
        .await;
    assert_eq!(
        res.status(),
        reqwest::StatusCode::SEE_OTHER,
        "a review draft"
    );
    let draft = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("/")
        .to_owned();
    let provider_id = app.user_id(PROVIDER).await;
    let open = crate::db_fingerprint::ids(
        &app,
        &format!("SELECT id FROM visits WHERE provider_id = {provider_id} AND signed_at IS NULL AND status <> 'cancelled' ORDER BY id"),
    )
    .await;
    let mut pages = pages;
    pages.push(draft);
    pages.extend(open.iter().take(2).map(|v| format!("/visits/{v}")));
    let mut forms: Vec<(&Browser, Form)> = Vec::new();
    for b in [&admin, &provider] {
        for page in &pages {
            let (status, html) = b.page(page).await;
            if status != reqwest::StatusCode::OK {
                continue;
            }
            for f in forms_on(&html) {
                if !ends_the_test(&f.action) && !forms.iter().any(|(_, g)| g.action == f.action) {
                    forms.push((b, f));
                }
            }
        }
    }
    assert!(forms.len() > 30, "forms found: {}", forms.len());

    let fp = fingerprinter(&app).await;
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[18; 32]),
    );
    let strategy = hostile();
    let mut t = Tally::default();
    for (b, form) in &forms {
        let mut variants: Vec<Vec<(String, String)>> = Vec::new();
        // First (before a change moves the record's version on): the payloads after the text of every free-text field that has some, so they are
        // stored where the form is otherwise valid (and must then be shown escaped).
        variants.push(
            form.fields
                .iter()
                .map(|(n, v)| {
                    if form.choices.contains(n) || v.trim().is_empty() {
                        (n.clone(), v.clone())
                    } else {
                        (n.clone(), format!("{v} {IMG}"))
                    }
                })
                .collect(),
        );
        // One field hostile at a time, the others as the form shows them (so the value
        // reaches that field's own parser, and is stored when it passes).
        for i in 0..form.fields.len().min(12) {
            let mut one = form.fields.clone();
            one[i].1 = strategy.new_tree(&mut runner).unwrap().current();
            variants.push(one);
        }
        // Every field hostile at once.
        for _ in 0..2 {
            variants.push(
                form.fields
                    .iter()
                    .map(|(n, _)| (n.clone(), strategy.new_tree(&mut runner).unwrap().current()))
                    .collect(),
            );
        }
        // A megabyte in the first field, the others as shown.
        let mut big = form.fields.clone();
        if let Some(first) = big.first_mut() {
            first.1 = "m".repeat(1 << 20);
        }
        variants.push(big);
        // Every field twice, and no field at all.
        variants.push(
            form.fields
                .iter()
                .flat_map(|(n, v)| [(n.clone(), v.clone()), (n.clone(), SCRIPT.to_owned())])
                .collect(),
        );
        variants.push(Vec::new());
        for fields in variants {
            send(&app, b, &form.action, &fields, &fp, &mut t).await;
        }
    }

    // Whatever was stored is shown escaped, on every page, to both.
    for b in [&admin, &provider] {
        for page in &pages {
            let (status, html) = b.page(page).await;
            if status.is_server_error() {
                t.failures.push(format!("GET {page} afterwards: {status}"));
            }
            if html.contains(SCRIPT) || html.contains("<img src=x onerror") {
                t.failures
                    .push(format!("GET {page} shows a payload unescaped"));
            }
        }
    }
    println!(
        "hostile forms ({:?}): {} forms, {} requests, {} refused with nothing changed, {} accepted, {} failures",
        app.db.get_database_backend(),
        forms.len(),
        t.requests,
        t.rejected,
        t.accepted,
        t.failures.len()
    );
    assert!(t.failures.is_empty(), "{}", t.failures.join("\n"));
}

async fn send(
    app: &TestApp,
    b: &Browser,
    action: &str,
    fields: &[(String, String)],
    fp: &str,
    t: &mut Tally,
) {
    let before = fingerprint(app, fp).await;
    let body: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let res = b.post(action, &body).await;
    t.requests += 1;
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let html = res.text().await.unwrap_or_default();
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    let what = format!("POST {action} {names:?}: {status}");
    if status.is_server_error() {
        t.failures.push(what);
        return;
    }
    if html.contains(SCRIPT) || html.contains("<img src=x onerror") {
        t.failures
            .push(format!("{what}: the answer shows a payload unescaped"));
    }
    if status.is_client_error() {
        let after = fingerprint(app, fp).await;
        let changed: Vec<_> = before
            .iter()
            .filter(|(k, h)| after.get(*k) != Some(h))
            .map(|(k, _)| k.clone())
            .collect();
        if !changed.is_empty() {
            t.failures
                .push(format!("{what}: refused but changed {changed:?}"));
        }
        t.rejected += 1;
    } else {
        t.accepted += 1;
        if location.starts_with('/') {
            let (s, page) = b.page(&location).await;
            if s.is_server_error() {
                t.failures.push(format!("{what}: then GET {location}: {s}"));
            }
            if page.contains(SCRIPT) || page.contains("<img src=x onerror") {
                t.failures
                    .push(format!("{what}: {location} shows a payload unescaped"));
            }
        }
    }
}
