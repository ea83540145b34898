//! Table-driven tests of the clocks, including every boundary the domain reference names.
use super::*;
use crate::program::rules::{Feb29Policy, ProgramRules};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rules() -> ProgramRules {
    ProgramRules::default()
}

#[test]
fn worked_example_from_the_domain_reference() {
    let t = transition_dates(d("2023-06-15"), &rules());
    assert_eq!(t.third_birthday, d("2026-06-15"));
    assert_eq!(t.latest, d("2026-03-17"));
    assert_eq!(t.notification_due, d("2026-03-17"));
    assert_eq!(t.earliest, d("2025-09-15"));
    assert_eq!(t.referral_cutoff, d("2026-05-01"));
}

#[test]
fn third_birthday_for_feb_29_under_both_policies() {
    let cases = [
        ("2024-02-29", Feb29Policy::Feb28, "2027-02-28"),
        ("2024-02-29", Feb29Policy::Mar1, "2027-03-01"),
        ("2020-02-29", Feb29Policy::Feb28, "2023-02-28"),
        ("2020-02-29", Feb29Policy::Mar1, "2023-03-01"),
        // A leap-day birth whose third birthday is itself in a leap year cannot happen
        // (leap years are four apart), and ordinary dates ignore the policy.
        ("2023-02-28", Feb29Policy::Mar1, "2026-02-28"),
        ("2023-03-01", Feb29Policy::Feb28, "2026-03-01"),
        ("2025-12-31", Feb29Policy::Feb28, "2028-12-31"),
    ];
    for (dob, policy, b3) in cases {
        assert_eq!(third_birthday(d(dob), policy), d(b3), "{dob} {policy:?}");
    }
}

#[test]
fn transition_window_for_a_feb_29_birth() {
    let mut r = rules();
    r.feb29 = Feb29Policy::Mar1;
    let t = transition_dates(d("2024-02-29"), &r);
    assert_eq!(t.third_birthday, d("2027-03-01"));
    assert_eq!(t.latest, d("2026-12-01"));
    assert_eq!(t.earliest, d("2026-06-01"));
    r.feb29 = Feb29Policy::Feb28;
    let t = transition_dates(d("2024-02-29"), &r);
    assert_eq!(t.latest, d("2026-11-30"));
    assert_eq!(t.earliest, d("2026-05-28"));
}

#[test]
fn initial_ifsp_due_is_45_calendar_days_after_receipt() {
    let cases = [
        ("2026-03-01", "2026-04-15"),
        // Received on the last day of a month.
        ("2026-01-31", "2026-03-17"),
        ("2026-04-30", "2026-06-14"),
        ("2026-12-31", "2027-02-14"),
        // Across a leap day.
        ("2028-01-31", "2028-03-16"),
        ("2028-02-29", "2028-04-14"),
        // Weekends are not skipped: calendar days.
        ("2026-11-21", "2027-01-05"),
    ];
    for (received, due) in cases {
        assert_eq!(
            initial_ifsp_due(d(received), &rules()),
            d(due),
            "{received}"
        );
    }
}

#[test]
fn the_45_day_clock_judges_excused_and_unexcused_delays() {
    let due = initial_ifsp_due(d("2026-03-01"), &rules());
    let today = d("2026-06-01");
    use Compliance::*;
    use DelayReason::*;
    let cases = [
        (Some("2026-04-15"), None, Timely),
        (Some("2026-04-14"), Some(Agency), Timely),
        (Some("2026-04-16"), None, Late),
        (Some("2026-04-16"), Some(Agency), Late),
        (
            Some("2026-04-16"),
            Some(ExceptionalFamilyCircumstances),
            ExcusedDelay,
        ),
        (Some("2026-05-20"), Some(ConsentAttempts), ExcusedDelay),
        (None, None, Overdue),
    ];
    for (held, reason, expected) in cases {
        assert_eq!(
            judge(due, held.map(d), today, reason),
            expected,
            "{held:?} {reason:?}"
        );
    }
    assert_eq!(judge(due, None, d("2026-04-15"), None), Pending);
    assert_eq!(judge(due, None, d("2026-04-16"), None), Overdue);
    assert!(ExcusedDelay.counts_as_timely() && Timely.counts_as_timely());
    assert!(!Late.counts_as_timely() && !Overdue.counts_as_timely());
}

#[test]
fn timely_services_count_from_consent_with_a_configured_window() {
    let mut r = rules();
    assert_eq!(service_start_due(d("2026-01-31"), &r), d("2026-03-02"));
    assert_eq!(service_start_due(d("2028-02-01"), &r), d("2028-03-02"));
    r.timely_services_days = 14;
    assert_eq!(service_start_due(d("2026-12-25"), &r), d("2027-01-08"));
}

#[test]
fn reviews_count_months_and_clamp_at_month_end() {
    let r = rules();
    let cases = [
        ("2026-01-15", "2026-07-15", "2027-01-15"),
        ("2025-08-31", "2026-02-28", "2026-08-31"),
        ("2027-08-31", "2028-02-29", "2028-08-31"),
        ("2028-02-29", "2028-08-29", "2029-02-28"),
        ("2026-12-31", "2027-06-30", "2027-12-31"),
    ];
    for (meeting, review, annual) in cases {
        assert_eq!(
            review_due(d(meeting), &r),
            d(review),
            "review from {meeting}"
        );
        assert_eq!(
            annual_due(d(meeting), &r),
            d(annual),
            "annual from {meeting}"
        );
    }
}

#[test]
fn late_referrals_are_classified_by_days_before_the_third_birthday() {
    let r = rules();
    let dob = d("2023-06-15");
    let b3 = third_birthday(dob, r.feb29);
    use LateReferral::*;
    let cases = [
        (0, PastThirdBirthday),
        (-3, PastThirdBirthday),
        (1, NoEvaluationRequired),
        (44, NoEvaluationRequired),
        (45, NotifyAsSoonAsPossible),
        (90, NotifyAsSoonAsPossible),
        (91, PlanAtInitialIfsp),
        (135, PlanAtInitialIfsp),
        (136, OnTime),
        (400, OnTime),
    ];
    for (days_before, expected) in cases {
        let referral = b3 - Duration::days(days_before);
        assert_eq!(
            late_referral(dob, referral, &r),
            expected,
            "{days_before} days before"
        );
    }
    // The worked example's cutoff: referred on 2026-05-01 still needs an evaluation.
    assert_eq!(
        late_referral(dob, d("2026-05-01"), &r),
        NotifyAsSoonAsPossible
    );
    assert_eq!(
        late_referral(dob, d("2026-05-02"), &r),
        NoEvaluationRequired
    );
}

#[test]
fn ninety_days_is_not_three_months() {
    // Newcomers take "90 days" as "3 months": for a 15 June birthday they differ by two days.
    let t = transition_dates(d("2023-06-15"), &rules());
    assert_ne!(t.latest, sub_months(t.third_birthday, 3));
}

#[test]
fn business_days_skip_weekends_only_where_configured() {
    let r = rules();
    // Friday + 2 business days = Tuesday; Saturday + 2 = Tuesday.
    assert_eq!(first_contact_due(d("2026-11-20"), &r), d("2026-11-24"));
    assert_eq!(first_contact_due(d("2026-11-21"), &r), d("2026-11-24"));
    assert_eq!(first_contact_due(d("2026-11-23"), &r), d("2026-11-25"));
}

#[test]
fn ages_in_months_and_adjusted_for_prematurity() {
    let r = rules();
    let cases = [
        // (dob, weeks, on, months, days, adjusted)
        ("2025-01-31", None, "2025-02-28", 0, 28, None),
        ("2025-01-31", None, "2025-03-31", 2, 0, None),
        ("2024-02-29", None, "2025-02-28", 11, 30, None),
        ("2024-02-29", None, "2025-03-01", 12, 1, None),
        ("2026-01-10", Some(30), "2026-07-10", 6, 0, Some(3)),
        // 36 weeks is premature (< 37); 37 is not.
        ("2026-01-10", Some(36), "2026-07-10", 6, 0, Some(5)),
        ("2026-01-10", Some(37), "2026-07-10", 6, 0, None),
        // No adjustment from 24 months on.
        ("2024-01-10", Some(28), "2026-01-10", 24, 0, None),
        ("2024-01-10", Some(28), "2026-01-09", 23, 30, Some(21)),
    ];
    for (dob, weeks, on, months, days, adjusted) in cases {
        let a = age(d(dob), weeks, d(on), &r);
        assert_eq!(
            (a.months, a.days, a.adjusted_months),
            (months, days, adjusted),
            "{dob} {weeks:?} on {on}"
        );
    }
}
