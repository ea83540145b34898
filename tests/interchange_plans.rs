//! IFSP plans in the interchange format: the demo's plan versions (drafts, signed and
//! superseded, with outcomes, services, signatures, transition steps and progress) travel and
//! come back as the same bytes; signed plans arrive locked; a second import changes nothing;
//! a bad plan reference or a changed signed plan writes nothing and is listed.
use crate::db_fingerprint::fingerprint;
use crate::ifsp_helpers::plans_of;
use crate::interchange_helpers::{GOOD, counts, empty, hearth, ok};
use crate::interchange_plan_helpers::{
    DRAFT, dressed_demo, fingerprinter, report, rows, signed, types,
};
use hearth::entities::{evaluation, ifsp, ifsp_outcome};
use hearth::interchange::import;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

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
