//! Issue 18: `hearth backup` and `hearth restore` on the real binary. A demo installation is
//! backed up while it is open, restored into a fresh path, and the restored copy verifies
//! and holds the data; files that are not a verified Hearth database are refused.
use crate::support::{AUDIT_KEY, SECRET};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use std::{path::Path, process::Output};

/// One installation: a data directory holding its SQLite database and anchor.
struct Install {
    dir: tempfile::TempDir,
}

impl Install {
    fn new() -> Install {
        Install {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db_file(&self) -> std::path::PathBuf {
        self.dir.path().join("hearth.db")
    }

    /// `hearth ARGS` with this installation's configuration (both share one audit key, as
    /// a restore on the same installation does).
    fn hearth(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HEARTH_DATA_DIR", self.dir.path())
            .env(
                "DATABASE_URL",
                format!("sqlite://{}?mode=rwc", self.db_file().display()),
            )
            .env("HEARTH_SECRET_KEY", SECRET)
            .env("HEARTH_AUDIT_KEY", AUDIT_KEY)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run hearth")
    }

    async fn open(&self) -> DatabaseConnection {
        Database::connect(format!("sqlite://{}?mode=ro", self.db_file().display()))
            .await
            .unwrap()
    }
}

fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn failed(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

async fn number(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

#[tokio::test]
async fn a_backup_restores_into_a_fresh_path_and_its_audit_chain_verifies() {
    let a = Install::new();
    ok(&a.hearth(&["seed", "--demo"]));
    ok(&a.hearth(&[
        "program",
        "create",
        "--slug",
        "hillcrest",
        "--name",
        "Hillcrest EI",
        "--state",
        "pa",
    ]));
    ok(&a.hearth(&[
        "user",
        "create",
        "--email",
        "admin@hillcrest.example",
        "--role",
        "admin",
        "--program",
        "hillcrest",
    ]));
    let out = ok(&a.hearth(&["audit", "verify"]));
    assert!(out.contains("audit chain intact: 2 rows"), "{out}");

    let backup = a.dir.path().join("backup.db");
    let file = backup.to_str().unwrap();
    let out = ok(&a.hearth(&["backup", file]));
    assert!(out.starts_with(&format!("backed up to {file} (")), "{out}");
    let err = failed(&a.hearth(&["backup", file]));
    assert!(
        err.contains(&format!("{file} exists: choose a new file name")),
        "{err}"
    );

    let b = Install::new();
    let out = ok(&b.hearth(&["restore", file]));
    assert_eq!(
        out.trim(),
        format!(
            "restored {file} into {} (2 audit rows verified)",
            b.db_file().display()
        )
    );
    let out = ok(&b.hearth(&["audit", "verify"]));
    assert!(out.contains("audit chain intact: 2 rows"), "{out}");
    assert!(out.contains("anchor matches the head"), "{out}");

    // The data is there: the same programs, staff and children as the original.
    let (from, to) = (a.open().await, b.open().await);
    let programs = "SELECT slug FROM programs ORDER BY slug";
    assert_eq!(strings(&to, programs).await, strings(&from, programs).await);
    assert!(
        strings(&to, programs)
            .await
            .contains(&"hillcrest".to_owned())
    );
    let staff = "SELECT email FROM users WHERE email = 'admin@hillcrest.example'";
    assert_eq!(strings(&to, staff).await, vec!["admin@hillcrest.example"]);
    let children = "SELECT COUNT(*) FROM children";
    assert!(number(&to, children).await > 0);
    assert_eq!(number(&to, children).await, number(&from, children).await);
    let signed = "SELECT COUNT(*) FROM visits WHERE signed_at IS NOT NULL";
    assert_eq!(number(&to, signed).await, number(&from, signed).await);
    to.close().await.unwrap();

    // A database holding data is replaced only when asked, and kept beside it.
    let err = failed(&b.hearth(&["restore", file]));
    assert!(err.contains("already holds data"), "{err}");
    let out = ok(&b.hearth(&["restore", "--force", file]));
    assert!(out.contains("the database it replaced is kept as"), "{out}");
    ok(&b.hearth(&["audit", "verify"]));
}

/// A small backup of an installation with one audit row.
fn small_backup(a: &Install) -> std::path::PathBuf {
    ok(&a.hearth(&[
        "program",
        "create",
        "--slug",
        "hillcrest",
        "--name",
        "Hillcrest EI",
        "--state",
        "pa",
    ]));
    let backup = a.dir.path().join("small.db");
    ok(&a.hearth(&["backup", backup.to_str().unwrap()]));
    backup
}

#[tokio::test]
async fn a_restore_refuses_a_file_that_is_not_a_verified_hearth_database() {
    let a = Install::new();
    let b = Install::new();
    let restore = |f: &Path| b.hearth(&["restore", f.to_str().unwrap()]);

    let text = a.dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, just some text").unwrap();
    let err = failed(&restore(&text));
    assert!(err.contains(text.to_str().unwrap()), "{err}");

    let empty = a.dir.path().join("empty.db");
    let conn = Database::connect(format!("sqlite://{}?mode=rwc", empty.display()))
        .await
        .unwrap();
    conn.execute_unprepared("CREATE TABLE t (x INTEGER)")
        .await
        .unwrap();
    conn.close().await.unwrap();
    let err = failed(&restore(&empty));
    assert!(
        err.contains("is not a Hearth database with this release's migrations applied"),
        "{err}"
    );

    // A backup whose audit row was edited (its guard dropped first) does not verify.
    let backup = small_backup(&a);
    let conn = Database::connect(format!("sqlite://{}?mode=rw", backup.display()))
        .await
        .unwrap();
    conn.execute_unprepared("DROP TRIGGER hearth_guard_audit_log_update")
        .await
        .unwrap();
    conn.execute_unprepared("UPDATE audit_log SET entity_id = '999'")
        .await
        .unwrap();
    conn.close().await.unwrap();
    let err = failed(&restore(&backup));
    assert!(
        err.contains("audit chain broken at row 1: its content was changed after it was written"),
        "{err}"
    );
    // Nothing was put in place.
    assert!(!b.db_file().exists());
}

#[tokio::test]
async fn on_postgresql_backup_explains_pg_dump() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["backup", "hearth.dump"])
        .env_clear()
        .env("HEARTH_DATA_DIR", tempfile::tempdir().unwrap().path())
        .env("DATABASE_URL", "postgres://hearth@db.invalid/hearth")
        .env("HEARTH_SECRET_KEY", SECRET)
        .env("HEARTH_AUDIT_KEY", AUDIT_KEY)
        .output()
        .unwrap();
    let out = ok(&out);
    assert!(
        out.contains("pg_dump --format=custom --file=hearth.dump \"$DATABASE_URL\""),
        "{out}"
    );
    assert!(out.contains("pg_restore --no-owner"), "{out}");
}

#[tokio::test]
async fn a_backup_taken_while_hearth_serve_writes_restores_and_verifies() {
    use crate::support::{ADMIN, Browser, COORDINATOR, PASSWORD, SUPERVISOR, eventually};
    let a = Install::new();
    ok(&a.hearth(&["seed", "--demo"]));
    let port = crate::smtp::free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HEARTH_DATA_DIR", a.dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", a.db_file().display()),
        )
        .env("HEARTH_SECRET_KEY", SECRET)
        .env("HEARTH_AUDIT_KEY", AUDIT_KEY)
        .env("HEARTH_BIND", format!("127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let health = format!("{base}/healthz");
    eventually("hearth serve answers /healthz", || {
        let url = health.clone();
        async move { reqwest::get(&url).await.ok().filter(|r| r.status() == 200) }
    })
    .await;
    // Sign-ins and sign-outs go on while the backup is taken.
    let writes = {
        let base = base.clone();
        tokio::spawn(async move {
            for who in [
                ADMIN,
                COORDINATOR,
                SUPERVISOR,
                ADMIN,
                COORDINATOR,
                SUPERVISOR,
            ] {
                let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
                let b = Browser {
                    base: base.clone(),
                    client: crate::web::client(&base, jar.clone()),
                    jar,
                };
                assert_eq!(b.login(who, PASSWORD).await.status(), 303, "{who}");
                assert_eq!(b.post("/logout", &[]).await.status(), 303, "{who}");
            }
        })
    };
    // Once the server has written some rows (not all of them), take the copy.
    let live = a.open().await;
    eventually("the server has written audit rows", || {
        let live = live.clone();
        async move { (number(&live, "SELECT COUNT(*) FROM audit_log").await >= 2).then_some(()) }
    })
    .await;
    live.close().await.unwrap();
    let backup = a.dir.path().join("online.db");
    let file = backup.to_str().unwrap().to_owned();
    let out = {
        let (a_dir, a_db) = (a.dir.path().to_owned(), a.db_file());
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
                .args(["backup", &file])
                .env_clear()
                .env("HEARTH_DATA_DIR", a_dir)
                .env(
                    "DATABASE_URL",
                    format!("sqlite://{}?mode=rwc", a_db.display()),
                )
                .env("HEARTH_SECRET_KEY", SECRET)
                .env("HEARTH_AUDIT_KEY", AUDIT_KEY)
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    };
    ok(&out);
    writes.await.unwrap();
    let term = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    eventually("hearth serve exits", || {
        let done = server.try_wait().unwrap();
        async move { done }
    })
    .await;
    // The live database: 12 rows, all anchored at shutdown.
    let out = ok(&a.hearth(&["audit", "verify"]));
    assert!(out.contains("audit chain intact: 12 rows"), "{out}");
    assert!(out.contains("anchor matches the head"), "{out}");
    // The copy is one consistent moment of it, whole, and its chain verifies.
    let b = Install::new();
    ok(&b.hearth(&["restore", backup.to_str().unwrap()]));
    let out = ok(&b.hearth(&["audit", "verify"]));
    assert!(out.contains("anchor matches the head"), "{out}");
    let copy = b.open().await;
    let rows = number(&copy, "SELECT COUNT(*) FROM audit_log").await;
    assert!((2..=12).contains(&rows), "{rows}");
    assert_eq!(
        number(&copy, "SELECT COUNT(*) FROM audit_log WHERE hash = ''").await,
        0
    );
}
