use super::*;

#[test]
fn the_form_round_trips_the_rules_and_refuses_bad_numbers() {
    let r = ProgramRules::default();
    assert_eq!(SettingsForm::from_rules(&r).parse().unwrap(), r);
    let mut f = SettingsForm::from_rules(&r);
    f.initial_ifsp_days = "60".into();
    f.transition_latest_days = "60".into();
    f.percent_one_area = "abc".into();
    let e = f.parse().unwrap_err();
    assert_eq!(
        e.get("initial_ifsp_days"),
        Some("Enter a whole number from 1 to 45.")
    );
    assert!(
        e.get("transition_latest_days").is_some(),
        "fewer than 90 days breaks federal law"
    );
    assert!(e.get("percent_one_area").is_some());
}
