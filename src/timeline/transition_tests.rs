//! The transition's items on the worked example: born 2023-06-15, third birthday
//! 2026-06-15, window 2025-09-15 to 2026-03-17, family told by 2026-02-14.
use super::super::{
    case::{Objection, Referral},
    clocks,
};
use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rules() -> ProgramRules {
    ProgramRules::default()
}

/// Referred long before the window (the full timeline), Part B potential undecided.
fn toddler() -> CaseFacts {
    CaseFacts {
        date_of_birth: d("2023-06-15"),
        referral: Some(Referral {
            received_on: d("2024-01-10"),
            first_contact_on: Some(d("2024-01-11")),
        }),
        ..Default::default()
    }
}

fn item(f: &CaseFacts, clock: ClockKind, today: &str) -> Option<DueItem> {
    clocks(f, &rules(), d(today))
        .items
        .into_iter()
        .find(|i| i.clock == clock)
}

fn get(f: &CaseFacts, clock: ClockKind, today: &str) -> DueItem {
    item(f, clock, today).unwrap_or_else(|| panic!("{clock:?} on {today}"))
}

#[test]
fn the_worked_example_dates() {
    let f = toddler();
    for (clock, due) in [
        (ClockKind::TransitionPlan, "2026-03-17"),
        (ClockKind::OptOutNotice, "2026-02-14"),
        (ClockKind::LeaNotification, "2026-03-17"),
        (ClockKind::TransitionConference, "2026-03-17"),
    ] {
        let i = get(&f, clock, "2026-01-05");
        assert_eq!(
            (i.due, i.status, i.asap),
            (d(due), Compliance::Pending, false),
            "{clock:?}"
        );
    }
    // The due day itself is not late; the next day is.
    assert_eq!(
        get(&f, ClockKind::LeaNotification, "2026-03-17").status,
        Compliance::Pending
    );
    assert_eq!(
        get(&f, ClockKind::LeaNotification, "2026-03-18").status,
        Compliance::Overdue
    );
}

#[test]
fn the_opt_out_notice_is_due_so_the_period_ends_the_day_before_the_deadline() {
    use Compliance::*;
    // (told on, today, status, warning: (period ends, first day the notice can go))
    let cases = [
        // Told on 14 February: may object through 16 March; the notice goes on 17 March.
        (Some("2026-02-14"), "2026-02-20", Timely, None),
        (Some("2026-02-01"), "2026-02-20", Timely, None),
        // Told a day late: the period ends on the deadline itself.
        (
            Some("2026-02-15"),
            "2026-02-20",
            Late,
            Some(("2026-03-17", "2026-03-18")),
        ),
        // Not told yet: on the due day there is still time; the day after, there is not.
        (None, "2026-02-14", Pending, None),
        (
            None,
            "2026-02-15",
            Overdue,
            Some(("2026-03-17", "2026-03-18")),
        ),
        (
            None,
            "2026-03-01",
            Overdue,
            Some(("2026-03-31", "2026-04-01")),
        ),
    ];
    for (told, today, status, warning) in cases {
        let mut f = toddler();
        f.transition.opt_out_informed_on = told.map(d);
        let i = get(&f, ClockKind::OptOutNotice, today);
        assert_eq!(
            (i.due, i.status),
            (d("2026-02-14"), status),
            "{told:?} {today}"
        );
        let expected: Vec<Warning> = warning
            .map(|(ends, first)| Warning::OptOutTooLate {
                told: told.is_some(),
                period_ends: d(ends),
                first_send: d(first),
                deadline: d("2026-03-17"),
            })
            .into_iter()
            .collect();
        assert_eq!(i.warnings, expected, "{told:?} {today}");
    }
    // Once the notice is sent there is nothing left to warn about.
    let mut f = toddler();
    f.transition.opt_out_informed_on = Some(d("2026-02-15"));
    f.transition.notified_on = Some(d("2026-03-18"));
    assert!(
        get(&f, ClockKind::OptOutNotice, "2026-03-20")
            .warnings
            .is_empty()
    );
}

#[test]
fn the_opt_out_notice_is_only_for_a_possible_notice_with_an_objection_period() {
    let today = "2026-01-05";
    let mut f = toddler();
    f.transition.potentially_eligible = Some(true);
    assert!(item(&f, ClockKind::OptOutNotice, today).is_some());
    f.transition.potentially_eligible = Some(false);
    assert!(item(&f, ClockKind::OptOutNotice, today).is_none());
    let mut f = toddler();
    f.transition.objections.push(Objection {
        decided_on: d("2026-01-02"),
        revoked_on: None,
    });
    assert!(item(&f, ClockKind::OptOutNotice, today).is_none());
    let no_period = ProgramRules {
        lea_opt_out_days: 0,
        ..rules()
    };
    let c = clocks(&toddler(), &no_period, d(today));
    assert!(c.item(ClockKind::OptOutNotice).is_none());
    // Without a period the notice is due on the deadline as usual.
    assert_eq!(
        c.item(ClockKind::LeaNotification).map(|i| i.due),
        Some(d("2026-03-17"))
    );
}

#[test]
fn what_is_not_required_is_not_late_and_undecided_is_required() {
    use Compliance::*;
    let after = "2026-04-01";
    let status = |f: &CaseFacts, clock| get(f, clock, after).status;
    let f = toddler();
    assert_eq!(status(&f, ClockKind::LeaNotification), Overdue, "undecided");
    assert_eq!(
        status(&f, ClockKind::TransitionConference),
        Overdue,
        "undecided"
    );
    let mut f = toddler();
    f.transition.potentially_eligible = Some(false);
    assert_eq!(status(&f, ClockKind::LeaNotification), NotRequired);
    assert_eq!(status(&f, ClockKind::TransitionConference), NotRequired);
    assert_eq!(
        status(&f, ClockKind::TransitionPlan),
        Overdue,
        "every toddler has a plan"
    );
    // An objection in writing: no notice, while it is in force.
    let mut f = toddler();
    f.transition.objections.push(Objection {
        decided_on: d("2026-01-10"),
        revoked_on: None,
    });
    assert_eq!(status(&f, ClockKind::LeaNotification), NotRequired);
    assert_eq!(status(&f, ClockKind::TransitionConference), Overdue);
    f.transition.objections[0].revoked_on = Some(d("2026-02-01"));
    assert_eq!(status(&f, ClockKind::LeaNotification), Overdue, "revoked");
    // The family declined the conference.
    let mut f = toddler();
    f.transition.family_declined_conference = true;
    assert_eq!(status(&f, ClockKind::TransitionConference), NotRequired);
    assert_eq!(status(&f, ClockKind::LeaNotification), Overdue);
}

#[test]
fn a_conference_or_notice_outside_the_window_is_flagged() {
    use Compliance::*;
    let opened = d("2025-09-15");
    let deadline = d("2026-03-17");
    let cases = [
        ("2025-09-14", Early, vec![Warning::BeforeWindow { opened }]),
        ("2025-09-15", Timely, vec![]),
        ("2026-03-17", Timely, vec![]),
        (
            "2026-03-18",
            Late,
            vec![Warning::AfterDeadline { deadline }],
        ),
    ];
    for (on, status, warnings) in cases {
        let mut f = toddler();
        f.transition.conference_held_on = Some(d(on));
        f.transition.notified_on = Some(d(on));
        for clock in [ClockKind::TransitionConference, ClockKind::LeaNotification] {
            let i = get(&f, clock, "2026-04-01");
            assert_eq!(
                (i.status, &i.warnings),
                (status, &warnings),
                "{clock:?} {on}"
            );
        }
    }
    assert_eq!(
        Warning::BeforeWindow { opened }.message(ClockKind::TransitionConference),
        "Held before the window opened on 2025-09-15."
    );
    assert_eq!(
        Warning::AfterDeadline { deadline }.message(ClockKind::LeaNotification),
        "Sent after the deadline of 2026-03-17."
    );
}

#[test]
fn the_transition_plan_counts_from_a_plan_with_steps_inside_the_window() {
    let mut f = toddler();
    // Steps written at the initial IFSP, long before the window: not yet the plan.
    f.transition.plans_with_steps = vec![d("2024-02-20")];
    let i = get(&f, ClockKind::TransitionPlan, "2026-01-05");
    assert_eq!((i.done_on, i.status), (None, Compliance::Pending));
    // A review with steps inside the window establishes it.
    f.transition.plans_with_steps.push(d("2025-12-01"));
    f.transition.plans_with_steps.push(d("2026-02-01"));
    let i = get(&f, ClockKind::TransitionPlan, "2026-01-05");
    assert_eq!(
        (i.done_on, i.status),
        (Some(d("2025-12-01")), Compliance::Timely)
    );
}

#[test]
fn transition_dates_and_classes_under_both_leap_day_policies() {
    use crate::program::rules::Feb29Policy;
    let leap = d("2024-02-29");
    let t = transition_dates(leap, &rules());
    assert_eq!(
        (t.third_birthday, t.earliest, t.latest, t.referral_cutoff),
        (
            d("2027-02-28"),
            d("2026-05-28"),
            d("2026-11-30"),
            d("2027-01-14")
        )
    );
    let mar1 = ProgramRules {
        feb29: Feb29Policy::Mar1,
        ..rules()
    };
    let t = transition_dates(leap, &mar1);
    assert_eq!(
        (t.third_birthday, t.earliest, t.latest, t.referral_cutoff),
        (
            d("2027-03-01"),
            d("2026-06-01"),
            d("2026-12-01"),
            d("2027-01-15")
        )
    );
    // Referred on 2027-01-15: 44 days before 28 February, 45 before 1 March.
    assert_eq!(
        late_referral(leap, d("2027-01-15"), &rules()),
        LateReferral::NoEvaluationRequired
    );
    assert_eq!(
        late_referral(leap, d("2027-01-15"), &mar1),
        LateReferral::NotifyAsSoonAsPossible
    );
}
