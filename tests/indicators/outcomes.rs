//! C3 and C2 in the indicators scenario: the hand-worked numbers, how the page shows them,
//! and their drill-downs.
use super::PERIOD;
use crate::support::*;
use reqwest::StatusCode;

/// C3 per outcome (by hand in `seed_outcomes`): a–e, SS1, SS2, missing data.
pub(super) const C3: [(&str, [usize; 5], &str, &str, usize); 3] = [
    ("A", [1, 0, 1, 0, 0], "50.0", "0.0", 1),
    ("B", [0, 1, 0, 0, 1], "0.0", "50.0", 1),
    ("C", [1, 0, 0, 1, 0], "50.0", "50.0", 1),
];

/// C2 on 2021-06-30: (numerator, denominator, percent, home, community, other, excluded).
pub(super) const C2: (usize, usize, &str, usize, usize, usize, usize) = (2, 3, "66.7", 2, 0, 1, 1);

pub(super) fn page_c3(html: &str) -> Vec<(String, [usize; 5], String, String, usize)> {
    ["A", "B", "C"]
        .iter()
        .map(|o| {
            let cell =
                |n: &str| texts(html, &format!("tr[data-outcome={o}] td[data-n={n}]"))[0].clone();
            let num = |n: &str| cell(n).parse::<usize>().unwrap();
            let pct = |n: &str| cell(n).split(' ').next().unwrap().to_owned();
            (
                o.to_string(),
                ["a", "b", "c", "d", "e"].map(num),
                pct("ss1"),
                pct("ss2"),
                num("missing"),
            )
        })
        .collect()
}

pub(super) fn page_c2(html: &str) -> (usize, usize, String, usize, usize, usize, usize) {
    let cell = |n: &str| texts(html, &format!("tr[data-indicator=c2] td[data-n={n}]"))[0].clone();
    let num = |n: &str| cell(n).parse::<usize>().unwrap();
    (
        num("numerator"),
        num("denominator"),
        cell("percent"),
        num("home"),
        num("community"),
        num("other"),
        num("excluded"),
    )
}

/// The C3 and C2 drill-downs and CSVs list the children behind the page's numbers, and the
/// count date moves C2.
pub(super) async fn outcome_drill_downs(b: &Browser) {
    let (status, html) = b.page(&format!("/reports/indicators/c3?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    let counted = texts(&html, "table[data-status=counted] tbody tr");
    assert_eq!(counted.len(), 2, "{counted:?}");
    assert!(
        counted
            .iter()
            .any(|r| r.contains("Hal Report") && r.contains("B: 6 → 6 (e)"))
    );
    let missing = texts(&html, "table[data-status=missing_data] tbody tr");
    assert!(
        missing.len() == 1
            && missing[0].contains("Dee Report")
            && missing[0].contains("no entry rating"),
        "{missing:?}"
    );
    let short = texts(&html, "table[data-status=excluded] tbody tr");
    assert!(
        short.len() == 1
            && short[0].contains("Ivy Report")
            && short[0].contains("180 days: fewer than six months (six months on 2021-03-01)"),
        "{short:?}"
    );
    let csv = b
        .get(&format!("/reports/indicators/c3.csv?{PERIOD}"))
        .await
        .text()
        .await
        .unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|x| x.unwrap())
        .collect();
    let status = |v: &str| rows.iter().filter(|r| &r[6] == v).count();
    assert_eq!(
        (
            status("counted"),
            status("missing_data"),
            status("excluded")
        ),
        (2, 1, 1),
        "{csv}"
    );
    assert!(
        csv.contains("Jo Report") && csv.contains("A: 7 → 5 (a)"),
        "{csv}"
    );

    let (status, html) = b.page(&format!("/reports/indicators/c2?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    let gus = texts(&html, "tr[data-status=other]");
    assert!(
        gus.len() == 1
            && gus[0].contains("Gus Report")
            && gus[0].contains("Home 130, community 0, other 260"),
        "{gus:?}"
    );
    assert_eq!(texts(&html, "tr[data-status=home]").len(), 2);
    let csv = b
        .get(&format!("/reports/indicators/c2.csv?{PERIOD}"))
        .await
        .text()
        .await
        .unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|x| x.unwrap())
        .collect();
    let yes = |col: usize| rows.iter().filter(|r| &r[col] == "yes").count();
    assert_eq!((yes(11), yes(10), rows.len()), (2, 3, 4), "{csv}");
    // On 2020-12-31 Dee (plan met 2020-11-01, no services, exited later) and Eli (30
    // months) have an IFSP but no current service: still 2 of 3.
    let (_, html) = b
        .page(&format!("/reports/indicators?{PERIOD}&count=2020-12-31"))
        .await;
    assert_eq!(page_c2(&html).0, 2);
    assert_eq!(
        texts(&html, "tr[data-indicator=c2] td[data-n=no_current_service]"),
        ["2"]
    );
    t618(b).await;
    let link = first_attr(&html, "#c2-h a", "href").unwrap();
    assert_eq!(
        link,
        format!("/reports/indicators/c2?{PERIOD}&count=2020-12-31")
    );
}

/// The 618 tables on the page and in their CSV (by hand in `seed_outcomes`).
async fn t618(b: &Browser) {
    let (_, html) = b.page(&format!("/reports/indicators?{PERIOD}")).await;
    assert_eq!(texts(&html, "#t618-age tbody td"), ["0", "2", "1", "3"]);
    let sex = texts(&html, "#t618-sex tbody tr");
    assert_eq!(sex.len(), 3);
    let race = texts(&html, "#t618-race tbody tr");
    assert_eq!(race.len(), 8, "{race:?}");
    let csv = b
        .get(&format!("/reports/indicators/618.csv?{PERIOD}"))
        .await
        .text()
        .await
        .unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|x| x.unwrap())
        .collect();
    let cell = |table: &str, row: &str, col: &str| -> usize {
        rows.iter()
            .find(|r| &r[0] == table && &r[4] == row && &r[5] == col)
            .unwrap_or_else(|| panic!("{table} {row} {col}: {csv}"))[6]
            .parse()
            .unwrap()
    };
    let by_age = "child_count_by_age";
    assert_eq!(
        [
            cell(by_age, "All", "Birth to 1"),
            cell(by_age, "All", "1 to 2"),
            cell(by_age, "All", "2 to 3")
        ],
        [0, 2, 1]
    );
    let sex = "child_count_by_sex";
    assert_eq!(cell(sex, "Female", "1 to 2"), 1, "{csv}");
    assert_eq!(cell(sex, "Male", "2 to 3"), 1);
    assert_eq!(cell(sex, "Not recorded", "1 to 2"), 1);
    let race = "child_count_by_race_ethnicity";
    assert_eq!(cell(race, "Hispanic/Latino", "1 to 2"), 1);
    assert_eq!(cell(race, "White", "2 to 3"), 1);
    assert_eq!(cell(race, "Not reported", "1 to 2"), 1);
    assert_eq!(cell(race, "Asian", "1 to 2"), 0);
    assert_eq!(cell("settings", "Home", "Children"), 2);
    assert_eq!(cell("settings", "Other setting", "Children"), 1);
    let exits = "exits_by_category";
    assert_eq!(cell(exits, "Part B eligible, exiting Part C", "Exits"), 3);
    assert_eq!(cell(exits, "No exit category recorded", "Exits"), 1);
    assert_eq!(cell(exits, "Deceased", "Exits"), 0);
    let (status, _) = b.page(&format!("/reports/indicators/618?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
}

/// C5/C6: the admin enters the area's population per year (validated), and the page, the
/// summary CSV and the CLI compare the child count with it: on 2021-06-30 none under one
/// and three under three (Ava, Cal, Gus), against 400 and 1,500: 0.00 and 0.20.
#[tokio::test]
async fn child_find_compares_the_child_count_with_the_population_the_admin_entered() {
    let app = TestApp::spawn().await;
    super::seed::scenario(&app).await;
    let admin = app.signed_in(ADMIN).await;
    let (status, _) = app
        .signed_in(SUPERVISOR)
        .await
        .page("/settings/population")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, html) = admin.page(&format!("/reports/indicators?{PERIOD}")).await;
    assert_eq!(
        texts(&html, "tr[data-indicator=c5] td[data-n=percent]"),
        ["—"]
    );
    let post = |year: &'static str, one: &'static str, three: &'static str| {
        let admin = &admin;
        async move {
            admin
                .post(
                    "/settings/population",
                    &[
                        ("year", year),
                        ("birth_to_one", one),
                        ("birth_to_three", three),
                    ],
                )
                .await
        }
    };
    let res = post("2021", "500", "100").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        first_attr(&html, "#f-birth_to_one", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        first_attr(&html, "#f-birth_to_three", "value").as_deref(),
        Some("100"),
        "typed values kept"
    );
    let res = post("1990", "x", "100").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        first_attr(&html, "#f-year", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        post("2021", "400", "1200").await.status(),
        StatusCode::SEE_OTHER
    );
    // Saved again: replaced, one row for the year.
    assert_eq!(
        post("2021", "400", "1500").await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, html) = admin.page("/settings/population").await;
    assert_eq!(texts(&html, "#populations tbody tr").len(), 1);
    assert_eq!(app.audit_rows("program.population_saved").await.len(), 2);

    let (_, html) = admin.page(&format!("/reports/indicators?{PERIOD}")).await;
    let cell = |k: &str, n: &str| texts(&html, &format!("tr[data-indicator={k}] td[data-n={n}]"));
    assert_eq!(
        (
            cell("c5", "numerator"),
            cell("c5", "denominator"),
            cell("c5", "percent")
        ),
        (
            vec!["0".to_owned()],
            vec!["400".to_owned()],
            vec!["0.00".to_owned()]
        )
    );
    assert_eq!(
        (
            cell("c6", "numerator"),
            cell("c6", "denominator"),
            cell("c6", "percent")
        ),
        (
            vec!["3".to_owned()],
            vec!["1500".to_owned()],
            vec!["0.20".to_owned()]
        )
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
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
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\nC5,0,400,0.00,,,0,\n"), "{text}");
    assert!(text.contains("\nC6,3,1500,0.20,,,0,\n"), "{text}");
}
