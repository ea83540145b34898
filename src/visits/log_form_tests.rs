use super::*;
use crate::visits::mileage::parse_mileage;

/// Noon on the program's wall clock on `s`.
fn noon(s: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn complete() -> LogForm {
    let mut f = LogForm {
        date: "2026-11-20".into(),
        start: "09:00".into(),
        end: "10:05".into(),
        method: "in_person".into(),
        location: "home".into(),
        participants: "Mother, child".into(),
        outcomes: vec!["7".into()],
        routine: "mealtime".into(),
        joint_plan: "Pause before giving more at snack.".into(),
        mileage: "12.5".into(),
        intent: "sign".into(),
        ..Default::default()
    };
    f.joint_planning_done = "yes".into();
    f.observation_done = "yes".into();
    f.practice_done = "yes".into();
    f.reflection_done = "no".into();
    f.feedback_done = "yes".into();
    f
}

#[test]
fn a_complete_note_parses_with_exact_times_and_tenths_of_miles() {
    let n = complete().parse(noon("2026-11-23"), &[7, 8]).unwrap();
    assert_eq!((n.ends_at - n.starts_at).num_minutes(), 65);
    assert_eq!(n.mileage_tenths, 125);
    assert_eq!(n.outcomes, vec![7]);
    assert_eq!(n.coaching.used(), 4);
    assert!(n.sign);
}

#[test]
fn signing_needs_a_complete_note_but_a_draft_does_not() {
    let mut f = complete();
    f.joint_plan = " ".into();
    f.feedback_done = String::new();
    f.outcomes.clear();
    let e = f.parse(noon("2026-11-23"), &[7]).unwrap_err();
    assert!(e.get("joint_plan").is_some());
    assert!(e.get("feedback_done").is_some());
    assert!(e.get("outcomes").is_some());
    f.intent = "save".into();
    assert!(f.parse(noon("2026-11-23"), &[7]).is_ok());
}

#[test]
fn bad_times_dates_outcomes_and_miles_are_refused() {
    let mut f = complete();
    f.end = "08:59".into();
    f.date = "2026-11-24".into();
    f.outcomes = vec!["99".into()];
    f.mileage = "12.55".into();
    let e = f.parse(noon("2026-11-23"), &[7]).unwrap_err();
    for field in ["end", "date", "outcomes", "mileage"] {
        assert!(e.get(field).is_some(), "{field}");
    }
    let mut e = Errors::default();
    assert_eq!(parse_mileage(&mut e, "7"), 70);
    assert_eq!(parse_mileage(&mut e, "0.3"), 3);
    assert!(e.is_empty());
    parse_mileage(&mut e, "-2");
    assert!(!e.is_empty());
}

#[test]
fn a_note_is_signed_after_the_visit_ends_and_drafted_any_time() {
    // The visit runs 09:00–10:05 on 2026-11-20.
    let mut f = complete();
    let e = f.parse(at("2026-11-20 10:04"), &[7]).unwrap_err();
    assert!(
        e.get("end")
            .unwrap()
            .contains("has not ended yet (it ends at 10:05)")
    );
    assert!(f.parse(at("2026-11-20 10:05"), &[7]).is_ok(), "at its end");
    assert!(
        f.parse(at("2026-11-21 08:00"), &[7]).is_ok(),
        "the next day"
    );
    f.intent = "save".into();
    assert!(
        f.parse(at("2026-11-20 09:30"), &[7]).is_ok(),
        "a draft during the visit"
    );
}

#[test]
fn a_practice_note_or_an_abc_entry_over_500_characters_is_refused_not_cut() {
    let mut f = complete();
    f.observation_note = "ñ".repeat(501);
    f.abc2_c = "ñ".repeat(501);
    let e = f.parse(noon("2026-11-23"), &[7]).unwrap_err();
    assert_eq!(
        e.get("observation_note"),
        Some("Use at most 500 characters (this has 501).")
    );
    assert_eq!(
        e.get("abc2_c"),
        Some("Use at most 500 characters (this has 501).")
    );
    f.observation_note = format!(" {} ", "ñ".repeat(500));
    f.abc2_c = "ñ".repeat(500);
    let n = f.parse(noon("2026-11-23"), &[7]).unwrap();
    assert_eq!(n.abc[0].consequence, "ñ".repeat(500));
}

#[test]
fn the_practice_group_records_ticked_as_done_and_unticked_as_not() {
    let mut f = complete();
    // The radios say otherwise; the group, being on the form, decides.
    f.practices_shown = "1".into();
    f.practices = vec!["observation".into(), "feedback".into()];
    let n = f.parse(noon("2026-11-23"), &[7]).unwrap();
    let done: Vec<Option<bool>> = PRACTICES
        .iter()
        .map(|p| n.coaching.get(p.key).done)
        .collect();
    assert_eq!(
        done,
        vec![
            Some(false),
            Some(true),
            Some(false),
            Some(false),
            Some(true)
        ]
    );
    // Nothing ticked still records five answers, so the note can be signed.
    f.practices.clear();
    f.feedback_done = String::new();
    assert_eq!(
        f.parse(noon("2026-11-23"), &[7]).unwrap().coaching.used(),
        0
    );
    f.practices = vec!["mind_reading".into()];
    let e = f.parse(noon("2026-11-23"), &[7]).unwrap_err();
    assert!(e.get("practices").is_some());
    // Activities are ids; anything else is refused next to the list.
    f.practices.clear();
    f.activity_ids = vec!["3".into(), "3".into(), "8".into()];
    assert_eq!(
        f.parse(noon("2026-11-23"), &[7]).unwrap().activity_ids,
        vec![3, 8]
    );
    f.activity_ids = vec!["x".into()];
    assert!(
        f.parse(noon("2026-11-23"), &[7])
            .unwrap_err()
            .get("activity_ids")
            .is_some()
    );
}
