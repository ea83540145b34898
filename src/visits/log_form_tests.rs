use super::*;

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
