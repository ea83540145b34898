//! States are enums in the app and guarded in the database: every guarded column refuses a
//! value outside its enum (raw SQL, both engines) and accepts every value of it.
use crate::support::*;
use hearth::{
    entities::{
        Choice, activity, agency, caregiver, child, coaching_note, consent, cos_rating, credential,
        delay, disclosure, evaluation, evaluation_result::DevelopmentalDomain, ifsp, ifsp_outcome,
        ifsp_service, ifsp_signature, outbox, outbox_attempt, outcome_progress, referral,
        referral_packet, user, visit, visit_confirmation,
    },
    i18n::Lang,
};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseTransaction, Statement};

fn values<T: Choice>() -> Vec<String> {
    T::all().map(|v| v.as_str().to_owned()).collect()
}

/// For a list column: each value alone, then all of them, joined by `join`.
fn lists(mut items: Vec<String>, wrap: fn(&[String]) -> String) -> Vec<String> {
    items.retain(|v| !v.is_empty());
    let mut out: Vec<String> = items
        .iter()
        .map(|v| wrap(std::slice::from_ref(v)))
        .collect();
    out.push(wrap(&items));
    out
}

fn commas(items: &[String]) -> String {
    items.join(",")
}

fn json(items: &[String]) -> String {
    serde_json::to_string(items).unwrap()
}

/// Every guarded column with the values of its enum, taken from the enum itself.
fn guarded() -> Vec<(&'static str, &'static str, Vec<String>)> {
    vec![
        ("children", "status", values::<child::Status>()),
        ("children", "sex", values::<child::Sex>()),
        (
            "children",
            "race_ethnicity",
            values::<child::RaceEthnicity>(),
        ),
        ("children", "exit_category", values::<child::ExitCategory>()),
        ("users", "role", values::<user::Role>()),
        ("users", "discipline", values::<user::Discipline>()),
        (
            "caregivers",
            "relationship",
            values::<caregiver::Relationship>(),
        ),
        (
            "caregivers",
            "preferred_contact",
            values::<caregiver::Contact>(),
        ),
        ("caregivers", "language", values::<Lang>()),
        ("referrals", "source", values::<referral::Source>()),
        ("consents", "kind", values::<consent::Kind>()),
        ("credentials", "kind", values::<credential::Kind>()),
        ("delays", "clock", values::<delay::Clock>()),
        ("delays", "reason", values::<delay::DelayReason>()),
        ("evaluations", "status", values::<evaluation::Status>()),
        (
            "evaluation_results",
            "domain",
            values::<DevelopmentalDomain>(),
        ),
        ("ifsps", "kind", values::<ifsp::Kind>()),
        ("ifsps", "status", values::<ifsp::Status>()),
        ("ifsp_outcomes", "kind", values::<ifsp_outcome::Kind>()),
        (
            "ifsp_outcomes",
            "cos_outcome",
            values::<cos_rating::CosOutcome>(),
        ),
        (
            "ifsp_services",
            "service_type",
            values::<ifsp_service::ServiceType>(),
        ),
        ("ifsp_services", "discipline", values::<user::Discipline>()),
        ("ifsp_services", "period", values::<ifsp_service::Period>()),
        ("ifsp_services", "mode", values::<ifsp_service::Mode>()),
        ("ifsp_services", "method", values::<visit::VisitMethod>()),
        (
            "ifsp_services",
            "location",
            values::<ifsp_service::Setting>(),
        ),
        ("ifsp_services", "payer", values::<ifsp_service::Payer>()),
        ("ifsp_signatures", "role", values::<ifsp_signature::Role>()),
        (
            "ifsp_signatures",
            "method",
            values::<ifsp_signature::Method>(),
        ),
        ("cos_ratings", "phase", values::<cos_rating::Phase>()),
        (
            "outcome_progress",
            "rating",
            values::<outcome_progress::Rating>(),
        ),
        ("visits", "status", values::<visit::Status>()),
        ("visits", "method", values::<visit::VisitMethod>()),
        ("visits", "location", values::<ifsp_service::Setting>()),
        ("visits", "cancelled_by", values::<visit::CancelledBy>()),
        (
            "visit_confirmations",
            "method",
            values::<visit_confirmation::ConfirmationMethod>(),
        ),
        ("activities", "status", values::<activity::Status>()),
        (
            "activities",
            "cos_outcome",
            values::<cos_rating::CosOutcome>(),
        ),
        (
            "activities",
            "domains",
            lists(values::<DevelopmentalDomain>(), commas),
        ),
        (
            "activities",
            "routines",
            lists(values::<visit::Routine>(), commas),
        ),
        ("visits", "routine", values::<visit::Routine>()),
        (
            "visits",
            "remote_coaching",
            values::<visit::RemoteCoaching>(),
        ),
        (
            "consents",
            "records",
            lists(values::<referral_packet::Document>(), commas),
        ),
        (
            "referral_packets",
            "documents",
            lists(values::<referral_packet::Document>(), json),
        ),
        ("activity_texts", "lang", values::<Lang>()),
        (
            "coaching_notes",
            "status",
            values::<coaching_note::Status>(),
        ),
        ("coaching_notes", "language", values::<Lang>()),
        ("outbox", "kind", values::<outbox::Kind>()),
        ("outbox", "status", values::<outbox::Status>()),
        ("outbox", "language", values::<Lang>()),
        (
            "outbox_attempts",
            "outcome",
            values::<outbox_attempt::Outcome>(),
        ),
        ("agencies", "kind", values::<agency::Kind>()),
        ("agencies", "preferred_channel", values::<agency::Channel>()),
        ("disclosures", "kind", values::<disclosure::Kind>()),
        ("disclosures", "channel", values::<disclosure::Channel>()),
        (
            "referral_packets",
            "outcome",
            values::<referral_packet::Outcome>(),
        ),
    ]
}

/// One column as the database describes it.
struct Column {
    name: String,
    kind: String,
    /// NOT NULL without a default: an insert must name it.
    required: bool,
    nullable: bool,
}

async fn columns(app: &TestApp, table: &str) -> Vec<Column> {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => format!(
            "SELECT column_name::text AS name, data_type::text AS kind, (is_nullable = 'YES') AS nullable, \
             (is_nullable = 'NO' AND column_default IS NULL AND is_generated = 'NEVER' \
             AND is_identity = 'NO') AS required \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}'"
        ),
        _ => format!(
            "SELECT name, type AS kind, (\"notnull\" = 0) AS nullable, \
             (\"notnull\" = 1 AND dflt_value IS NULL AND pk = 0) AS required \
             FROM pragma_table_info('{table}')"
        ),
    };
    let rows = app
        .db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
    assert!(!rows.is_empty(), "no table {table}");
    rows.iter()
        .map(|r| Column {
            name: r.try_get("", "name").unwrap(),
            kind: r.try_get::<String>("", "kind").unwrap().to_lowercase(),
            required: r.try_get("", "required").unwrap(),
            nullable: r.try_get("", "nullable").unwrap(),
        })
        .collect()
}

/// A row of `table` with `column` set to `value` (`None`: NULL) and every other required
/// column filled in: guarded ones with their enum's first value, the rest with a plain value
/// of their type (ids point nowhere; foreign keys are not checked in these transactions).
fn insert(
    table: &str,
    columns: &[Column],
    column: &str,
    value: Option<&str>,
    guards: &[(&str, &str, Vec<String>)],
) -> String {
    let literal = |c: &Column| -> String {
        if c.name == column {
            return value.map_or("NULL".into(), |v| format!("'{v}'"));
        }
        if let Some((_, _, vs)) = guards
            .iter()
            .find(|(t, col, _)| *t == table && *col == c.name)
        {
            return format!("'{}'", vs[0]);
        }
        let k = c.kind.as_str();
        if k.contains("int") {
            "9999".into()
        } else if k.contains("bool") {
            "FALSE".into()
        } else if k.contains("time") {
            "'2026-01-01T00:00:00Z'".into()
        } else if k.contains("date") {
            "'2026-01-01'".into()
        } else if k.contains("real") || k.contains("double") || k.contains("float") {
            "0".into()
        } else {
            "''".into()
        }
    };
    let chosen: Vec<&Column> = columns
        .iter()
        .filter(|c| c.required || c.name == column)
        .collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        chosen
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        chosen
            .iter()
            .map(|c| literal(c))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Runs `sql` in a transaction that is rolled back, with foreign keys not enforced (deferred
/// to a commit that never comes on SQLite; off for the transaction on PostgreSQL, whose CHECK
/// constraints still apply).
async fn try_sql(app: &TestApp, sql: &str) -> Result<(), String> {
    let txn: DatabaseTransaction = hearth::db::begin_write(&app.db).await.unwrap();
    let relax = match app.db.get_database_backend() {
        DatabaseBackend::Postgres => "SET LOCAL session_replication_role = replica",
        _ => {
            // Signed rows' immutability triggers would answer before the CHECK does.
            crate::audit_integrity::drop_guards(&txn).await;
            "PRAGMA defer_foreign_keys = ON"
        }
    };
    txn.execute_unprepared(relax).await.unwrap();
    let res = txn.execute_unprepared(sql).await;
    txn.rollback().await.unwrap();
    res.map(|_| ()).map_err(|e| e.to_string())
}

#[tokio::test]
async fn the_database_refuses_a_value_outside_each_enum_and_takes_every_value_of_it() {
    let app = TestApp::spawn().await;
    let guards = guarded();
    for (table, column, vs) in &guards {
        let cols = columns(&app, table).await;
        let guard = format!("ck_{table}_{column}");
        let nullable = cols.iter().any(|c| c.name == *column && c.nullable);
        for v in vs {
            let sql = insert(table, &cols, column, Some(v), &guards);
            assert_eq!(try_sql(&app, &sql).await, Ok(()), "{sql}");
        }
        if nullable {
            let sql = insert(table, &cols, column, None, &guards);
            assert_eq!(try_sql(&app, &sql).await, Ok(()), "NULL: {sql}");
        }
        // Short enough for every column (PostgreSQL checks the length first): one letter,
        // an allowed value in the wrong case, and a list with an unknown item.
        let last = &vs[vs.len() - 1];
        let flipped = if last.chars().any(|c| c.is_lowercase()) {
            last.to_uppercase()
        } else {
            last.to_lowercase()
        };
        let mut bad = vec!["x", flipped.as_str()];
        // A list with one unknown item.
        match *column {
            "domains" | "routines" | "records" => bad.push("cos,astrology"),
            "documents" => bad.push(r#"["ifsp","astrology"]"#),
            _ => {}
        }
        for bad in bad {
            let sql = insert(table, &cols, column, Some(bad), &guards);
            let err = try_sql(&app, &sql).await.expect_err(&sql);
            assert!(err.contains(&guard), "{sql}: {err}");
        }
        // An update is guarded too.
        let update = format!("UPDATE {table} SET {column} = 'x'");
        if app
            .db
            .query_one_raw(Statement::from_string(
                app.db.get_database_backend(),
                format!("SELECT 1 AS one FROM {table} LIMIT 1"),
            ))
            .await
            .unwrap()
            .is_some()
        {
            let err = try_sql(&app, &update).await.expect_err(&update);
            assert!(err.contains(&guard), "{update}: {err}");
        }
    }
}
