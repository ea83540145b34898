//! Helpers of the plan interchange tests: the demo with a draft, progress, transition steps
//! and a corrected evaluation added; a fingerprint of the tables an import writes; a plan
//! from another system written by hand.
use crate::ifsp_helpers::plans_of;
use crate::support::*;
use hearth::entities::{ifsp, ifsp_outcome};
use hearth::interchange::import;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The demo, plus what it lacks: a draft amendment (started over HTTP, a copy of Emma's
/// signed review) with a progress rating, two transition steps of the signed review, and an
/// evaluation corrected by a later one.
pub(crate) async fn dressed_demo() -> TestApp {
    let demo = TestApp::spawn().await;
    let emma = child_named(&demo, "Emma").await;
    let sup = demo.signed_in(SUPERVISOR).await;
    let res = sup
        .post(
            &format!("/children/{}/ifsps", emma.id),
            &[("kind", "amendment")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let plans = plans_of(&demo, emma.id).await;
    let statuses: Vec<ifsp::Status> = plans.iter().map(|p| p.status).collect();
    assert_eq!(
        statuses,
        [
            ifsp::Status::Superseded,
            ifsp::Status::Signed,
            ifsp::Status::Draft
        ]
    );
    let (review, draft) = (plans[1].id, plans[2].id);
    let outcome = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(draft))
        .order_by_asc(ifsp_outcome::Column::Id)
        .one(&demo.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        outcome.origin_id.is_some(),
        "the draft's outcomes are copies"
    );
    let res = sup
        .post(
            &format!("/ifsps/{draft}/outcomes/{}/progress", outcome.id),
            &[
                ("rating", "progressing"),
                ("rated_on", &ago(0)),
                ("note", "Asks with a sign at snack most days."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let by = demo.user_id(SUPERVISOR).await;
    demo.exec(&format!(
        "INSERT INTO transition_steps (child_id, ifsp_id, position, step, done_on, recorded_by) \
         VALUES ({e}, {review}, 1, 'Visit the preschool with the family', '2026-11-20', {by}), \
         ({e}, {review}, 2, 'Send records with consent', NULL, NULL)",
        e = emma.id
    ))
    .await;
    demo.exec(
        "UPDATE evaluations SET status = 'superseded', closed_reason = 'Scores entered in the \
         wrong domain', closed_by = created_by, superseded_by = (SELECT MAX(id) FROM \
         evaluations) WHERE id = (SELECT MIN(id) FROM evaluations)",
    )
    .await;
    demo
}

/// `db_fingerprint::fingerprinter` without SQLite's full-text index of activities (its
/// shadow tables hold binary blocks, not text; an import never touches them).
pub(crate) async fn fingerprinter(app: &TestApp) -> String {
    crate::db_fingerprint::fingerprinter(app)
        .await
        .split(" UNION ALL ")
        .filter(|part| !part.contains("'activity_search"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

pub(crate) fn types(text: &str) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for l in text.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        *out.entry(v["type"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    out
}

pub(crate) async fn rows(app: &TestApp, table: &str) -> usize {
    crate::db_fingerprint::ids(app, &format!("SELECT COUNT(*) FROM {table}")).await[0] as usize
}

/// A plan from another system, first as a draft.
pub(crate) const DRAFT: &str = r#"{"type":"ifsp","id":"sis-i1","child":"sis-c1","program":"sis-p1","kind":"initial","status":"draft","meeting_date":"2026-02-25","participants":"Rosa Diaz; Dana Wu","present_cognitive":"Finds hidden toys.","present_physical":"Walks with support.","present_communication":"Babbles.","present_social_emotional":"Warm with family.","present_adaptive":"Finger-feeds.","family_agrees":true,"family_concerns":"Not talking yet.","family_priorities":"Mealtimes.","family_resources":"Grandmother helps.","routines":"Breakfast, bath","other_services":"","transition_steps":"Visit the preschool","behavior_patterns":"","behavior_function":"","replacement_skills":"","caregiver_responses":"","supersedes":null,"signed_at":null,"created_by":"sis-s1","created_at":"2026-02-25T10:00:00Z","updated_at":"2026-02-25T10:00:00Z"}
{"type":"ifsp_outcome","id":"sis-o1","ifsp":"sis-i1","position":1,"kind":"child","statement":"Ana will ask for more with a sign at snack.","criteria":"Three routines for two weeks.","procedures":"Parent report.","target_date":"2026-08-25","routines":"Snack","cos_outcome":"B","origin":null}
{"type":"ifsp_service","id":"sis-v1","ifsp":"sis-i1","service_type":"speech_language","discipline":null,"provider":"sis-s1","frequency":2,"period":"month","mode":"individual","minutes":60,"method":"in_person","location":"home","justification":"","start_date":"2026-03-01","end_date":null,"payer":"part_c","consent_given":true,"consent_date":"2026-02-25"}
"#;

/// The same plan signed there, with its outcome's criteria changed before signing.
pub(crate) fn signed() -> String {
    DRAFT
        .replace(r#""status":"draft","#, r#""status":"signed","#)
        .replace(
            r#""signed_at":null"#,
            r#""signed_at":"2026-02-25T11:00:00Z""#,
        )
        .replace("two weeks", "three weeks")
        + r#"{"type":"ifsp_signature","id":"sis-sg1","ifsp":"sis-i1","role":"parent","name":"Rosa Diaz","signed_on":"2026-02-25","method":"in_person"}
{"type":"ifsp_signature","id":"sis-sg2","ifsp":"sis-i1","role":"coordinator","name":"Dana Wu","signed_on":"2026-02-25","method":"in_person"}
{"type":"transition_step","id":"sis-ts1","child":"sis-c1","ifsp":"sis-i1","position":1,"step":"Visit the preschool","done_on":null,"recorded_by":null}
"#
}

pub(crate) fn report(r: &import::Report) -> Vec<String> {
    r.problems.iter().map(ToString::to_string).collect()
}
