//! The dashboard's, the agenda's, the child page's, the indicators' and the home pages' statements find their
//! rows through an index: each statement the page sends is explained with its own values
//! (`EXPLAIN QUERY PLAN` on SQLite), and the plan must name the index meant for it. On
//! PostgreSQL the planner scans small tables whatever the indexes, so there the test checks
//! that the indexes exist.
use crate::support::*;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

/// The plan SQLite chooses for `st`, its lines joined.
async fn plan(app: &TestApp, st: &Statement) -> String {
    let explain = Statement {
        sql: format!("EXPLAIN QUERY PLAN {}", st.sql),
        ..st.clone()
    };
    let rows = app.db.query_all_raw(explain).await.expect(&st.sql);
    rows.iter()
        .map(|r| r.try_get::<String>("", "detail").unwrap())
        .collect::<Vec<_>>()
        .join("; ")
}

/// (who, page, a piece of the statement's text, the index its plan must use).
const EXPECTED: &[(&str, &str, &str, &str)] = &[
    (
        COORDINATOR,
        "/caseload",
        "FROM \"children\" WHERE",
        "idx_children_program_coord",
    ),
    (
        PROVIDER,
        "/visits",
        "\"signed_at\" IS NULL",
        "idx_visits_provider_unsigned",
    ),
    (
        PROVIDER,
        "/visits",
        "\"visits\".\"status\" = ? AND \"visits\".\"starts_at\" < ?",
        "idx_visits_provider_status",
    ),
    (
        PROVIDER,
        "/",
        "\"ifsp_services\".\"provider_id\" = ?",
        "idx_services_provider",
    ),
    (
        SUPERVISOR,
        "/",
        "\"audit_log\".\"action\" = ?",
        "idx_audit_program_action",
    ),
    (
        ADMIN,
        "/",
        "ORDER BY \"audit_log\".\"created_at\" DESC",
        "idx_audit_program_time",
    ),
    // The program's caseload a batch at a time (issue #16): one seek per batch of 250, not
    // every child of the program read and sorted for each.
    (
        SUPERVISOR,
        "/caseload",
        "FROM \"children\" WHERE \"children\".\"program_id\" = ? AND \"children\".\"status\" IN",
        "idx_children_program_id",
    ),
    // The indicators' first visits: one seek per service, not every visit of the child.
    (
        SUPERVISOR,
        "/reports/indicators",
        "FROM \"visits\" WHERE \"visits\".\"service_id\" = \"vs\".\"id\"",
        "idx_visits_service_status_time",
    ),
];

#[tokio::test]
async fn the_busiest_pages_read_through_their_indexes() {
    let app = TestApp::spawn().await;
    if app.db.get_database_backend() == DatabaseBackend::Postgres {
        let names: Vec<String> = app
            .db
            .query_all_raw(Statement::from_string(
                DatabaseBackend::Postgres,
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()",
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<String>("", "indexname").unwrap())
            .collect();
        for (.., index) in EXPECTED {
            assert!(names.iter().any(|n| n == index), "{index} is missing");
        }
        assert!(names.iter().any(|n| n == "idx_visits_child_time"));
        return;
    }
    let noah = child_named(&app, "Noah").await;
    let child_page = format!("/children/{}", noah.id);
    let mut wrong = Vec::new();
    let mut checks: Vec<(&str, &str, &str, &str)> = EXPECTED.to_vec();
    let visits_of_child = "FROM \"visits\" WHERE \"visits\".\"child_id\" = ?";
    checks.push((
        SUPERVISOR,
        &child_page,
        visits_of_child,
        "idx_visits_child_time",
    ));
    // A provider's families are found by id (issue #16): with the program in the statement
    // too, SQLite walked every child of the program through its program index.
    let served = "FROM \"children\" WHERE \"children\".\"id\" IN";
    checks.push((PROVIDER, "/", served, "USING INTEGER PRIMARY KEY"));
    checks.push((PROVIDER, "/caseload", served, "USING INTEGER PRIMARY KEY"));
    for (who, path, text, index) in checks {
        let b = app.signed_in(who).await;
        let ((status, _), sent) = app.statements_during(b.page(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let mine: Vec<&Statement> = sent
            .iter()
            .filter(|s| s.sql.starts_with("SELECT") && s.sql.contains(text))
            .collect();
        assert!(!mine.is_empty(), "{path} sent no statement with {text}");
        for st in mine {
            let p = plan(&app, st).await;
            if !p.contains(index) {
                wrong.push(format!("{path}: {}\n  plan: {p}\n  wanted {index}", st.sql));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
