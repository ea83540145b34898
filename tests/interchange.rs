//! The interchange format end to end: `hearth export` → `hearth import` into an empty
//! database → `hearth export` gives the same bytes; a file with problems writes nothing and
//! names each problem by line; a second import changes nothing; likely duplicates are reported.
use crate::interchange_helpers::{GOOD, counts, empty, hearth, ok};
use crate::support::TestApp;
use hearth::entities::{caregiver, child, user};
use hearth::interchange::import;
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn export_import_export_through_the_binary_gives_the_same_bytes() {
    let demo = TestApp::spawn().await;
    crate::interchange_visit_helpers::add_sharing(&demo).await;
    // One evaluation entered by mistake and withdrawn: it travels as withdrawn, so it does
    // not count at the receiver either.
    demo.exec(
        "UPDATE evaluations SET status = 'withdrawn', closed_reason = 'Entered for the wrong child', \
         closed_by = created_by WHERE id = (SELECT MIN(id) FROM evaluations)",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.jsonl");
    let second = dir.path().join("second.jsonl");
    ok(&hearth(
        &demo,
        &["export", "--output", first.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&first).unwrap();
    // Both demo programs, their staff, and the demo's children with their referrals.
    assert!(
        text.starts_with("{\"type\":\"program\",\"id\":\"program-1@"),
        "{text}"
    );
    assert!(text.contains(r#""slug":"lakeside""#));
    for t in [
        "child",
        "referral",
        "consent",
        "evaluation",
        "evaluation_result",
        "delay",
        "ifsp",
        "ifsp_outcome",
        "ifsp_service",
        "ifsp_signature",
        "visit",
        "visit_addendum",
        "referral_packet",
        "disclosure",
    ] {
        assert!(text.contains(&format!("\"type\":\"{t}\"")), "{t}");
    }
    assert!(!text.contains("password") && !text.contains("argon2"));
    assert_eq!(
        text.matches(r#""status":"withdrawn","closed_reason":"Entered for the wrong child""#)
            .count(),
        1
    );

    let fresh = empty().await;
    let out = ok(&hearth(&fresh, &["import", first.to_str().unwrap()]));
    assert!(
        out.contains("program    2 created, 0 updated, 0 unchanged"),
        "{out}"
    );
    // The demo families share a few made-up phone numbers: reported, imported all the same.
    assert!(out.contains("possible duplicates: 4\n"), "{out}");
    ok(&hearth(
        &fresh,
        &["export", "--output", second.to_str().unwrap()],
    ));
    let again = std::fs::read_to_string(&second).unwrap();
    assert!(
        again == text,
        "the second export differs:\n{text}\n---\n{again}"
    );
    assert_eq!(counts(&fresh).await[..13], counts(&demo).await[..13]);
    assert_eq!(counts(&fresh).await[15..], counts(&demo).await[15..]);
    // An imported account has no password until an admin resets it.
    let slp = user::Entity::find_by_id(fresh.user_id(crate::support::PROVIDER).await)
        .one(&fresh.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(slp.password_hash, "!imported");
    let audit = fresh.audit_rows("interchange.imported").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].entity_id.as_deref(), Some("first.jsonl"));

    // The export imported back where it was made: its ids name the rows it came from.
    let before = counts(&demo).await;
    let out = ok(&hearth(&demo, &["import", first.to_str().unwrap()]));
    assert!(
        out.contains("program    0 created, 0 updated, 2 unchanged"),
        "{out}"
    );
    assert!(
        !out.contains(" 1 created") && !out.contains(" 1 updated"),
        "{out}"
    );
    let after = counts(&demo).await;
    assert_eq!(after[..14], before[..14]);
    assert_eq!(after[15..], before[15..]);
    assert_eq!(after[14], before[14] + 1, "one audit row for the import");
}

#[tokio::test]
async fn a_good_file_imported_twice_changes_nothing_the_second_time() {
    let app = empty().await;
    let first = import::import(&app.db, GOOD.as_bytes(), "good.jsonl", false)
        .await
        .unwrap();
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    assert_eq!(
        first.to_string(),
        "program    1 created, 0 updated, 0 unchanged\n\
         staff      1 created, 0 updated, 0 unchanged\n\
         agency     1 created, 0 updated, 0 unchanged\n\
         family     1 created, 0 updated, 0 unchanged\n\
         caregiver  1 created, 0 updated, 0 unchanged\n\
         child      1 created, 0 updated, 0 unchanged\n\
         referral   1 created, 0 updated, 0 unchanged\n\
         consent    1 created, 0 updated, 0 unchanged\n\
         evaluation 1 created, 0 updated, 0 unchanged\n\
         evaluation_result 1 created, 0 updated, 0 unchanged\n\
         delay      1 created, 0 updated, 0 unchanged\n\
         cos_rating 1 created, 0 updated, 0 unchanged\n\
         transition 1 created, 0 updated, 0 unchanged\n\
         possible duplicates: 0\n"
    );
    let after_first = counts(&app).await;
    // 13 records, 13 remembered ids plus the installation's tag, one audit row.
    assert_eq!(
        after_first,
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 14, 1, 0, 0, 0, 0]
    );
    let ana = crate::support::child_named(&app, "Ana").await;
    assert_eq!(ana.date_of_birth.to_string(), "2025-02-03");
    assert_eq!(ana.version, 1);

    let second = import::import(&app.db, GOOD.as_bytes(), "good.jsonl", false)
        .await
        .unwrap();
    assert_eq!(
        second.to_string(),
        "program    0 created, 0 updated, 1 unchanged\n\
         staff      0 created, 0 updated, 1 unchanged\n\
         agency     0 created, 0 updated, 1 unchanged\n\
         family     0 created, 0 updated, 1 unchanged\n\
         caregiver  0 created, 0 updated, 1 unchanged\n\
         child      0 created, 0 updated, 1 unchanged\n\
         referral   0 created, 0 updated, 1 unchanged\n\
         consent    0 created, 0 updated, 1 unchanged\n\
         evaluation 0 created, 0 updated, 1 unchanged\n\
         evaluation_result 0 created, 0 updated, 1 unchanged\n\
         delay      0 created, 0 updated, 1 unchanged\n\
         cos_rating 0 created, 0 updated, 1 unchanged\n\
         transition 0 created, 0 updated, 1 unchanged\n\
         possible duplicates: 0\n"
    );
    let mut expected = after_first.clone();
    expected[14] += 1; // the second import's audit row
    assert_eq!(counts(&app).await, expected);
    assert_eq!(crate::support::child_named(&app, "Ana").await.version, 1);

    // A changed record updates its row, and only that one.
    let changed = GOOD.replace(r#""status":"referred""#, r#""status":"evaluating""#);
    let third = import::import(&app.db, changed.as_bytes(), "good.jsonl", false)
        .await
        .unwrap();
    assert!(
        third
            .to_string()
            .contains("child      0 created, 1 updated, 0 unchanged"),
        "{third}"
    );
    let ana = crate::support::child_named(&app, "Ana").await;
    assert_eq!(
        (ana.id, ana.status, ana.version),
        (ana.id, child::Status::Evaluating, 2)
    );
}

/// The hand-written file, through two installations: the ids it came with are kept, and
/// the two exports are the same bytes (this covers the types the demo has no rows of).
#[tokio::test]
async fn a_file_from_elsewhere_keeps_its_ids_through_two_installations() {
    let dir = tempfile::tempdir().unwrap();
    let (good, first, second) = (
        dir.path().join("good.jsonl"),
        dir.path().join("first.jsonl"),
        dir.path().join("second.jsonl"),
    );
    std::fs::write(&good, GOOD).unwrap();
    let a = empty().await;
    ok(&hearth(&a, &["import", good.to_str().unwrap()]));
    ok(&hearth(
        &a,
        &["export", "--output", first.to_str().unwrap()],
    ));
    let b = empty().await;
    ok(&hearth(&b, &["import", first.to_str().unwrap()]));
    ok(&hearth(
        &b,
        &["export", "--output", second.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&first).unwrap();
    assert_eq!(std::fs::read_to_string(&second).unwrap(), text);
    // The same records as the file, in the same order, with the same ids.
    let ids = |t: &str| -> Vec<String> {
        t.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .collect()
    };
    assert_eq!(ids(&text), ids(GOOD));
    assert!(
        text.contains(r#""created_at":"2026-02-20T16:30:00.250Z""#),
        "{text}"
    );
}

#[tokio::test]
async fn a_file_with_problems_writes_nothing_and_names_each_one_by_line() {
    let app = empty().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.jsonl");
    let lines = [
        r#"{"type":"program","id":"p1","slug":"northfork","name":"North Fork EI","state_code":"PA","timezone":"America/New_York","rules":{},"created_at":"2026-01-05T09:00:00Z"}"#,
        r#"{"type":"family","id":"f1","program":"p1","address_line":"1 Elm St","city":"North Fork","county":"Ash","postal_code":"16001","created_at":"2026-01-05T09:00:00Z"}"#,
        r#"{"type":"child","id":"c1","program":"p1","family":"f9","first_name":"Ben","last_name":"Ode","date_of_birth":"2025-04-01","status":"referred","created_at":"2026-01-05T09:00:00Z","updated_at":"2026-01-05T09:00:00Z"}"#,
        "not json",
        r#"{"type":"kid","id":"k1"}"#,
        r#"{"type":"child","id":"c2","program":"p1","family":"f1","first_name":"Ana","last_name":"Diaz","date_of_birth":"2025-13-01","status":"referred","created_at":"2026-01-05T09:00:00Z","updated_at":"2026-01-05T09:00:00Z"}"#,
        r#"{"type":"referral","id":"r1","child":"c2","received_on":"2026-01-05","source_name":"Dr. Hale","concerns":"","created_by":"s1","created_at":"2026-01-05T09:00:00Z"}"#,
        r#"{"type":"program","id":"p2","slug":"northfork","name":"North Fork again","state_code":"Pennsylvania","timezone":"America/New_York","rules":{},"created_at":"2026-01-05T09:00:00Z"}"#,
        r#"{"type":"family","id":"f1","program":"p1","address_line":"","city":"","county":"","postal_code":"","created_at":"2026-01-05T09:00:00Z"}"#,
    ];
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let before = counts(&app).await;
    let out = hearth(&app, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            r#"line 3: child c1: family: no family "f9" in the file or the database"#,
            "line 4: not JSON: expected ident at line 1 column 2",
            r#"line 5: type: unknown record type "kid""#,
            "line 6: child c2: date_of_birth: input is out of range",
            "line 7: referral r1: source: required",
            "line 8: program p2: state_code: two capital letters, e.g. PA",
            "line 8: program p2: slug: the same as line 1",
            "line 9: family f1: id: the same id as line 2",
            "error: 8 problem(s) in bad.jsonl: nothing was imported",
        ]
    );
    assert_eq!(counts(&app).await, before, "nothing written");
    assert_eq!(before, [0; 19]);
}

#[tokio::test]
async fn likely_duplicate_children_are_reported_and_not_merged() {
    let app = empty().await;
    import::import(&app.db, GOOD.as_bytes(), "good.jsonl", false)
        .await
        .unwrap();
    // Another system's record of the same child (same name and birthday, a new id), in a
    // new family whose caregiver has the same phone written another way; and a second child
    // twice in the file.
    let other = r#"{"type":"family","id":"x-f1","program":"sis-p1","address_line":"","city":"","county":"","postal_code":"","created_at":"2026-02-01T09:00:00Z"}
{"type":"caregiver","id":"x-g1","family":"x-f1","name":"R. Diaz","relationship":"mother","phone":"555-010-2233","preferred_contact":"phone","language":"en","interpreter_needed":false,"is_primary":true,"created_at":"2026-02-01T09:00:00Z"}
{"type":"child","id":"x-c1","program":"sis-p1","family":"x-f1","first_name":"ana","last_name":"DIAZ","date_of_birth":"2025-02-03","status":"referred","created_at":"2026-02-01T09:00:00Z","updated_at":"2026-02-01T09:00:00Z"}
{"type":"child","id":"x-c2","program":"sis-p1","family":"x-f1","first_name":"Eli","last_name":"Diaz","date_of_birth":"2024-06-30","status":"referred","created_at":"2026-02-01T09:00:00Z","updated_at":"2026-02-01T09:00:00Z"}
{"type":"child","id":"x-c3","program":"sis-p1","family":"x-f1","first_name":"Eli","last_name":"Diaz","date_of_birth":"2024-06-30","status":"referred","created_at":"2026-02-01T09:00:00Z","updated_at":"2026-02-01T09:00:00Z"}
"#;
    let ana = crate::support::child_named(&app, "Ana").await;
    let rosa = caregiver::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let report = import::import(&app.db, other.as_bytes(), "other.jsonl", false)
        .await
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        report.duplicates,
        [
            "line 5: child x-c3: same name and date of birth as child x-c2 (line 4)".to_owned(),
            format!(
                "line 3: child x-c1: same name and date of birth as Ana Diaz (id {}) here",
                ana.id
            ),
            format!(
                "line 2: caregiver x-g1: same phone as Rosa Diaz (id {}) of another family here",
                rosa.id
            ),
        ]
    );
    assert!(
        report.to_string().contains("possible duplicates: 3\n"),
        "{report}"
    );
    // Reported, not merged: every record is a row of its own.
    assert_eq!(child::Entity::find().count(&app.db).await.unwrap(), 4);
    assert_eq!(caregiver::Entity::find().count(&app.db).await.unwrap(), 2);
}

#[tokio::test]
async fn export_selects_by_program_and_by_day() {
    let demo = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lakeside.jsonl");
    ok(&hearth(
        &demo,
        &[
            "export",
            "--program",
            "lakeside",
            "--output",
            file.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&file).unwrap();
    let types: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["type"].to_string())
        .collect();
    // Lakeside has its program and its one admin, nothing of Riverbend's.
    assert_eq!(types, [r#""program""#, r#""staff""#]);
    assert!(
        text.contains(r#""email":"admin@lakeside.example""#),
        "{text}"
    );
    assert!(!text.contains("riverbend"), "{text}");

    // Nothing was made or changed after 2100-01-01: only the programs' settings.
    let out = ok(&hearth(&demo, &["export", "--since", "2100-01-01"]));
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.lines().all(|l| l.starts_with(r#"{"type":"program""#)),
        "{out}"
    );

    let unknown = hearth(&demo, &["export", "--program", "nowhere"]);
    assert!(!unknown.status.success());
    assert_eq!(
        String::from_utf8(unknown.stderr).unwrap().trim(),
        "error: no program 'nowhere'"
    );
}
