//! Many people writing at once: no request may fail because another one is writing.
use crate::support::*;
use crate::visit_helpers::note;
use hearth::entities::{ifsp_outcome, ifsp_service, visit};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

const WRITERS: usize = 8;
const SAVES_EACH: i32 = 12;

/// Past visits of the demo providers, made unsigned drafts so that their notes can be saved.
async fn draft_visits(app: &TestApp, n: usize) -> Vec<(String, visit::Model)> {
    let providers = [PROVIDER, "ot@riverbend.example", "pt@riverbend.example"];
    let mut out = Vec::new();
    for (i, email) in providers.iter().cycle().enumerate() {
        if out.len() == n || i > n * 10 {
            break;
        }
        let id = app.user_id(email).await;
        let taken: Vec<i32> = out.iter().map(|(_, v): &(_, visit::Model)| v.id).collect();
        let v = visit::Entity::find()
            .filter(visit::Column::ProviderId.eq(id))
            .filter(visit::Column::Status.eq(visit::Status::Completed))
            .filter(visit::Column::Id.is_not_in(taken))
            .order_by_desc(visit::Column::StartsAt)
            .one(&app.db)
            .await
            .unwrap()
            .expect("a delivered demo visit");
        app.exec(&format!(
            "UPDATE visits SET signed_at = NULL, signed_name = NULL, signed_credential = NULL, \
             reviewed_at = NULL, reviewed_by = NULL WHERE id = {}",
            v.id
        ))
        .await;
        out.push((email.to_string(), v));
    }
    assert_eq!(out.len(), n, "enough demo visits");
    out
}

async fn outcome_of(app: &TestApp, v: &visit::Model) -> i32 {
    let s = ifsp_service::Entity::find_by_id(v.service_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(s.ifsp_id))
        .order_by_asc(ifsp_outcome::Column::Position)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .origin()
}

/// Eight providers' devices save visit notes at the same moment, again and again: every save
/// is accepted (SQLite used to answer 500 "database is locked" to 40% of two writers).
#[tokio::test]
async fn eight_concurrent_writers_never_fail() {
    let app = TestApp::spawn().await;
    let drafts = draft_visits(&app, WRITERS).await;
    let mut writers = Vec::new();
    for (email, v) in drafts {
        let b = app.signed_in(&email).await;
        let mut fields = note(
            &v.starts_at.date().to_string(),
            outcome_of(&app, &v).await,
            "save",
        );
        for (k, val) in fields.iter_mut() {
            match *k {
                "start" => *val = v.starts_at.format("%H:%M").to_string(),
                "end" => *val = v.ends_at.format("%H:%M").to_string(),
                _ => {}
            }
        }
        writers.push((b, v, fields));
    }
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(WRITERS));
    let tasks: Vec<_> = writers
        .into_iter()
        .map(|(b, v, fields)| {
            let start = start.clone();
            tokio::spawn(async move {
                let token = b.csrf().await;
                start.wait().await;
                let mut failures = Vec::new();
                let mut version = v.version;
                for i in 0..SAVES_EACH {
                    let mut all = fields.clone();
                    for (k, val) in all.iter_mut() {
                        if *k == "tried" {
                            *val = format!("Save number {i} of visit {}", v.id);
                        }
                    }
                    all.push(("version", version.to_string()));
                    all.push(("_csrf", token.clone()));
                    let res = b
                        .client
                        .post(b.url(&format!("/visits/{}", v.id)))
                        .form(&all)
                        .send()
                        .await
                        .unwrap();
                    if res.status() == StatusCode::SEE_OTHER {
                        version += 1;
                    } else {
                        failures.push(res.status());
                    }
                }
                (v.id, version, failures)
            })
        })
        .collect();
    let mut failed = Vec::new();
    let mut done = Vec::new();
    for t in tasks {
        let (id, version, failures) = t.await.unwrap();
        failed.extend(failures);
        done.push((id, version));
    }
    assert!(
        failed.is_empty(),
        "{} of {} saves failed: {failed:?}",
        failed.len(),
        WRITERS as i32 * SAVES_EACH
    );
    for (id, version) in done {
        let saved = crate::visit_helpers::visit(&app, id).await;
        assert_eq!(saved.version, version, "every accepted save is stored");
        let last = format!("Save number {} of visit {id}", SAVES_EACH - 1);
        assert_eq!(saved.tried, last);
    }
    let saves = app.audit_rows("visit.saved").await.len();
    assert_eq!(
        saves,
        WRITERS * SAVES_EACH as usize,
        "one audit row per save"
    );
}
