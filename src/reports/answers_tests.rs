//! How long a child's answers hold: the expected days are worked out by hand beside each
//! case (default rules: the initial IFSP 45 days after the referral).
use super::valid_through;
use crate::{
    program::rules::ProgramRules,
    reports::{Indicator, Period, Verdict, indicators::decide},
    timeline::{
        CaseFacts, Phase,
        case::{Objection, Referral, for_reporting},
    },
};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// Born 2024-01-10 (three on 2027-01-10), referred 2025-09-01, eligible, no meeting yet:
/// the initial IFSP is due 2025-10-16.
fn waiting_for_the_meeting() -> CaseFacts {
    CaseFacts {
        date_of_birth: d("2024-01-10"),
        phase: Phase::Active,
        referral: Some(Referral {
            received_on: d("2025-09-01"),
            first_contact_on: Some(d("2025-09-02")),
        }),
        eligible_on: Some(d("2025-09-20")),
        ..Default::default()
    }
}

fn fy2025() -> Period {
    Period {
        from: d("2025-07-01"),
        to: d("2026-06-30"),
    }
}

#[test]
fn an_open_clock_holds_through_its_due_day_and_changes_the_day_after() {
    let f = waiting_for_the_meeting();
    let rules = ProgramRules::default();
    let clocks = for_reporting(&f, &rules, d("2025-10-01"));
    // Every other open clock (the transition's) falls due in 2026 or later.
    assert_eq!(
        valid_through(&f, &clocks, d("2025-10-01")),
        Some(d("2025-10-16"))
    );
    let c7 = |on: &str| decide(Indicator::C7, &f, &rules, &fy2025(), d(on)).map(|x| x.verdict);
    assert_eq!(c7("2025-10-01"), Some(Verdict::NotYetDue));
    assert_eq!(c7("2025-10-16"), Some(Verdict::NotYetDue));
    assert_eq!(c7("2025-10-17"), Some(Verdict::Late));
    // Once past, the late meeting is late for good: the next open clock decides.
    let later = for_reporting(&f, &rules, d("2025-10-17"));
    assert!(valid_through(&f, &later, d("2025-10-17")).is_some_and(|v| v > d("2026-01-01")));
}

#[test]
fn an_objection_still_to_come_ends_the_answers_the_day_before() {
    let mut f = waiting_for_the_meeting();
    // Met 2025-10-10: the review falls due 2026-04-10, later than the objection.
    f.initial_ifsp_on = Some(d("2025-10-10"));
    f.transition.objections = vec![Objection {
        decided_on: d("2026-03-01"),
        revoked_on: Some(d("2026-05-01")),
    }];
    let rules = ProgramRules::default();
    let on = d("2026-01-15");
    assert_eq!(
        valid_through(&f, &for_reporting(&f, &rules, on), on),
        Some(d("2026-02-28"))
    );
    // Between the objection and its revocation: the review (2026-04-10) comes first.
    let on = d("2026-03-10");
    assert_eq!(
        valid_through(&f, &for_reporting(&f, &rules, on), on),
        Some(d("2026-04-10"))
    );
}
