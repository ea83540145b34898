use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn last() -> LastNote {
    LastNote {
        participants: "Mother, grandmother, Noah".into(),
        outcomes: vec![12, 99],
        routine: "mealtime".into(),
        practices: strings(&["joint_planning", "practice", "reflection"]),
    }
}

#[test]
fn a_new_note_starts_from_the_last_signed_note_the_plan_and_the_schedule() {
    let p = Prefill {
        last: Some(last()),
        plan_outcomes: vec![11, 12, 13],
        next_scheduled: Some(d("2026-12-10")),
    };
    let f = apply(LogForm::default(), &p);
    assert_eq!(f.participants, "Mother, grandmother, Noah");
    // 99 is no longer on the plan.
    assert_eq!(f.outcomes, strings(&["12"]));
    assert_eq!(f.routine, "mealtime");
    assert_eq!(
        f.practices,
        strings(&["joint_planning", "practice", "reflection"])
    );
    assert_eq!(f.next_visit_on, "2026-12-10");
    // What the note says about this visit is never copied.
    assert_eq!(f.tried, "");
    assert_eq!(f.joint_plan, "");
}

#[test]
fn a_first_note_gets_the_plans_outcomes_and_the_usual_practices() {
    let p = Prefill {
        last: None,
        plan_outcomes: vec![11, 13],
        next_scheduled: None,
    };
    let f = apply(LogForm::default(), &p);
    assert_eq!(f.participants, "");
    assert_eq!(f.outcomes, strings(&["11", "13"]));
    assert_eq!(f.routine, "");
    assert_eq!(
        f.practices,
        strings(&["joint_planning", "observation", "practice", "feedback"])
    );
    assert_eq!(f.next_visit_on, "");
    // A last note whose outcomes all left the plan falls back to the plan's.
    let gone = Prefill {
        last: Some(LastNote {
            outcomes: vec![99],
            ..last()
        }),
        plan_outcomes: vec![11],
        next_scheduled: None,
    };
    assert_eq!(apply(LogForm::default(), &gone).outcomes, strings(&["11"]));
}

#[test]
fn what_the_form_already_holds_is_kept() {
    let typed = LogForm {
        participants: "Father".into(),
        outcomes: strings(&["13"]),
        routine: "bath".into(),
        practices: strings(&["feedback"]),
        next_visit_on: "2026-12-24".into(),
        ..Default::default()
    };
    let p = Prefill {
        last: Some(last()),
        plan_outcomes: vec![11, 12, 13],
        next_scheduled: Some(d("2026-12-10")),
    };
    let f = apply(typed, &p);
    assert_eq!(f.participants, "Father");
    assert_eq!(f.outcomes, strings(&["13"]));
    assert_eq!(f.routine, "bath");
    assert_eq!(f.practices, strings(&["feedback"]));
    assert_eq!(f.next_visit_on, "2026-12-24");
}
