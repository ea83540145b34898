//! The federal indicators (issue #14): children with known dates in the 2020 federal year
//! (1 July 2020 – 30 June 2021), written as records; the page, the CSV and `hearth report
//! indicators` give the same numbers, and those are the hand-worked ones below.
mod outcomes;
mod pages;
pub(crate) mod seed;
mod seed_outcomes;
mod stored;
mod synthetic_county;

use crate::support::*;
use outcomes::{C2, C3, outcome_drill_downs, page_c2, page_c3};
use reqwest::StatusCode;
use seed::{more_on_time, scenario};

const PERIOD: &str = "from=2020-07-01&to=2021-06-30";

/// (indicator, numerator, denominator, percent, family delays, late, excluded), by hand:
/// C7 Ava, Ben (family), Cal (late); C1 Ava, Cal (late); C8A Dee, Eli; C8B Dee (Eli opted
/// out); C8C Dee late (Eli did not approve).
const EXPECTED: [(&str, usize, usize, &str, usize, usize, usize); 5] = [
    ("C7", 2, 3, "66.7", 1, 1, 0),
    ("C1", 1, 2, "50.0", 0, 1, 0),
    ("C8A", 2, 2, "100.0", 0, 0, 0),
    ("C8B", 1, 1, "100.0", 0, 0, 1),
    ("C8C", 0, 1, "0.0", 0, 1, 1),
];

fn page_figures(html: &str) -> Vec<(String, usize, usize, String, usize, usize, usize)> {
    ["c7", "c1", "c8a", "c8b", "c8c"]
        .iter()
        .map(|k| {
            let cell = |n: &str| {
                texts(html, &format!("tr[data-indicator={k}] td[data-n={n}]"))
                    .pop()
                    .unwrap_or_else(|| panic!("{k} {n}"))
            };
            let num = |n: &str| cell(n).parse::<usize>().unwrap();
            (
                k.to_uppercase(),
                num("numerator"),
                num("denominator"),
                cell("percent"),
                num("family_delays"),
                num("late"),
                num("excluded"),
            )
        })
        .collect()
}

fn expected() -> Vec<(String, usize, usize, String, usize, usize, usize)> {
    EXPECTED
        .iter()
        .map(|(i, n, dn, p, f, l, e)| (i.to_string(), *n, *dn, p.to_string(), *f, *l, *e))
        .collect()
}

#[tokio::test]
async fn the_page_the_csv_and_the_cli_give_the_hand_worked_numbers() {
    let app = TestApp::spawn().await;
    scenario(&app).await;
    let b = app.signed_in(SUPERVISOR).await;
    let (status, html) = b.page(&format!("/reports/indicators?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page_figures(&html), expected());
    let c3: Vec<_> = C3
        .iter()
        .map(|(o, n, s1, s2, m)| (o.to_string(), *n, s1.to_string(), s2.to_string(), *m))
        .collect();
    assert_eq!(page_c3(&html), c3);
    let (n, dn, p, h, c, o, e) = C2;
    assert_eq!(page_c2(&html), (n, dn, p.to_owned(), h, c, o, e));
    outcome_drill_downs(&b).await;

    // The drill-down: one click from the figure, each child with the reason.
    let link = first_attr(&html, "tr[data-indicator=c7] th a", "href").unwrap();
    assert_eq!(link, format!("/reports/indicators/c7?{PERIOD}"));
    let (status, html) = b.page(&link).await;
    assert_eq!(status, StatusCode::OK);
    let late = texts(&html, "table[data-verdict=late] tbody tr");
    assert_eq!(late.len(), 1);
    assert!(late[0].contains("Cal Report"), "{late:?}");
    assert!(
        late[0].contains("9 days after 2020-10-16 (no documented family reason)"),
        "{late:?}"
    );
    let family = texts(&html, "table[data-verdict=family_delay] tbody tr");
    assert!(
        family.len() == 1 && family[0].contains("Ben Report"),
        "{family:?}"
    );

    // The CSV of each drill-down lists the same children with the same results.
    for (code, num, den, _, _, _, excluded) in EXPECTED {
        let key = code.to_lowercase();
        let res = b
            .get(&format!("/reports/indicators/{key}.csv?{PERIOD}"))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let body = res.text().await.unwrap();
        let mut r = csv::Reader::from_reader(body.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        let count = |col: usize, v: &str| rows.iter().filter(|x| &x[col] == v).count();
        assert_eq!(
            (count(8, "yes"), count(7, "yes"), count(6, "excluded")),
            (num, den, excluded),
            "{code}: {body}"
        );
        assert!(!body.contains("Fay"), "{code}: {body}");
    }
    let c8c = b
        .get(&format!("/reports/indicators/c8c.csv?{PERIOD}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        c8c.contains("Eli Report") && c8c.contains("did not approve"),
        "{c8c}"
    );

    // The command line, against the same database, prints the same figures.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args([
            "report",
            "indicators",
            "--from",
            "2020-07-01",
            "--to",
            "2021-06-30",
        ])
        .args(["--program", "riverbend", "--format", "json"])
        .env_clear()
        .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cli: Vec<_> = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .take(5)
        .map(|i| {
            let n = |k: &str| i[k].as_u64().unwrap() as usize;
            (
                i["indicator"].as_str().unwrap().to_owned(),
                n("numerator"),
                n("denominator"),
                i["percent"].as_str().unwrap().to_owned(),
                n("family_delays"),
                n("late"),
                n("excluded"),
            )
        })
        .collect();
    assert_eq!(cli, expected());
    for (i, (o, n, s1, s2, m)) in C3.iter().enumerate() {
        let j = &json["c3"]["outcomes"][i];
        let got: Vec<_> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|k| j[k].as_u64().unwrap() as usize)
            .collect();
        assert_eq!(
            (
                j["outcome"].as_str(),
                got.as_slice(),
                j["ss1"].as_str(),
                j["ss2"].as_str()
            ),
            (Some(*o), n.as_slice(), Some(*s1), Some(*s2)),
            "{j}"
        );
        assert_eq!(j["missing"].as_u64(), Some(*m as u64));
    }
    assert_eq!(json["c3"]["served_under_six_months"], 1);
    let c2 = &json["c2"];
    assert_eq!(
        (
            c2["home"].as_u64(),
            c2["community"].as_u64(),
            c2["other"].as_u64(),
            c2["excluded"].as_u64()
        ),
        (Some(2), Some(0), Some(1), Some(1)),
        "{c2}"
    );
    assert_eq!(json["count_date"], "2021-06-30");
    let csv_out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args([
            "report",
            "indicators",
            "--from",
            "2020-07-01",
            "--to",
            "2021-06-30",
        ])
        .args(["--program", "riverbend", "--format", "csv"])
        .env_clear()
        .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap();
    let text = String::from_utf8(csv_out.stdout).unwrap();
    assert!(text.contains("C7,2,3,66.7,1,1,0,0"), "{text}");
    // C2 and C3 rows: no family delays, late or not-yet-due; excluded = not in C2 / missing.
    assert!(text.contains("\nC2,2,3,66.7,,,1,\n"), "{text}");
    assert!(text.contains("\nC3A SS1,1,2,50.0,,,1,\n"), "{text}");
    assert!(text.contains("\nC3B SS2,1,2,50.0,,,1,\n"), "{text}");
    assert_eq!(app.audit_rows("report.exported").await.len(), 2);
}

#[tokio::test]
async fn providers_are_refused_and_another_programs_admin_sees_none_of_these_children() {
    let app = TestApp::spawn().await;
    scenario(&app).await;
    for who in [PROVIDER, COORDINATOR] {
        let b = app.signed_in(who).await;
        for path in [
            "/reports/indicators",
            "/reports/indicators/c7",
            "/reports/indicators/c7.csv",
        ] {
            let (status, _) = b.page(&format!("{path}?{PERIOD}")).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {path}");
        }
    }
    let other = app.signed_in(OTHER_ADMIN).await;
    let (status, html) = other.page(&format!("/reports/indicators?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    let zeros: Vec<_> = page_figures(&html)
        .iter()
        .map(|f| (f.1, f.2, f.6))
        .collect();
    assert_eq!(zeros, [(0, 0, 0); 5]);
    let (n, dn, ..) = page_c2(&html);
    assert_eq!((n, dn), (0, 0));
    assert!(page_c3(&html).iter().all(|o| o.1 == [0; 5] && o.4 == 0));
    for key in ["c7", "c1", "c8a", "c8b", "c8c", "c3", "c2"] {
        let (_, html) = other
            .page(&format!("/reports/indicators/{key}?{PERIOD}"))
            .await;
        assert!(!html.contains("Report</a>"), "{key}");
        let csv = other
            .get(&format!("/reports/indicators/{key}.csv?{PERIOD}"))
            .await;
        assert_eq!(
            csv.text().await.unwrap().lines().count(),
            1,
            "{key}: header only"
        );
    }
    // The nav shows the link to supervisors and admins only.
    let (_, home) = app.signed_in(SUPERVISOR).await.page("/").await;
    assert!(home.contains("href=\"/reports/indicators\""));
    let (_, home) = app.signed_in(PROVIDER).await.page("/").await;
    assert!(!home.contains("href=\"/reports/indicators\""));
}

#[tokio::test]
async fn the_drill_down_is_audited_and_bad_dates_are_answered_by_the_field() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(ADMIN).await;
    let (status, _) = b.page(&format!("/reports/indicators/c8b?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    let rows = app.audit_rows("report.viewed").await;
    assert_eq!(rows.len(), 1);
    let detail: serde_json::Value = serde_json::from_str(&rows[0].detail).unwrap();
    assert_eq!(detail["indicator"], "c8b");
    assert_eq!(
        (detail["from"].as_str(), detail["to"].as_str()),
        (Some("2020-07-01"), Some("2021-06-30"))
    );
    assert_eq!(rows[0].user_id, Some(app.user_id(ADMIN).await));

    let (status, html) = b
        .page("/reports/indicators?from=2020-13-01&to=2021-06-30")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Enter the first day as a real date"),
        "{html}"
    );
    assert_eq!(
        first_attr(&html, "#f-from", "aria-invalid").as_deref(),
        Some("true")
    );
    let (status, html) = b
        .page("/reports/indicators?from=2021-07-01&to=2021-06-30")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("The last day must be on or after the first day."));
    let (status, html) = b
        .page("/reports/indicators?from=2020-07-01&to=2021-06-30&count=2021-02-30")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        first_attr(&html, "#f-count", "aria-invalid").as_deref(),
        Some("true"),
        "{html}"
    );
    // No period typed: the federal year containing today.
    let (status, html) = b.page("/reports/indicators").await;
    assert_eq!(status, StatusCode::OK);
    let year = hearth::reports::Period::federal_year(today());
    assert!(
        html.contains(&format!("From {} to {}", year.from, year.to)),
        "{html}"
    );
    assert_eq!(app.audit_rows("report.viewed").await.len(), 2);
    let (status, _) = b.page("/reports/indicators/c9").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_report_sends_as_many_statements_for_twenty_more_children() {
    let app = TestApp::spawn().await;
    scenario(&app).await;
    let b = app.signed_in(SUPERVISOR).await;
    let path = format!("/reports/indicators?{PERIOD}");
    // The first view computes and stores every child's answers; the next reads them.
    let (status, _) = b.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    let ((status, _), before) = app.queries_during(b.page(&path)).await;
    assert_eq!(status, StatusCode::OK);
    more_on_time(&app, 20).await;
    // This view computes the twenty new children only; the next again reads stored answers.
    let ((_, html), _) = app.queries_during(b.page(&path)).await;
    let ((_, again), after) = app.queries_during(b.page(&path)).await;
    assert_eq!(after, before, "statements for 20 more children");
    // C7 is now 22 of 23 (95.7%): the twenty are counted, not skipped.
    for page in [&html, &again] {
        let c7 = &page_figures(page)[0];
        assert_eq!((c7.1, c7.2, c7.3.as_str()), (22, 23, "95.7"));
    }
}
