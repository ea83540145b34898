//! IFSP plans in the interchange format: the demo's plan versions (drafts, signed and
//! superseded, with outcomes, services, signatures, transition steps and progress) travel and
//! come back as the same bytes; signed plans arrive locked; a second import changes nothing;
//! a bad plan reference or a changed signed plan writes nothing and is listed.
use crate::db_fingerprint::fingerprint;
use crate::ifsp_helpers::plans_of;
use crate::interchange_helpers::{GOOD, counts, empty, hearth, ok};
use crate::support::*;
use hearth::entities::{evaluation, ifsp, ifsp_outcome};
use hearth::interchange::import;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The demo, plus what it lacks: a draft amendment (started over HTTP, a copy of Emma's
/// signed review) with a progress rating, two transition steps of the signed review, and an
/// evaluation corrected by a later one.
async fn dressed_demo() -> TestApp {
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
async fn fingerprinter(app: &TestApp) -> String {
    crate::db_fingerprint::fingerprinter(app)
        .await
        .split(" UNION ALL ")
        .filter(|part| !part.contains("'activity_search"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

fn types(text: &str) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for l in text.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        *out.entry(v["type"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    out
}

async fn rows(app: &TestApp, table: &str) -> usize {
    crate::db_fingerprint::ids(app, &format!("SELECT COUNT(*) FROM {table}")).await[0] as usize
}

#[tokio::test]
async fn the_demos_plans_travel_locked_and_export_again_as_the_same_bytes() {
    let demo = dressed_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (
        dir.path().join("first.jsonl"),
        dir.path().join("second.jsonl"),
    );
    let out = hearth(&demo, &["export", "--output", first.to_str().unwrap()]);
    ok(&out);
    let text = std::fs::read_to_string(&first).unwrap();
    let per_type = types(&text);
    println!("demo export, lines per type: {per_type:?}");
    // Every plan row of the demo is a line, and `hearth export` says how many.
    let stderr = String::from_utf8(out.stderr).unwrap();
    for (t, table) in [
        ("ifsp", "ifsps"),
        ("ifsp_outcome", "ifsp_outcomes"),
        ("ifsp_service", "ifsp_services"),
        ("ifsp_signature", "ifsp_signatures"),
        ("transition_step", "transition_steps"),
        ("outcome_progress", "outcome_progress"),
    ] {
        let n = rows(&demo, table).await;
        assert!(n > 0, "{table}");
        assert_eq!(per_type.get(t), Some(&n), "{t}");
        assert!(
            stderr.contains(&format!("{t:<10} {n} exported\n")),
            "{t}: {stderr}"
        );
    }
    // Two typed signatures on every signed or superseded version, none on the draft.
    assert_eq!(
        per_type["ifsp_signature"],
        2 * (per_type["ifsp"] - 1),
        "{per_type:?}"
    );
    for status in ["draft", "signed", "superseded"] {
        assert!(
            text.contains(&format!(r#""status":"{status}","meeting_date""#)),
            "{status}"
        );
    }
    assert_eq!(text.matches(r#""superseded_by":"evaluation-"#).count(), 1);
    assert_eq!(text.matches(r#""origin":"ifsp_outcome-"#).count(), 6);
    assert_eq!(text.matches(r#""supersedes":"ifsp-"#).count(), 2);

    let fresh = empty().await;
    let out = ok(&hearth(&fresh, &["import", first.to_str().unwrap()]));
    assert!(
        out.contains(&format!(
            "ifsp       {} created, 0 updated, 0 unchanged",
            per_type["ifsp"]
        )),
        "{out}"
    );
    ok(&hearth(
        &fresh,
        &["export", "--output", second.to_str().unwrap()],
    ));
    let again = std::fs::read_to_string(&second).unwrap();
    assert!(
        again == text,
        "the second export differs:\n{text}\n---\n{again}"
    );

    // The correction was written after its evaluation and still names it.
    let corrected = evaluation::Entity::find()
        .filter(evaluation::Column::Status.eq(evaluation::Status::Superseded))
        .all(&fresh.db)
        .await
        .unwrap();
    assert_eq!(corrected.len(), 1);
    assert!(
        corrected[0]
            .superseded_by
            .is_some_and(|by| by > corrected[0].id)
    );

    // Signed plans arrived locked: the database refuses to change them or their parts,
    // and the draft stays a draft that can be edited.
    for sql in [
        "UPDATE ifsps SET participants = 'someone else' WHERE status = 'signed'",
        "UPDATE ifsps SET status = 'draft' WHERE status = 'superseded'",
        "DELETE FROM ifsp_signatures",
        "UPDATE ifsp_outcomes SET statement = 'changed' WHERE ifsp_id IN \
         (SELECT id FROM ifsps WHERE status <> 'draft')",
    ] {
        let res = fresh.db.execute_unprepared(sql).await;
        let err = res.expect_err(sql).to_string();
        assert!(err.contains("hearth: "), "{sql}: {err}");
    }
    fresh
        .db
        .execute_unprepared("UPDATE ifsps SET participants = 'Parent, SC' WHERE status = 'draft'")
        .await
        .unwrap();
}

#[tokio::test]
async fn importing_the_demos_export_again_changes_nothing() {
    let demo = dressed_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.jsonl");
    ok(&hearth(
        &demo,
        &["export", "--output", file.to_str().unwrap()],
    ));
    let fresh = empty().await;
    ok(&hearth(&fresh, &["import", file.to_str().unwrap()]));
    let query = fingerprinter(&fresh).await;
    let before = fingerprint(&fresh, &query).await;
    let counted = counts(&fresh).await;
    let plan_rows = rows(&fresh, "ifsps").await;

    let out = ok(&hearth(&fresh, &["import", file.to_str().unwrap()]));
    assert!(
        out.contains(&format!(
            "ifsp       0 created, 0 updated, {plan_rows} unchanged"
        )),
        "{out}"
    );
    assert!(
        !out.contains(" 1 created") && !out.contains(" 1 updated"),
        "{out}"
    );
    assert_eq!(fingerprint(&fresh, &query).await, before, "no row changed");
    let mut expected = counted;
    expected[14] += 1; // the second import's audit row
    assert_eq!(counts(&fresh).await, expected);

    // And where it was made: its ids name the demo's own rows, signed plans included.
    let query = fingerprinter(&demo).await;
    let before = fingerprint(&demo, &query).await;
    let out = ok(&hearth(&demo, &["import", file.to_str().unwrap()]));
    assert!(out.contains("ifsp_signature 0 created, 0 updated"), "{out}");
    assert_eq!(fingerprint(&demo, &query).await, before);
}

/// A plan from another system, first as a draft.
const DRAFT: &str = r#"{"type":"ifsp","id":"sis-i1","child":"sis-c1","program":"sis-p1","kind":"initial","status":"draft","meeting_date":"2026-02-25","participants":"Rosa Diaz; Dana Wu","present_cognitive":"Finds hidden toys.","present_physical":"Walks with support.","present_communication":"Babbles.","present_social_emotional":"Warm with family.","present_adaptive":"Finger-feeds.","family_agrees":true,"family_concerns":"Not talking yet.","family_priorities":"Mealtimes.","family_resources":"Grandmother helps.","routines":"Breakfast, bath","other_services":"","transition_steps":"Visit the preschool","behavior_patterns":"","behavior_function":"","replacement_skills":"","caregiver_responses":"","supersedes":null,"signed_at":null,"created_by":"sis-s1","created_at":"2026-02-25T10:00:00Z","updated_at":"2026-02-25T10:00:00Z"}
{"type":"ifsp_outcome","id":"sis-o1","ifsp":"sis-i1","position":1,"kind":"child","statement":"Ana will ask for more with a sign at snack.","criteria":"Three routines for two weeks.","procedures":"Parent report.","target_date":"2026-08-25","routines":"Snack","cos_outcome":"B","origin":null}
{"type":"ifsp_service","id":"sis-v1","ifsp":"sis-i1","service_type":"speech_language","discipline":null,"provider":"sis-s1","frequency":2,"period":"month","mode":"individual","minutes":60,"method":"in_person","location":"home","justification":"","start_date":"2026-03-01","end_date":null,"payer":"part_c","consent_given":true,"consent_date":"2026-02-25"}
"#;

/// The same plan signed there, with its outcome's criteria changed before signing.
fn signed() -> String {
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

fn report(r: &import::Report) -> Vec<String> {
    r.problems.iter().map(ToString::to_string).collect()
}

#[tokio::test]
async fn a_draft_signed_elsewhere_arrives_locked_and_a_changed_signed_plan_is_refused() {
    let app = empty().await;
    let first = import::import(&app.db, (GOOD.to_owned() + DRAFT).as_bytes(), "a", false)
        .await
        .unwrap();
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    let plan = ifsp::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((plan.status, plan.version), (ifsp::Status::Draft, 1));

    // Signed there: the draft's outcome is updated, then the plan locked with its
    // signatures (lines 14-19).
    let file = GOOD.to_owned() + &signed();
    let second = import::import(&app.db, file.as_bytes(), "b", false)
        .await
        .unwrap();
    assert!(second.problems.is_empty(), "{:?}", second.problems);
    let text = second.to_string();
    for line in [
        "ifsp       0 created, 1 updated, 0 unchanged",
        "ifsp_outcome 0 created, 1 updated, 0 unchanged",
        "ifsp_service 0 created, 0 updated, 1 unchanged",
        "ifsp_signature 2 created, 0 updated, 0 unchanged",
        "transition_step 1 created, 0 updated, 0 unchanged",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    let plan = ifsp::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(plan.status, ifsp::Status::Signed);
    let outcome = ifsp_outcome::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(outcome.criteria, "Three routines for three weeks.");
    assert!(
        app.db
            .execute_unprepared("UPDATE ifsp_outcomes SET criteria = 'x'")
            .await
            .is_err(),
        "locked by the database"
    );

    // The same file again: nothing to do, and no trigger tripped.
    let query = fingerprinter(&app).await;
    let before = fingerprint(&app, &query).await;
    let again = import::import(&app.db, file.as_bytes(), "b", false)
        .await
        .unwrap();
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert!(!again.to_string().contains(" 1 updated"), "{again}");
    assert_eq!(fingerprint(&app, &query).await, before);

    // A file that changes the signed plan, its outcome, or adds a signature: every one is
    // listed and nothing is written.
    let changed = file
        .replace("Rosa Diaz; Dana Wu", "Rosa Diaz")
        .replace("with a sign at snack", "with a word at snack")
        + r#"{"type":"ifsp_signature","id":"sis-sg3","ifsp":"sis-i1","role":"parent","name":"Luis Diaz","signed_on":"2026-03-01","method":"remote"}
"#;
    let refused = import::import(&app.db, changed.as_bytes(), "c", false)
        .await
        .unwrap();
    assert_eq!(
        report(&refused),
        [
            "line 14: ifsp sis-i1: participants: this plan is signed here and cannot change \
             (only a signed plan may become superseded)",
            "line 15: ifsp_outcome sis-o1: statement: the outcomes of a plan signed here cannot \
             change",
            "line 20: ifsp_signature sis-sg3: ifsp: the plan \"sis-i1\" is signed here: no \
             signature can be added to it",
        ]
    );
    assert_eq!(fingerprint(&app, &query).await, before, "nothing written");

    // A review signed there supersedes it: the one change a signed plan may take.
    let review = file.replace(r#""status":"signed","#, r#""status":"superseded","#)
        + &DRAFT
            .lines()
            .take(2)
            .collect::<Vec<_>>()
            .join("\n")
            .replace("sis-i1", "sis-i2")
            .replace("sis-o1", "sis-o2")
            .replace(r#""kind":"initial""#, r#""kind":"review""#)
            .replace(r#""status":"draft""#, r#""status":"signed""#)
            .replace(r#""supersedes":null"#, r#""supersedes":"sis-i1""#)
            .replace(
                r#""signed_at":null"#,
                r#""signed_at":"2026-08-25T11:00:00Z""#,
            )
            .replace(r#""origin":null"#, r#""origin":"sis-o1""#)
        + "\n"
        + r#"{"type":"outcome_progress","id":"sis-op1","outcome":"sis-o1","ifsp":"sis-i2","rated_on":"2026-08-25","rating":"progressing","note":"Signs more at snack.","created_by":"sis-s1","created_at":"2026-08-25T10:00:00Z"}
"#;
    let third = import::import(&app.db, review.as_bytes(), "d", false)
        .await
        .unwrap();
    assert!(third.problems.is_empty(), "{:?}", third.problems);
    assert!(
        third
            .to_string()
            .contains("ifsp       1 created, 1 updated, 0 unchanged"),
        "{third}"
    );
    let statuses: Vec<(ifsp::Status, bool)> = plans_of(&app, plan.child_id)
        .await
        .iter()
        .map(|p| (p.status, p.supersedes_id == Some(plan.id)))
        .collect();
    assert_eq!(
        statuses,
        [
            (ifsp::Status::Superseded, false),
            (ifsp::Status::Signed, true)
        ]
    );
}

#[tokio::test]
async fn a_file_with_bad_plan_references_writes_nothing_and_lists_each() {
    let app = empty().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plans.jsonl");
    let bad = DRAFT
        .replace(r#""supersedes":null"#, r#""supersedes":"sis-i8""#)
        .replace(
            r#""ifsp":"sis-i1","service_type""#,
            r#""ifsp":"sis-i9","service_type""#,
        )
        .replace(r#""provider":"sis-s1""#, r#""provider":"sis-s7""#)
        + r#"{"type":"ifsp_outcome","id":"sis-o3","ifsp":"sis-i1","position":2,"kind":"family","statement":"Calmer bedtimes.","criteria":"","procedures":"","target_date":null,"routines":"","cos_outcome":"A","origin":"sis-o4"}
{"type":"ifsp_outcome","id":"sis-o4","ifsp":"sis-i1","position":3,"kind":"family","statement":"Calmer bedtimes.","criteria":"","procedures":"","target_date":null,"routines":"","cos_outcome":"A","origin":"sis-o3"}
{"type":"outcome_progress","id":"sis-op1","outcome":"sis-o7","ifsp":"sis-i1","rated_on":"2026-08-25","rating":"achieved","note":"","created_by":"sis-s1","created_at":"2026-08-25T10:00:00Z"}
{"type":"ifsp","id":"sis-i2","child":"sis-c1","program":"sis-p1","kind":"review","status":"signed","meeting_date":null,"participants":"","present_cognitive":"","present_physical":"","present_communication":"","present_social_emotional":"","present_adaptive":"","family_agrees":false,"family_concerns":"","family_priorities":"","family_resources":"","routines":"","other_services":"","transition_steps":"","behavior_patterns":"","behavior_function":"","replacement_skills":"","caregiver_responses":"","supersedes":"sis-i1","signed_at":null,"created_by":"sis-s1","created_at":"2026-02-25T10:00:00Z","updated_at":"2026-02-25T10:00:00Z"}
"#;
    std::fs::write(&file, GOOD.to_owned() + &bad).unwrap();
    let before = counts(&app).await;
    let out = hearth(&app, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr)
            .unwrap()
            .lines()
            .collect::<Vec<_>>(),
        [
            r#"line 14: ifsp sis-i1: supersedes: no ifsp "sis-i8" in the file or the database"#,
            r#"line 16: ifsp_service sis-v1: ifsp: no ifsp "sis-i9" in the file or the database"#,
            r#"line 16: ifsp_service sis-v1: provider: no staff "sis-s7" in the file or the database"#,
            "line 18: ifsp_outcome sis-o4: origin: a chain of records of this type that comes \
             back to this one",
            r#"line 19: outcome_progress sis-op1: outcome: no ifsp_outcome "sis-o7" in the file or the database"#,
            "line 20: ifsp sis-i2: signed_at: a signed or superseded plan has the time it was \
             signed, a draft none",
            "error: 6 problem(s) in plans.jsonl: nothing was imported",
        ]
    );
    assert_eq!(counts(&app).await, before, "nothing written");
    assert_eq!(rows(&app, "ifsps").await, 0);
}
