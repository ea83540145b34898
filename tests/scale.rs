//! Pages over a whole program stay answers, not 500s, when the program is larger than one
//! SQL statement can bind (SQLite refuses more than 32,766 values in a statement).
use crate::support::*;
use reqwest::StatusCode;

/// 33,000 children more on one coordinator's caseload, copied from Liam in one statement.
async fn grow_program(app: &TestApp, like: i32, n: u32) {
    app.exec(&format!(
        "INSERT INTO children (program_id, family_id, first_name, last_name, date_of_birth, \
         coordinator_id, status, version, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
         SELECT c.program_id, c.family_id, 'Extra', 'Child ' || n.i, c.date_of_birth, \
         c.coordinator_id, c.status, 1, c.created_at, c.updated_at \
         FROM n, children c WHERE c.id = {like}"
    ))
    .await;
}

#[tokio::test]
async fn the_program_caseload_answers_for_a_program_larger_than_a_statement_binds() {
    let app = TestApp::spawn().await;
    let liam = child_named(&app, "Liam").await;
    grow_program(&app, liam.id, 33_000).await;
    let sup = app.signed_in(SUPERVISOR).await;
    let (status, html) = sup.page("/caseload?coordinator=team").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Liam"));
    assert!(html.contains("Extra Child 33000") || html.contains("Child 33000, Extra"));
}
