//! The crash test's parts: `hearth serve` as a child process, the visits the writers work on,
//! a writer, and the database checks.
use crate::smtp::free_port;
use crate::support::*;
use crate::visit_helpers::note;
use crate::web::client;
use hearth::entities::{ifsp_outcome, ifsp_service, visit};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `hearth serve` on the given configuration, on a port of its own. Killed when dropped.
pub struct Serve {
    pub base: String,
    pub child: Child,
}

impl Serve {
    pub async fn start(vars: &[(String, String)]) -> Serve {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .arg("serve")
            .env_clear()
            .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("HEARTH_BIND", format!("127.0.0.1:{port}"))
            .env("HEARTH_BASE_URL", &base)
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            // Not piped: a pipe nobody reads would fill with request logs and stall the server.
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start hearth serve");
        let mut s = Serve { base, child };
        let health = format!("{}/healthz", s.base);
        let exited = eventually(format!("{health} answers"), || {
            let health = health.clone();
            let exited = s.child.try_wait().unwrap();
            async move {
                if exited.is_some() {
                    return Some(exited);
                }
                let res = reqwest::get(&health).await.ok()?;
                (res.status() == StatusCode::OK).then_some(None)
            }
        })
        .await;
        assert_eq!(exited, None, "hearth serve on {} exited", s.base);
        s
    }

    pub fn browser(&self) -> Browser {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        Browser {
            base: self.base.clone(),
            client: client(&self.base, jar.clone()),
            jar,
        }
    }

    pub async fn signed_in(&self, email: &str) -> Browser {
        let b = self.browser();
        let res = b.login(email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in of {email}");
        b
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One write sent: by which writer, to which visit, the version it makes, the text it
/// stores, whether it signs, and whether the server answered success.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub who: usize,
    pub visit: i32,
    pub version: i32,
    pub text: String,
    pub sign: bool,
    pub acked: bool,
}

/// A writer's visits: each with the version it starts from and the note fields to send.
pub type Work = Vec<(visit::Model, Vec<(&'static str, String)>)>;

async fn outcome_of(db: &DatabaseConnection, v: &visit::Model) -> i32 {
    let s = ifsp_service::Entity::find_by_id(v.service_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(s.ifsp_id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .origin()
}

/// The demo's delivered past visits of each writer's provider, made unsigned drafts again, shared
/// out so that no two writers have the same visit.
pub async fn prepare(db: &DatabaseConnection, writers: &[&str]) -> Vec<Work> {
    let mut work: Vec<Work> = vec![Vec::new(); writers.len()];
    let mut seen = std::collections::HashSet::new();
    for &email in writers {
        if !seen.insert(email) {
            continue;
        }
        let mine: Vec<usize> = (0..writers.len())
            .filter(|i| writers[*i] == email)
            .collect();
        let provider = user_id(db, email).await;
        let visits: Vec<visit::Model> = visit::Entity::find()
            .filter(visit::Column::ProviderId.eq(provider))
            .filter(visit::Column::Status.eq(visit::Status::Completed))
            .filter(visit::Column::EndsAt.lt(today().and_hms_opt(0, 0, 0).unwrap()))
            .all(db)
            .await
            .unwrap();
        for (n, v) in visits.into_iter().enumerate() {
            // Reopening a signed note is what the immutability triggers forbid; the test's
            // setup does it as the database's owner could.
            crate::audit_integrity::unguarded(
                db,
                &format!(
                    "UPDATE visits SET signed_at = NULL, signed_name = NULL, signed_credential = NULL, \
                     reviewed_at = NULL, reviewed_by = NULL WHERE id = {}",
                    v.id
                ),
            )
            .await;
            let mut fields = note(
                &v.starts_at.date().to_string(),
                outcome_of(db, &v).await,
                "save",
            );
            for (k, val) in fields.iter_mut() {
                match *k {
                    "start" => *val = v.starts_at.format("%H:%M").to_string(),
                    "end" => *val = v.ends_at.format("%H:%M").to_string(),
                    _ => {}
                }
            }
            work[mine[n % mine.len()]].push((v, fields));
        }
    }
    work
}

async fn user_id(db: &DatabaseConnection, email: &str) -> i32 {
    use hearth::entities::user;
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Sends `per_visit` writes to each visit in turn (drafts, the last one signing), one at a
/// time, until the work is done or the server stops answering. Returns every attempt, and
/// any answer other than success or a dropped connection.
pub async fn write(
    who: usize,
    b: Browser,
    work: Work,
    per_visit: i32,
    acked: Arc<AtomicUsize>,
) -> (Vec<Attempt>, Vec<StatusCode>) {
    let token = b.csrf().await;
    let mut attempts = Vec::new();
    let mut refused = Vec::new();
    for (v, fields) in work {
        let mut version = v.version;
        for k in 0..per_visit {
            let sign = k == per_visit - 1;
            let text = format!("Crash writer {who} visit {} write {k}", v.id);
            let mut all = fields.clone();
            for (key, val) in all.iter_mut() {
                match *key {
                    "tried" => *val = text.clone(),
                    "intent" if sign => *val = "sign".into(),
                    _ => {}
                }
            }
            all.push(("version", version.to_string()));
            all.push(("_csrf", token.clone()));
            let sent = b
                .client
                .post(b.url(&format!("/visits/{}", v.id)))
                .form(&all)
                .send()
                .await;
            let mut attempt = Attempt {
                who,
                visit: v.id,
                version: version + 1,
                text,
                sign,
                acked: false,
            };
            match sent {
                Ok(res) if res.status() == StatusCode::SEE_OTHER => {
                    attempt.acked = true;
                    attempts.push(attempt);
                    acked.fetch_add(1, Ordering::SeqCst);
                    version += 1;
                }
                Ok(res) => {
                    refused.push(res.status());
                    attempts.push(attempt);
                    return (attempts, refused);
                }
                // The server is gone: this write may or may not have been committed.
                Err(_) => {
                    attempts.push(attempt);
                    return (attempts, refused);
                }
            }
        }
    }
    (attempts, refused)
}

/// `PRAGMA integrity_check` and `foreign_key_check` on a fresh connection to the SQLite file.
pub async fn sqlite_sound(url: &str) {
    let db = sea_orm::Database::connect(url).await.unwrap();
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            backend,
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap();
    let got: Vec<String> = rows
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    assert_eq!(got, vec!["ok".to_string()], "integrity_check");
    let orphans = db
        .query_all_raw(sea_orm::Statement::from_string(
            backend,
            "PRAGMA foreign_key_check",
        ))
        .await
        .unwrap();
    assert_eq!(orphans.len(), 0, "foreign_key_check found rows");
    db.close().await.unwrap();
}

/// Rows of `sql` (a `SELECT COUNT(*) AS n …`).
pub async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// A coordinator reading a child's page while the writers write, until the server is gone.
/// Each view carries its own request id; the ids of the views answered 200 come back, each
/// to be found in the audit log after the kill (a view that was shown was a view audited).
pub async fn view(b: Browser, path: String) -> Vec<String> {
    let mut answered = Vec::new();
    for n in 0.. {
        let id = format!("crash-view-{n}");
        let sent = b
            .client
            .get(b.url(&path))
            .header("x-request-id", &id)
            .send()
            .await;
        match sent {
            Ok(res) if res.status() == StatusCode::OK => answered.push(id),
            Ok(res) => panic!("view {id}: {}", res.status()),
            // The server is gone.
            Err(_) => break,
        }
    }
    answered
}
