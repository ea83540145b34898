//! The lead agency (issue #14): a read-only role above the programs. It reads two programs'
//! indicators and drill-downs, with the figures each program's own staff see; its "all
//! programs" figures are the hand sums; every write and every child's page refuses it; each
//! of its reads is audited in the program read, with the lead agency as the actor.
use crate::indicators::seed::{Seed, scenario};
use crate::support::*;
use hearth::entities::{ifsp, program};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const PERIOD: &str = "from=2020-07-01&to=2021-06-30";

/// (indicator key, numerator, denominator, percent) on the indicators page.
fn figures(html: &str) -> Vec<(String, String, String, String)> {
    ["c7", "c1", "c8a", "c8b", "c8c"]
        .iter()
        .map(|k| {
            let cell = |n: &str| {
                texts(html, &format!("tr[data-indicator={k}] td[data-n={n}]"))
                    .pop()
                    .unwrap_or_else(|| panic!("{k} {n}"))
            };
            (
                k.to_string(),
                cell("numerator"),
                cell("denominator"),
                cell("percent"),
            )
        })
        .collect()
}

fn row(k: &str, n: &str, d: &str, p: &str) -> (String, String, String, String) {
    (k.into(), n.into(), d.into(), p.into())
}

async fn program_id(app: &TestApp, slug: &str) -> i32 {
    program::Entity::find()
        .filter(program::Column::Slug.eq(slug))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Riverbend: the indicators scenario (C7 2/3, C1 1/2, C8A 2/2, C8B 1/1, C8C 0/1).
/// Lakeside, by hand: Lia met on time (2020-10-10, due 2020-10-16), her service began in
/// 10 days; Max met late (2020-10-25, no reason), his service began after 37 days (due in 30):
/// C7 1/2, C1 1/2, no transitions.
async fn two_programs(app: &TestApp) {
    scenario(app).await;
    let lakeside = Seed {
        app,
        program: program_id(app, "lakeside").await,
        staff: app.user_id(OTHER_ADMIN).await,
    };
    let lia = lakeside
        .child("Lia", "2019-09-01", "2020-09-01", Some("2020-10-10"))
        .await;
    let plan = lakeside
        .plan(lia, ifsp::Kind::Initial, "2020-10-10", "")
        .await;
    lakeside
        .service(lia, plan, "2020-10-10", "2020-10-20")
        .await;
    let max = lakeside
        .child("Max", "2019-09-01", "2020-09-01", Some("2020-10-25"))
        .await;
    let plan = lakeside
        .plan(max, ifsp::Kind::Initial, "2020-10-25", "")
        .await;
    lakeside
        .service(max, plan, "2020-10-25", "2020-12-01")
        .await;
}

#[tokio::test]
async fn the_lead_agency_reads_each_program_as_its_own_staff_do_and_the_sums_by_hand() {
    let app = TestApp::spawn().await;
    two_programs(&app).await;
    let lead = app.signed_in(LEAD_AGENCY).await;
    let lead_id = app.user_id(LEAD_AGENCY).await;
    let (riverbend, lakeside) = (
        program_id(&app, "riverbend").await,
        program_id(&app, "lakeside").await,
    );

    // Each program's page, as the lead agency and as the program's own staff.
    let riverbend_figures = vec![
        row("c7", "2", "3", "66.7"),
        row("c1", "1", "2", "50.0"),
        row("c8a", "2", "2", "100.0"),
        row("c8b", "1", "1", "100.0"),
        row("c8c", "0", "1", "0.0"),
    ];
    let lakeside_figures = vec![
        row("c7", "1", "2", "50.0"),
        row("c1", "1", "2", "50.0"),
        row("c8a", "0", "0", "—"),
        row("c8b", "0", "0", "—"),
        row("c8c", "0", "0", "—"),
    ];
    let supervisor = app.signed_in(SUPERVISOR).await;
    let other_admin = app.signed_in(OTHER_ADMIN).await;
    for (slug, own, expected) in [
        ("riverbend", &supervisor, &riverbend_figures),
        ("lakeside", &other_admin, &lakeside_figures),
    ] {
        let (status, html) = lead
            .page(&format!("/reports/indicators?{PERIOD}&program={slug}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{slug}");
        assert_eq!(&figures(&html), expected, "{slug} as the lead agency");
        let (status, theirs) = own.page(&format!("/reports/indicators?{PERIOD}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(&figures(&theirs), expected, "{slug} as its own staff");
        // The picker lists both programs, this one chosen.
        let options = texts(&html, "select#program option");
        assert!(
            options.contains(&"Riverbend County Early Intervention".to_owned())
                && options.contains(&"Lakeside Regional Birth-to-Three".to_owned()),
            "{options:?}"
        );
        assert_eq!(
            first_attr(&html, "select#program option[selected]", "value").as_deref(),
            Some(slug)
        );
    }
    // A supervisor cannot read another program by naming it.
    let (status, html) = supervisor
        .page(&format!("/reports/indicators?{PERIOD}&program=lakeside"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Lia Report"));

    // A drill-down of the other program: its children, by name, with no link to a record.
    let (status, html) = lead
        .page(&format!("/reports/indicators/c7?{PERIOD}&program=lakeside"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let late = texts(&html, "table[data-verdict=late] tbody tr");
    assert!(
        late.len() == 1 && late[0].contains("Max Report"),
        "{late:?}"
    );
    assert!(html.contains("Lia Report"));
    assert!(!html.contains("href=\"/children/"), "no link to a record");
    let viewed = app.audit_rows("report.viewed").await;
    let drill = viewed
        .iter()
        .rev()
        .find(|r| r.detail.contains("\"indicator\":\"c7\""))
        .expect("the drill-down is audited");
    assert_eq!(drill.user_id, Some(lead_id), "the lead agency is the actor");
    assert_eq!(drill.program_id, Some(lakeside), "in the program read");
    assert_eq!(
        drill.entity_id.as_deref(),
        Some(lakeside.to_string().as_str())
    );
    assert!(drill.detail.contains("\"role\":\"lead_agency\""));
    // The CSV of a drill-down, the 618 tables and C3 of the other program too.
    let res = lead
        .get(&format!(
            "/reports/indicators/c7.csv?{PERIOD}&program=lakeside"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("Max Report") && !body.contains("Ava Report"),
        "{body}"
    );
    // Every drill-down names the program it is about (the lead agency reads them all).
    for key in ["c7", "c1", "c8a", "618", "c3", "c2", "c4"] {
        let (status, html) = lead
            .page(&format!(
                "/reports/indicators/{key}?{PERIOD}&program=lakeside"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{key}");
        assert_eq!(
            texts(&html, "#program-name"),
            ["Lakeside Regional Birth-to-Three"],
            "{key}"
        );
    }

    // All programs: the numerators added, the denominators added, by hand.
    // C7 (2 + 1) / (3 + 2) = 60.0; C1 (1 + 1) / (2 + 2) = 50.0; C8A 2 / 2.
    let before = app.audit_rows("report.viewed").await.len();
    let (status, html) = lead.page(&format!("/reports/indicators?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    let sum = |k: &str| -> (String, String, String) {
        let cell = |n: &str| {
            texts(
                &html,
                &format!("table#all-programs tr[data-measure={k}] td[data-n={n}]"),
            )
            .pop()
            .unwrap_or_else(|| panic!("{k} {n}"))
        };
        (cell("numerator"), cell("denominator"), cell("percent"))
    };
    let own = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    assert_eq!(sum("c7"), own("3", "5", "60.0"));
    assert_eq!(sum("c1"), own("2", "4", "50.0"));
    assert_eq!(sum("c8a"), own("2", "2", "100.0"));
    assert_eq!(sum("c8c"), own("0", "1", "0.0"));
    assert!(html.contains("the numerators are added and the denominators are added"));
    // One audit row in each program's log.
    let after = app.audit_rows("report.viewed").await;
    let new: Vec<_> = after[before..].iter().map(|r| r.program_id).collect();
    assert_eq!(new.len(), 2, "{new:?}");
    assert!(new.contains(&Some(riverbend)) && new.contains(&Some(lakeside)));
    // The CSV of the sums.
    let res = lead
        .get(&format!("/reports/indicators/all.csv?{PERIOD}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("C7,3,5,60.0,added,2"), "{body}");

    // The command line without --program prints the same sums.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args([
            "report",
            "indicators",
            "--from",
            "2020-07-01",
            "--to",
            "2021-06-30",
        ])
        .args(["--format", "json"])
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
    let c7 = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == "C7")
        .unwrap();
    assert_eq!(
        (c7["numerator"].as_u64(), c7["denominator"].as_u64()),
        (Some(3), Some(5))
    );
    assert_eq!(json["by_program"]["lakeside"][0]["numerator"], 1);
}

#[tokio::test]
async fn the_lead_agency_home_and_dashboards_cover_every_program() {
    let app = TestApp::spawn().await;
    let lead = app.signed_in(LEAD_AGENCY).await;
    let (status, html) = lead.page("/").await;
    assert_eq!(status, StatusCode::OK);
    let links: Vec<String> = ["riverbend", "lakeside"]
        .iter()
        .map(|s| first_attr(&html, &format!("section[data-program={s}] h2 a"), "href").unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "/dashboard?program=riverbend",
            "/dashboard?program=lakeside"
        ]
    );
    // The nav shows only what it may use.
    let nav = texts(&html, "nav[aria-label=Main] a");
    assert_eq!(nav, ["Home", "Indicators"]);
    let lakeside = program_id(&app, "lakeside").await;
    let (status, html) = lead.page(&links[1]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Lakeside Regional Birth-to-Three"));
    assert!(
        !html.contains("href=\"/caseload"),
        "no link it may not follow"
    );
    let last = app.audit_rows("report.viewed").await.pop().unwrap();
    assert!(last.detail.contains("\"report\":\"dashboard\""));
    assert_eq!(last.program_id, Some(lakeside));
    assert_eq!(last.user_id, Some(app.user_id(LEAD_AGENCY).await));
    // Without a program, the dashboard sends it to the list of programs.
    let res = lead.get("/dashboard").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
}

#[tokio::test]
async fn a_program_that_does_not_exist_is_a_clear_404() {
    let app = TestApp::spawn().await;
    let lead = app.signed_in(LEAD_AGENCY).await;
    for path in [
        "/reports/indicators?program=nowhere",
        "/reports/indicators/c7?program=nowhere",
        "/reports/indicators/c7.csv?program=nowhere",
        "/dashboard?program=nowhere",
    ] {
        let (status, html) = lead.page(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("No such program"), "{path}: {html}");
        assert!(html.contains("nowhere"), "{path}");
        assert!(html.contains("Lakeside Regional Birth-to-Three"), "{path}");
    }
}

#[tokio::test]
async fn the_lead_agency_changes_nothing_and_opens_no_record() {
    let app = TestApp::spawn().await;
    let lead = app.signed_in(LEAD_AGENCY).await;
    let child = child_named(&app, "Mateo").await;
    let before = app.audit_rows("access.denied").await.len();
    // A child's page, the caseload, staff, settings, outbox, audit log, API tokens.
    for path in [
        format!("/children/{}", child.id),
        "/caseload".into(),
        "/staff".into(),
        "/settings".into(),
        "/outbox".into(),
        "/audit".into(),
        "/settings/api-tokens".into(),
        "/activities".into(),
        "/visits".into(),
    ] {
        let (status, html) = lead.page(&path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(!html.contains(&child.first_name), "{path}");
    }
    // Writes every staff member may make elsewhere.
    for (path, body) in [
        ("/children".to_owned(), vec![("first_name", "Zed")]),
        ("/activities".to_owned(), vec![("title", "Mine")]),
        ("/calendar".to_owned(), vec![]),
        (format!("/children/{}/activities", child.id), vec![]),
        (
            format!("/children/{}/edit", child.id),
            vec![("first_name", "Zed")],
        ),
        ("/settings/targets".to_owned(), vec![]),
    ] {
        let res = lead.post(&path, &body).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let denied = app.audit_rows("access.denied").await;
    let lead_id = app.user_id(LEAD_AGENCY).await;
    assert_eq!(denied.len() - before, 15, "every refusal is audited");
    assert!(denied[before..].iter().all(|r| r.user_id == Some(lead_id)));
    assert_eq!(child_named(&app, "Mateo").await, child, "nothing changed");
}
