//! `hearth seed --synthetic`: the provider tier with a fixed seed and date gives the same
//! rows every time and on both engines, and every child's clocks can be computed.
use crate::{pg::PgDatabase, templates::Start};
use chrono::NaiveDate;
use hearth::{
    db,
    entities::child,
    program::rules::ProgramRules,
    seed::synthetic::{self, Tier},
    timeline,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Statement};

/// A fresh, migrated, empty database on the engine the suite runs on.
async fn empty() -> (DatabaseConnection, Option<PgDatabase>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, pg) = crate::templates::database(Start::Migrated, dir.path()).await;
    let conn = db::connect(&url).await.expect("connect");
    (conn, pg, dir)
}

fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

const TABLES: [&str; 14] = [
    "users",
    "families",
    "children",
    "referrals",
    "evaluations",
    "evaluation_results",
    "consents",
    "ifsps",
    "ifsp_outcomes",
    "ifsp_services",
    "ifsp_signatures",
    "visits",
    "transitions",
    "cos_ratings",
];

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("count")
        .expect("a row");
    row.try_get_by_index::<i64>(0).expect("a number")
}

async fn counts(db: &DatabaseConnection) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for t in TABLES {
        out.push((t, count(db, &format!("SELECT COUNT(*) FROM {t}")).await));
    }
    out
}

/// Names, birth dates and statuses of every child, in id order.
async fn digest(db: &DatabaseConnection) -> Vec<String> {
    child::Entity::find()
        .order_by_asc(child::Column::Id)
        .all(db)
        .await
        .expect("children")
        .into_iter()
        .map(|c| {
            format!(
                "{} {} {} {:?}",
                c.first_name, c.last_name, c.date_of_birth, c.status
            )
        })
        .collect()
}

#[tokio::test]
async fn the_provider_tier_with_seed_7_gives_the_same_rows_every_time() {
    let (db, _pg, _dir) = empty().await;
    let s = synthetic::seed(&db, Tier::Provider, 7, anchor(), false)
        .await
        .expect("seed");
    assert_eq!(s.children, 25);
    let seen = counts(&db).await;
    // 16 active and 5 exited children have a signed plan (two signatures, an entry COS
    // rating, and an exit one for the exited); 24 of 25 were evaluated.
    let expected = vec![
        ("users", 7),
        ("families", 25),
        ("children", 25),
        ("referrals", 25),
        ("evaluations", 24),
        ("evaluation_results", 46),
        ("consents", 46),
        ("ifsps", 21),
        ("ifsp_outcomes", 67),
        ("ifsp_services", 40),
        ("ifsp_signatures", 42),
        ("visits", 1105),
        ("transitions", 8),
        ("cos_ratings", 26),
    ];
    assert_eq!(s.visits, 1105);
    assert_eq!(seen, expected);

    let (again, _pg2, _dir2) = empty().await;
    synthetic::seed(&again, Tier::Provider, 7, anchor(), false)
        .await
        .expect("seed again");
    assert_eq!(counts(&again).await, expected);
    assert_eq!(digest(&again).await, digest(&db).await);

    // A second seed into the same database is refused.
    assert!(
        synthetic::seed(&db, Tier::Provider, 7, anchor(), false)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn every_synthetic_childs_clocks_can_be_computed() {
    let (db, _pg, _dir) = empty().await;
    synthetic::seed(&db, Tier::Provider, 7, anchor(), false)
        .await
        .expect("seed");
    let children = child::Entity::find().all(&db).await.expect("children");
    let facts = timeline::facts::for_children(&db, &children)
        .await
        .expect("facts");
    assert_eq!(facts.len(), 25);
    let rules = ProgramRules::default();
    for f in facts.values() {
        timeline::clocks(f, &rules, anchor());
    }
}

#[tokio::test]
async fn a_synthetic_coordinator_signs_in_through_the_form_and_sees_a_caseload() {
    let app = crate::support::TestApp::spawn_seeded(&[], |db| {
        Box::pin(async move {
            synthetic::seed(&db, Tier::Provider, 7, anchor(), false)
                .await
                .map(drop)
        })
    })
    .await;
    let b = app.browser();
    let res = b
        .login(
            "coordinator1@synthetic.example",
            synthetic::SYNTHETIC_PASSWORD,
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    let (status, _) = b.page("/").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    // Ids continue after the generated ones (PostgreSQL's sequences were moved on).
    let family = hearth::entities::family::ActiveModel {
        program_id: sea_orm::Set(1),
        address_line: sea_orm::Set("1 New Street".into()),
        city: sea_orm::Set(String::new()),
        county: sea_orm::Set(String::new()),
        postal_code: sea_orm::Set(String::new()),
        created_at: sea_orm::Set(chrono::Utc::now()),
        ..Default::default()
    };
    let made = sea_orm::ActiveModelTrait::insert(family, &app.db)
        .await
        .expect("a new family");
    assert_eq!(made.id, 26);
}
