//! C4 as the report gives it, worked out by hand for a small program.
use super::*;

#[tokio::test]
async fn the_report_gives_the_hand_worked_c4_without_outsiders_or_another_program() {
    use Agreement::*;
    let app = TestApp::spawn().await;
    let (rb, lk) = (
        program_id(&app, "riverbend").await,
        program_id(&app, "lakeside").await,
    );
    let staff = app.user_id(COORDINATOR).await;
    let mut fam = Vec::new();
    // Seven families with a plan met in the period; one more with no plan.
    for name in ["Ana", "Bo", "Cy", "Di", "Ed", "Flo", "Gus"] {
        fam.push(family_with_child(&app, rb, staff, name, Some("2020-08-01")).await);
    }
    let no_plan = family_with_child(&app, rb, staff, "Hank", None).await;
    let other = family_with_child(
        &app,
        lk,
        app.user_id(OTHER_ADMIN).await,
        "Lake",
        Some("2020-08-01"),
    )
    .await;
    let answers = [
        [StronglyAgree, Agree, StronglyAgree],
        [Agree, PreferNot, Agree],
        [Disagree, Agree, Neutral],
        [Agree, PreferNot, Disagree],
        [Neutral, StronglyDisagree, StronglyAgree],
    ];
    for (i, a) in answers.iter().enumerate() {
        let comment = if i == 0 { "Gracias" } else { "" };
        response(&app, rb, fam[i], "2020-10-01", Some(*a), comment).await;
    }
    response(&app, rb, fam[5], "2020-11-01", None, "").await;
    // Not counted: a family without a plan, and another program's family.
    response(&app, rb, no_plan, "2020-10-01", Some([Agree; 3]), "").await;
    response(&app, lk, other, "2020-10-01", Some([Agree; 3]), "").await;
    // Sent after the period: not in it.
    app.exec(&format!(
        "UPDATE family_surveys SET answered_on = '2021-07-02' WHERE family_id = {}",
        fam[4]
    ))
    .await;
    response(
        &app,
        rb,
        fam[6],
        "2021-06-30",
        Some([StronglyAgree, Agree, Agree]),
        "",
    )
    .await;

    // By hand: respondents Ana, Bo, Cy, Di, Gus (Ed's answer is after the period; Flo said
    // no) = 5 of 7 families (71.4%).
    // C4A rights: Ana, Bo, Di, Gus agree of 5 = 80.0%.
    // C4B needs: Bo and Di preferred not to say, so 3 answered: under 5, withheld.
    // C4C develop: Ana, Bo, Gus agree of 5 = 60.0%.
    let b = app.signed_in(SUPERVISOR).await;
    let (status, html) = b.page(&format!("/reports/indicators?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    let row = |k: &str| -> Vec<String> {
        ["numerator", "denominator", "percent", "prefer_not"]
            .iter()
            .map(|n| texts(&html, &format!("tr[data-indicator={k}] td[data-n={n}]")).join(""))
            .collect()
    };
    assert_eq!(row("c4a"), ["4", "5", "80.0", "0"]);
    assert_eq!(row("c4b"), ["—", "3", "—", "2"]);
    assert_eq!(row("c4c"), ["3", "5", "60.0", "0"]);
    assert_eq!(
        first_attr(&html, "#c4-rate", "data-responded").as_deref(),
        Some("5")
    );
    assert_eq!(
        first_attr(&html, "#c4-rate", "data-families").as_deref(),
        Some("7")
    );
    assert!(
        texts(&html, "#c4-rate")
            .join("")
            .contains("5 of 7 families (71.4%)")
    );
    assert!(
        texts(&html, "#c4-withheld")
            .join("")
            .contains("fewer than 5 families")
    );

    let (status, html) = b.page(&format!("/reports/indicators/c4?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    let count = |n: &str| texts(&html, &format!("#c4-counts dd[data-n={n}]")).join("");
    assert_eq!(
        [
            count("families"),
            count("responded"),
            count("declined"),
            count("with_comment"),
            count("outside")
        ],
        ["7", "5", "1", "1", "1"]
    );
    for name in [
        "Ana Survey",
        "Gus Survey",
        "Hank Survey",
        "Lake Survey",
        "Gracias",
    ] {
        assert!(!html.contains(name), "{name} on the drill-down");
    }
    let csv = b
        .get(&format!("/reports/indicators/c4.csv?{PERIOD}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("2020-07-01,2021-06-30,C4A agree,4,5,80.0"),
        "{csv}"
    );
    assert!(
        csv.contains("2020-07-01,2021-06-30,C4B agree,,3,—"),
        "{csv}"
    );
    assert!(!csv.contains("Survey"), "{csv}");

    // The command line prints the same figures.
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
    let find = |code: &str| {
        json["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["indicator"] == code)
            .unwrap_or_else(|| panic!("{code}"))
            .clone()
    };
    let (a, bb, rate) = (find("C4A"), find("C4B"), find("C4 response rate"));
    assert_eq!(
        (
            a["numerator"].as_u64(),
            a["denominator"].as_u64(),
            a["percent"].as_str()
        ),
        (Some(4), Some(5), Some("80.0"))
    );
    assert_eq!(
        (bb["numerator"].is_null(), bb["percent"].as_str()),
        (true, Some("—"))
    );
    assert_eq!(
        (
            rate["numerator"].as_u64(),
            rate["denominator"].as_u64(),
            rate["percent"].as_str()
        ),
        (Some(5), Some(7), Some("71.4"))
    );
}
