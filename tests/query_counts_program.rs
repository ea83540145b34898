//! A program's pages cost what they show, not how much the program holds: each role's main
//! pages send the same statements and read the same rows before and after a crowd of 200
//! children with their plans, services and visits, and the dashboard sends the same
//! statements however many children it counts. (A child's own record: `query_counts.rs`.)
use crate::crowd::crowd;
use crate::support::*;
use hearth::entities::ifsp;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The visits of `email`'s agenda this week (Monday to Sunday in the program's time zone),
/// with their distinct children and services: what the agenda reads beside its fixed rows.
async fn this_weeks_visits(app: &TestApp, email: &str) -> i64 {
    use chrono::Datelike;
    let zone = crate::db_fingerprint::texts(
        app,
        &format!(
            "SELECT p.timezone FROM programs p JOIN users u ON u.program_id = p.id \
             WHERE u.email = '{email}'"
        ),
    )
    .await;
    let tz: chrono_tz::Tz = zone[0].parse().expect("a time zone");
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let monday = today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let sunday_night = monday + chrono::Duration::days(7);
    let counts = crate::db_fingerprint::ids(
        app,
        &format!(
            "SELECT COUNT(*) + COUNT(DISTINCT v.child_id) + COUNT(DISTINCT v.service_id) \
             FROM visits v JOIN users u ON u.id = v.provider_id WHERE u.email = '{email}' \
             AND v.starts_at >= '{monday} 00:00:00' AND v.starts_at < '{sunday_night} 00:00:00'"
        ),
    )
    .await;
    counts[0]
}

/// What one page costs: statements sent, rows they return, and whether one reads a
/// password hash.
#[derive(Debug, PartialEq, Eq)]
struct Cost {
    statements: usize,
    rows: i64,
    hashes: usize,
}

async fn cost(app: &TestApp, b: &Browser, path: &str) -> Cost {
    // Warm up first: the first request prepares statements and reads the program's rules.
    assert_eq!(b.page(path).await.0, StatusCode::OK, "{path}");
    let ((status, _), sent) = app.reads_during(b.page(path)).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    Cost {
        statements: sent.len(),
        rows: sent.iter().filter_map(|(_, n)| *n).sum(),
        hashes: sent
            .iter()
            .filter(|(sql, _)| sql.contains("password_hash"))
            .count(),
    }
}

/// The dashboard, the home page of each role, a child page, an IFSP page and the agenda send
/// the same statements and read the same rows whether the program holds one caseload or 30
/// more staff and 200 more children on someone else's caseload, with their plans, another
/// provider's service and its visits (`crowd`); none reads a password hash. That the rows a
/// statement returns stay the same does not say how many it walked: `query_plans` checks
/// the provider's children are found by id, not through the program.
#[tokio::test]
async fn pages_cost_what_they_show_not_what_the_program_holds() {
    let app = TestApp::spawn().await;
    let coordinator = app.user_id(COORDINATOR).await;
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .all(&app.db)
        .await
        .unwrap();
    let mut mine = None;
    for p in plan {
        let c = hearth::entities::child::Entity::find_by_id(p.child_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if c.coordinator_id == Some(coordinator) {
            mine = Some((c.id, p.id));
        }
    }
    let (child, plan) = mine.expect("a child of the coordinator's with a signed plan");
    let as_coordinator = app.signed_in(COORDINATOR).await;
    let as_provider = app.signed_in(PROVIDER).await;
    let as_supervisor = app.signed_in(SUPERVISOR).await;
    let as_admin = app.signed_in(ADMIN).await;
    let child_page = format!("/children/{child}");
    let plan_page = format!("/ifsps/{plan}");
    // The agenda lists this week's visits (Monday to Sunday), and the demo's visits are
    // dated from today, so how many fall in this week depends on the weekday: its rows are
    // the six of any view plus each visit, its child and its service, counted here in SQL.
    let agenda_rows = 6 + this_weeks_visits(&app, PROVIDER).await;
    // (who, page, statements, rows, audited): counted on the demo program, by hand. On
    // PostgreSQL an audited page sends one statement more, the audit chain's lock (one row).
    let pages: [(&Browser, &str, usize, i64, bool); 9] = [
        (&as_coordinator, "/caseload", 16, 30, true),
        (&as_coordinator, "/", 13, 29, false),
        (&as_coordinator, &child_page, 33, 60, true),
        (&as_coordinator, &plan_page, 24, 28, true),
        // The provider's families in one statement (issue #16): the SLP's consented services
        // joined to their signed plans give two children, where the services (three rows,
        // one on a superseded plan) and then their plans (two) were read in two. One
        // statement for the provider's visits this week (the home's seven-day window holds
        // one visit of each of the SLP's two services, weekly and twice a month, whatever the
        // weekday). One for "What the family said" (issue #17): the
        // families' latest "we tried it" answers in one bounded query; the demo has none (no
        // rows, and no audit row, which is written only when answers are shown).
        (&as_provider, "/", 16, 25, false),
        (&as_provider, "/visits", 13, agenda_rows, true),
        (&as_provider, "/caseload", 17, 24, true),
        // One row more each since the demo has a lead-agency user in Riverbend's staff table:
        // the count of staff by role reads its group too.
        (&as_supervisor, "/", 7, 11, false),
        (&as_admin, "/", 8, 16, false),
    ];
    let pg = app.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let mut before = Vec::new();
    for (b, path, ..) in &pages {
        before.push(cost(&app, b, path).await);
    }
    crowd(&app).await;
    let mut wrong = Vec::new();
    for ((b, path, statements, rows, audited), was) in pages.iter().zip(&before) {
        let now = cost(&app, b, path).await;
        let lock = usize::from(pg && *audited);
        let expected = Cost {
            statements: statements + lock,
            rows: rows + lock as i64,
            hashes: 0,
        };
        if was != &expected || now != expected {
            wrong.push(format!(
                "{path}: {was:?} before the crowd, {now:?} after, {expected:?} expected"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The program dashboard counts the whole program, so it reads rows for every child; but the
/// statements it sends stay the same with 200 more children, their referrals and visits
/// (the indicators read the program's children with one statement per kind of fact).
#[tokio::test]
async fn the_dashboard_sends_the_same_statements_however_large_the_program() {
    let app = TestApp::spawn().await;
    let l = crate::dashboard::seed::lakeside(&app).await;
    let b = app.signed_in(OTHER_ADMIN).await;
    let count = || async {
        assert_eq!(b.page("/dashboard").await.0, StatusCode::OK);
        let ((status, _), n) = app.queries_during(b.page("/dashboard")).await;
        assert_eq!(status, StatusCode::OK);
        n
    };
    let before = count().await;
    let mia = child_named(&app, "Mia").await;
    app.exec(&format!(
        "INSERT INTO children (program_id, family_id, first_name, last_name, date_of_birth, \
         coordinator_id, status, version, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) \
         SELECT c.program_id, c.family_id, 'Crowd', 'Child ' || n.i, c.date_of_birth, \
         CASE WHEN n.i % 2 = 0 THEN {} ELSE {} END, c.status, 1, c.created_at, c.updated_at \
         FROM n, children c WHERE c.id = {}",
        l.cora, l.dan, mia.id
    ))
    .await;
    app.exec(&format!(
        "INSERT INTO referrals (child_id, received_on, source, source_name, concerns, \
         first_contact_on, created_by, created_at) \
         SELECT c.id, r.received_on, r.source, r.source_name, r.concerns, r.first_contact_on, \
         r.created_by, r.created_at FROM children c, referrals r \
         WHERE c.first_name = 'Crowd' AND r.child_id = {}",
        mia.id
    ))
    .await;
    app.exec(
        "INSERT INTO visits (program_id, child_id, service_id, provider_id, status, starts_at, \
         ends_at, method, location, participants, parent_report, outcomes_addressed, routine, \
         tried, caregiver_did, child_response, coaching, activities, joint_plan, abc_entries, \
         mileage_tenths, cancel_reason, review_comment, version, created_by, created_at, \
         updated_at) \
         SELECT v.program_id, v.child_id, v.service_id, v.provider_id, v.status, v.starts_at, \
         v.ends_at, v.method, v.location, v.participants, v.parent_report, \
         v.outcomes_addressed, v.routine, v.tried, v.caregiver_did, v.child_response, \
         v.coaching, v.activities, v.joint_plan, v.abc_entries, v.mileage_tenths, \
         v.cancel_reason, v.review_comment, v.version, v.created_by, v.created_at, v.updated_at \
         FROM visits v, children c WHERE c.first_name = 'Crowd' AND v.program_id = c.program_id",
    )
    .await;
    let after = count().await;
    let (_, html) = b.page("/dashboard").await;
    assert!(
        html.contains("<span class=\"stat\">204</span> overdue items"),
        "the crowd is counted"
    );
    // Counted by hand: the session and its user (2); the caseload's children and the clock
    // loader's ten (11); the coordinators (1); the credentials and their holders (2); the
    // program (1); the indicators from stored answers: the changed children with their
    // counts (none: the view before stored them all) and every child's answers (2); the
    // child-find population and the surveys (2); the targets (1); the three monthly counts
    // (3); the audit row, its chain read and its hash (3). PostgreSQL adds the audit chain's
    // lock.
    let pg = app.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let pinned = 28 + usize::from(pg);
    assert_eq!((before, after), (pinned, pinned));
}
