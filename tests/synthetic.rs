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
    // A few children as the generator gave them before the bulk writer replaced sea-orm's
    // inserts (the county tier's rows were compared column by column, old against new).
    let children = digest(&db).await;
    assert_eq!(children[0], FIRST_CHILD);
    assert_eq!(children[24], LAST_CHILD);

    // A second seed into the same database is refused.
    assert!(
        synthetic::seed(&db, Tier::Provider, 7, anchor(), false)
            .await
            .is_err()
    );
}

/// Child 1 and child 25 of the provider tier, seed 7, anchored on 1 June 2026.
const FIRST_CHILD: &str = "Mia Thompson 2022-12-12 Exited";
const LAST_CHILD: &str = "Lucas Smith 2025-04-10 Active";

/// The loader writes plain INSERTs, so AFTER INSERT triggers (such as a later migration's
/// `report_gen` upserts) fire for every row. A stand-in trigger counts visits per child.
#[tokio::test]
async fn an_after_insert_trigger_on_visits_sees_every_synthetic_visit() {
    let (db, _pg, _dir) = empty().await;
    let sqlite = [
        "CREATE TABLE probe_gen (child_id INTEGER PRIMARY KEY, gen INTEGER NOT NULL)",
        "CREATE TRIGGER probe_visits AFTER INSERT ON visits BEGIN \
         INSERT INTO probe_gen (child_id, gen) VALUES (NEW.child_id, 1) \
         ON CONFLICT (child_id) DO UPDATE SET gen = probe_gen.gen + 1; END",
    ];
    let postgres = [
        "CREATE TABLE probe_gen (child_id INTEGER PRIMARY KEY, gen INTEGER NOT NULL)",
        "CREATE FUNCTION probe_visits() RETURNS trigger AS $$ BEGIN \
         INSERT INTO probe_gen (child_id, gen) VALUES (NEW.child_id, 1) \
         ON CONFLICT (child_id) DO UPDATE SET gen = probe_gen.gen + 1; RETURN NEW; END \
         $$ LANGUAGE plpgsql",
        "CREATE TRIGGER probe_visits AFTER INSERT ON visits \
         FOR EACH ROW EXECUTE FUNCTION probe_visits()",
    ];
    let ddl: &[&str] = if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        &postgres
    } else {
        &sqlite
    };
    for sql in ddl {
        db.execute_unprepared(sql).await.expect("probe trigger");
    }
    synthetic::seed(&db, Tier::Provider, 7, anchor(), false)
        .await
        .expect("seed");
    // 21 children have a signed plan and visits; 1105 visits in all.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM probe_gen").await, 21);
    assert_eq!(
        count(&db, "SELECT CAST(SUM(gen) AS BIGINT) FROM probe_gen").await,
        1105
    );
}

/// The load's own connection ran with `synchronous=OFF`; the file it leaves is an ordinary
/// WAL database and the app's connections keep their settings.
#[tokio::test]
async fn the_seeded_sqlite_file_is_a_wal_database_with_the_apps_settings() {
    let (db, _pg, _dir) = empty().await;
    synthetic::seed(&db, Tier::Provider, 7, anchor(), false)
        .await
        .expect("seed");
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return;
    }
    let pragma = |name: &'static str| {
        let db = db.clone();
        async move {
            db.query_one_raw(Statement::from_string(
                sea_orm::DbBackend::Sqlite,
                format!("PRAGMA {name}"),
            ))
            .await
            .expect("pragma")
            .expect("a row")
        }
    };
    let mode: String = pragma("journal_mode")
        .await
        .try_get_by_index(0)
        .expect("mode");
    assert_eq!(mode, "wal");
    // 2 is FULL, as `db::connect` sets it on every connection of the app's pool.
    let sync: i64 = pragma("synchronous")
        .await
        .try_get_by_index(0)
        .expect("level");
    assert_eq!(sync, 2);
    assert_eq!(count(&db, "PRAGMA foreign_keys").await, 1);
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
