//! Visits, addenda, referral packets and disclosures in the interchange format: a signed note
//! travels locked, importing the same file again changes nothing (and never reaches the
//! triggers that lock signed notes), a changed signed note, addendum or disclosure is refused
//! field by field, and a file with bad visits writes nothing and names every problem.
use crate::db_fingerprint::{fingerprint, fingerprinter};
use crate::interchange_helpers::{GOOD, counts, empty, hearth, ok};
use crate::interchange_visit_helpers::{TYPES, add_sharing, tag_of};
use crate::support::TestApp;
use hearth::entities::visit;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

/// The demo with the sharing records, exported; the file's lines.
async fn exported(app: &TestApp, dir: &std::path::Path) -> (std::path::PathBuf, Vec<String>) {
    add_sharing(app).await;
    let file = dir.join("demo.jsonl");
    let out = hearth(app, &["export", "--output", file.to_str().unwrap()]);
    ok(&out);
    // The counts `hearth export` prints name the new types too.
    let counts = String::from_utf8(out.stderr).unwrap();
    for line in [
        "visit_addendum 1 exported",
        "referral_packet 1 exported",
        "disclosure 2 exported",
    ] {
        assert!(counts.lines().any(|l| l == line), "{counts}");
    }
    assert!(
        counts
            .lines()
            .any(|l| l.starts_with("visit      ") && l.ends_with(" exported")),
        "{counts}"
    );
    let lines = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    (file, lines)
}

/// The index of the first line of type `ty` that `pick` accepts.
fn find(lines: &[String], ty: &str, pick: impl Fn(&Value) -> bool) -> usize {
    lines
        .iter()
        .position(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["type"] == ty && pick(&v)
        })
        .unwrap_or_else(|| panic!("no {ty} line"))
}

fn edit(lines: &mut [String], i: usize, f: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&lines[i]).unwrap();
    f(&mut v);
    lines[i] = v.to_string();
    v["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_same_file_again_changes_nothing_and_a_note_may_gain_its_review() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let (file, mut lines) = exported(&app, dir.path()).await;
    let types: Vec<String> = lines
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for t in TYPES {
        assert!(types.iter().any(|x| x == t), "{t}");
    }
    let signed = lines
        .iter()
        .filter(|l| l.contains(r#""type":"visit""#) && !l.contains(r#""signed_at":null"#))
        .count();
    assert!(signed > 0 && signed < types.iter().filter(|t| *t == "visit").count());

    let q = fingerprinter(&app).await;
    let before = fingerprint(&app, &q).await;
    let out = ok(&hearth(&app, &["import", file.to_str().unwrap()]));
    for line in out.lines().filter(|l| l.contains(" created, ")) {
        assert!(line.contains(" 0 created, 0 updated, "), "{out}");
    }
    assert!(
        out.contains("visit_addendum 0 created, 0 updated, 1 unchanged"),
        "{out}"
    );
    assert!(
        out.contains("referral_packet 0 created, 0 updated, 1 unchanged"),
        "{out}"
    );
    assert!(
        out.contains("disclosure 0 created, 0 updated, 2 unchanged"),
        "{out}"
    );
    assert_eq!(fingerprint(&app, &q).await, before, "nothing changed");

    // A signed note not yet reviewed here arrives reviewed: the review is the one change a
    // signed note takes, and its version stays.
    let i = find(&lines, "visit", |v| {
        !v["signed_at"].is_null() && v["reviewed_at"].is_null()
    });
    let id = edit(&mut lines, i, |v| {
        v["reviewed_at"] = "2026-11-30T17:00:00Z".into();
        v["review_comment"] = "Strong coaching.".into();
        v["fidelity"] = 5.into();
    });
    let local: i32 = id.split(['-', '@']).nth(1).unwrap().parse().unwrap();
    let old = visit::Entity::find_by_id(local)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let out = ok(&hearth(&app, &["import", file.to_str().unwrap()]));
    assert!(out.contains("visit      0 created, 1 updated, "), "{out}");
    let new = visit::Entity::find_by_id(local)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(new.review_comment, "Strong coaching.");
    assert_eq!((new.fidelity, new.version), (Some(5), old.version));
    assert_eq!((new.tried, new.signed_at), (old.tried, old.signed_at));
}

#[tokio::test]
async fn a_changed_signed_note_addendum_or_disclosure_is_refused_by_field() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let (file, mut lines) = exported(&app, dir.path()).await;
    let tag = tag_of(&lines[0]);
    let n = find(&lines, "visit", |v| {
        !v["signed_at"].is_null() && !v["reviewed_at"].is_null()
    });
    let note = edit(&mut lines, n, |v| {
        v["tried"] = "Something else".into();
        v["mileage_tenths"] = 1.into();
        v["review_comment"] = "Rewritten".into();
    });
    let a = find(&lines, "visit_addendum", |_| true);
    let addendum = edit(&mut lines, a, |v| v["body"] = "Another correction".into());
    let d = find(&lines, "disclosure", |_| true);
    let disclosure = edit(&mut lines, d, |v| v["purpose"] = "Something else".into());
    // An addendum to a note nobody signed.
    let draft = visit::Entity::find()
        .filter(visit::Column::SignedAt.is_null())
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .order_by_asc(visit::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("an unsigned demo note");
    lines.push(format!(
        r#"{{"type":"visit_addendum","id":"x-add1","visit":"visit-{}@{tag}","body":"Late entry","reason":"","signed_by":"staff-1@{tag}","signed_name":"A. Admin","created_at":"2026-11-30T10:00:00Z"}}"#,
        draft.id
    ));
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let q = fingerprinter(&app).await;
    let before = fingerprint(&app, &q).await;
    let out = hearth(&app, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let locked = "a signed note cannot change here (add an addendum)";
    assert_eq!(
        String::from_utf8(out.stderr)
            .unwrap()
            .lines()
            .collect::<Vec<_>>(),
        [
            format!("line {}: visit {note}: mileage_tenths: {locked}", n + 1),
            format!("line {}: visit {note}: review_comment: {locked}", n + 1),
            format!("line {}: visit {note}: tried: {locked}", n + 1),
            format!(
                "line {}: visit_addendum {addendum}: body: an addendum cannot change",
                a + 1
            ),
            format!(
                "line {}: disclosure {disclosure}: purpose: a disclosure record cannot change",
                d + 1
            ),
            format!(
                "line {}: visit_addendum x-add1: visit: an addendum is added only to a signed note",
                lines.len()
            ),
            "error: 6 problem(s) in demo.jsonl: nothing was imported".to_owned(),
        ]
    );
    assert_eq!(fingerprint(&app, &q).await, before, "nothing written");
}

#[tokio::test]
async fn a_file_with_bad_visits_writes_nothing_and_lists_every_problem() {
    let app = empty().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.jsonl");
    let visit = r#"{"type":"visit","id":"sis-v1","program":"sis-p1","child":"sis-c9","service":"sis-svc1","provider":"sis-s1","status":"completed","starts_at":"2026-03-02T10:00:00","ends_at":"2026-03-02T09:00:00","method":"in_person","location":"home","participants":"","parent_report":"","routine":"play","tried":"","caregiver_did":"","child_response":"","activities":"","joint_plan":"","mileage_tenths":40,"cancel_reason":"","review_comment":"","created_by":"sis-s1","created_at":"2026-03-02T12:00:00Z","updated_at":"2026-03-02T12:00:00Z"}"#;
    let second = visit
        .replace("sis-v1", "sis-v2")
        .replace(
            r#""child":"sis-c9","service":"sis-svc1","#,
            r#""child":"sis-c1","#,
        )
        .replace("T09:00:00", "T11:00:00")
        .replace(
            r#""review_comment":"""#,
            r#""review_comment":"","fidelity":9,"signed_at":"2026-03-02T20:00:00Z""#,
        )
        .replace(r#""routine":"play""#, r#""routine":"nap""#);
    let addendum = r#"{"type":"visit_addendum","id":"sis-add1","visit":"sis-v1","body":"","reason":"","signed_by":"sis-s1","signed_name":"Dana Wu","created_at":"2026-03-03T09:00:00Z"}"#;
    std::fs::write(&file, format!("{GOOD}{visit}\n{second}\n{addendum}\n")).unwrap();
    let before = counts(&app).await;
    let out = hearth(&app, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr)
            .unwrap()
            .lines()
            .collect::<Vec<_>>(),
        [
            "line 14: visit sis-v1: ends_at: must be after starts_at",
            r#"line 14: visit sis-v1: child: no child "sis-c9" in the file or the database"#,
            r#"line 14: visit sis-v1: service: no ifsp_service "sis-svc1" in the file or the database"#,
            "line 15: visit sis-v2: routine: unknown variant `nap`, expected one of ``, \
             `mealtime`, `bath`, `dressing`, `diapering`, `bedtime`, `play`, `outdoors`, \
             `errands`, `chores`, `books`",
            "line 16: visit_addendum sis-add1: body: must not be empty",
            "line 16: visit_addendum sis-add1: visit: an addendum is added only to a signed note",
            "error: 6 problem(s) in bad.jsonl: nothing was imported",
        ]
    );
    assert_eq!(counts(&app).await, before, "nothing written");

    // The second visit with a routine it knows: its own problems, each by field.
    let second = second.replace(r#""routine":"nap""#, r#""routine":"play""#);
    std::fs::write(&file, format!("{GOOD}{second}\n")).unwrap();
    let out = hearth(&app, &["import", file.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8(out.stderr)
            .unwrap()
            .lines()
            .collect::<Vec<_>>(),
        [
            "line 14: visit sis-v2: fidelity: a rating from 1 to 5",
            "line 14: visit sis-v2: signed_name: a signed note has its signer's name, an \
             unsigned one none",
            "line 14: visit sis-v2: service: required here: every visit is delivered under \
             an IFSP service",
            "error: 3 problem(s) in bad.jsonl: nothing was imported",
        ]
    );
    assert_eq!(counts(&app).await, before, "nothing written");

    // A make-up visit may come before the missed one it names (the missed one is written
    // first): no problem of order, only the missing services.
    let plain = visit
        .replace(
            r#""child":"sis-c9","service":"sis-svc1","#,
            r#""child":"sis-c1","#,
        )
        .replace("T09:00:00", "T11:00:00");
    let makeup = plain.replace("sis-v1", "sis-v3").replace(
        r#""cancel_reason":"","#,
        r#""cancel_reason":"","makeup_of":"sis-v4","#,
    );
    let missed = plain.replace("sis-v1", "sis-v4");
    std::fs::write(&file, format!("{GOOD}{makeup}\n{missed}\n")).unwrap();
    let out = hearth(&app, &["import", file.to_str().unwrap()]);
    let required = "service: required here: every visit is delivered under an IFSP service";
    assert_eq!(
        String::from_utf8(out.stderr)
            .unwrap()
            .lines()
            .collect::<Vec<_>>(),
        [
            format!("line 14: visit sis-v3: {required}"),
            format!("line 15: visit sis-v4: {required}"),
            "error: 2 problem(s) in bad.jsonl: nothing was imported".into(),
        ]
    );
    assert_eq!(counts(&app).await, before, "nothing written");
}

#[tokio::test]
async fn a_visit_under_another_childs_plan_is_refused_by_field() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let (file, mut lines) = exported(&app, dir.path()).await;
    let values: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let child_of_plan = |plan: &Value| -> Value {
        values
            .iter()
            .find(|v| v["type"] == "ifsp" && v["id"] == *plan)
            .expect("the plan is in the file")["child"]
            .clone()
    };
    // An unsigned visit (a signed one is locked and would be refused for that as well), and
    // a service and an outcome of another child's plan.
    let i = find(&lines, "visit", |v| v["signed_at"].is_null());
    let child = values[i]["child"].clone();
    let other = |ty: &str| -> String {
        values
            .iter()
            .find(|v| v["type"] == ty && child_of_plan(&v["ifsp"]) != child)
            .unwrap_or_else(|| panic!("an {ty} of another child"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (service, outcome) = (other("ifsp_service"), other("ifsp_outcome"));
    let id = edit(&mut lines, i, |v| {
        v["service"] = service.clone().into();
        v["outcomes"] = serde_json::json!([outcome]);
    });
    let expected = |line: usize, file: &str| {
        vec![
            format!(
                "line {line}: visit {id}: service: service {service:?} is on a plan of another child"
            ),
            format!(
                "line {line}: visit {id}: outcomes: outcome {outcome:?} is on a plan of another child"
            ),
            format!("error: 2 problem(s) in {file}: nothing was imported"),
        ]
    };
    let q = fingerprinter(&app).await;
    let before = fingerprint(&app, &q).await;
    // The plans in the file.
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let out = hearth(&app, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        expected(i + 1, "demo.jsonl")
    );
    // The plans only here: the visit alone in its file.
    let alone = dir.path().join("alone.jsonl");
    std::fs::write(&alone, format!("{}\n", lines[i])).unwrap();
    let out = hearth(&app, &["import", alone.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        expected(1, "alone.jsonl")
    );
    assert_eq!(fingerprint(&app, &q).await, before, "nothing written");
}
