//! A page's cost follows what it shows, not how much the record holds: the child page sends
//! the same number of statements for a child with a few visits, plans and shared activities
//! as for one with many more; a child record's small forms read only what they show.
use crate::crowd::crowd;
use crate::support::*;
use chrono::Duration;
use hearth::entities::{
    activity, activity_share, evaluation, ifsp, ifsp_outcome, ifsp_service, visit,
};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};

/// Gives the child 40 more delivered visits, three more (superseded) plan versions with their
/// outcomes and services, and 20 more shared activities.
async fn grow(app: &TestApp, child_id: i32) {
    let v = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(child_id))
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a delivered visit");
    for i in 1..=40 {
        let mut m = v.clone().into_active_model();
        m.id = NotSet;
        m.starts_at = Set(v.starts_at - Duration::days(400 + i));
        m.ends_at = Set(v.ends_at - Duration::days(400 + i));
        m.insert(&app.db).await.unwrap();
    }
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(child_id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a signed plan");
    for _ in 0..3 {
        let mut p = plan.clone().into_active_model();
        p.id = NotSet;
        p.status = Set(ifsp::Status::Superseded);
        let copy = p.insert(&app.db).await.unwrap();
        for o in ifsp_outcome::Entity::find()
            .filter(ifsp_outcome::Column::IfspId.eq(plan.id))
            .all(&app.db)
            .await
            .unwrap()
        {
            let mut m = o.into_active_model();
            m.id = NotSet;
            m.ifsp_id = Set(copy.id);
            m.insert(&app.db).await.unwrap();
        }
        for s in ifsp_service::Entity::find()
            .filter(ifsp_service::Column::IfspId.eq(plan.id))
            .all(&app.db)
            .await
            .unwrap()
        {
            let mut m = s.into_active_model();
            m.id = NotSet;
            m.ifsp_id = Set(copy.id);
            m.insert(&app.db).await.unwrap();
        }
    }
    let activities = activity::Entity::find()
        .filter(activity::Column::Status.eq(activity::Status::Published))
        .all(&app.db)
        .await
        .unwrap();
    for a in activities.iter().take(20) {
        activity_share::ActiveModel {
            activity_id: Set(a.id),
            child_id: Set(child_id),
            visit_id: Set(Some(v.id)),
            outcome_origin: Set(None),
            shared_by: Set(v.provider_id),
            shared_on: Set(v.starts_at.date()),
            family_feedback: Set("We tried it at bath time.".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
}

/// The statements each page sends, for the pages that show this child's record.
async fn costs(app: &TestApp, b: &Browser, paths: &[String]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for path in paths {
        // Warm up first: the first request prepares statements and reads the program's rules.
        assert_eq!(b.page(path).await.0, StatusCode::OK, "{path}");
        let ((status, html), n) = app.queries_during(b.page(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        out.push((path.clone(), n, html.len()));
    }
    out
}

#[tokio::test]
async fn pages_of_a_child_cost_the_same_however_long_the_record() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(SUPERVISOR).await;
    let noah = child_named(&app, "Noah").await;
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(noah.id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let paths = [
        format!("/children/{}", noah.id),
        format!("/children/{}/transition", noah.id),
        format!("/ifsps/{}", plan.id),
        "/caseload".to_owned(),
    ];
    let before = costs(&app, &b, &paths).await;
    grow(&app, noah.id).await;
    let after = costs(&app, &b, &paths).await;
    assert!(after[0].2 > before[0].2, "the child page shows more");
    for ((path, was, _), (_, now, _)) in before.iter().zip(&after) {
        assert_eq!(
            was, now,
            "{path} sent {was} statements before and {now} after the record grew"
        );
    }
}

/// A form sent with a mistake: its path under the child, its fields, the statements expected.
type Refused<'a> = (&'a str, &'a [(&'a str, &'a str)], usize);

/// Sends a form with an already fetched CSRF token, so only the post itself is counted.
async fn post_counted(
    app: &TestApp,
    b: &Browser,
    token: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, usize) {
    let mut all = fields.to_vec();
    all.push(("_csrf", token));
    let (res, n) = app
        .queries_during(b.client.post(b.url(path)).form(&all).send())
        .await;
    (res.unwrap().status(), n)
}

/// Each small form of a child's record shows the child's name and the form, so it reads the
/// session, the user with the program, and the child: three statements. The consent form
/// adds the caregiver it names as the parent who decided; the evaluation and the decision
/// the referral or evaluation their dates are checked against; a saved edit, the day of
/// the first referral. None reads the whole case (a dozen statements and more).
#[tokio::test]
async fn the_small_forms_of_a_childs_record_read_only_what_they_show() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(SUPERVISOR).await;
    let liam = child_named(&app, "Liam").await;
    let ev = evaluation::Entity::find()
        .filter(evaluation::Column::ChildId.eq(liam.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let at = |p: &str| format!("/children/{}{p}", liam.id);
    let pages = [
        ("/caregivers/new", 3),
        // The release form offers the directory: one statement for the program's agencies.
        ("/consents/new", 5),
        ("/delays/new", 3),
        ("/evaluations/new", 3),
        ("/edit", 3),
        ("/exit", 3),
    ];
    for (p, expected) in pages {
        // Warm up first: the first request prepares statements.
        assert_eq!(b.page(&at(p)).await.0, StatusCode::OK, "{p}");
        let ((status, _), n) = app.queries_during(b.page(&at(p))).await;
        assert_eq!(status, StatusCode::OK, "{p}");
        assert_eq!(n, expected, "{p} sent {n} statements");
    }
    // Each form sent with a mistake: shown again with the error, reading no more.
    let token = b.csrf().await;
    let decision = format!("/evaluations/{}/decision", ev.id);
    let refused: [Refused; 6] = [
        ("/caregivers", &[("caregiver_name", "")], 3),
        // Shown again with the directory's agencies to choose from: one statement more.
        ("/consents", &[("kind", "")], 4),
        ("/delays", &[("reason", "")], 3),
        ("/evaluations", &[("evaluated_on", "")], 4),
        (&decision, &[("decision", "")], 4),
        ("/edit", &[("first_name", "")], 4),
    ];
    for (p, fields, expected) in refused {
        post_counted(&app, &b, &token, &at(p), fields).await;
        let (status, n) = post_counted(&app, &b, &token, &at(p), fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
        assert_eq!(n, expected, "{p} sent {n} statements");
    }
}

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
