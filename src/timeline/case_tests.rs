//! The engine, table by table: intake and IFSP clocks, timely starts, stopping at exit and at
//! the third birthday. Dates are written out; the child of the worked example (born
//! 2023-06-15, third birthday 2026-06-15) unless a row says otherwise.
use super::*;
use crate::program::rules::Feb29Policy;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rules() -> ProgramRules {
    ProgramRules::default()
}

fn referred(dob: &str, received: &str) -> CaseFacts {
    CaseFacts {
        date_of_birth: d(dob),
        referral: Some(Referral {
            received_on: d(received),
            first_contact_on: None,
        }),
        ..Default::default()
    }
}

fn keys(c: &Clocks) -> Vec<&'static str> {
    c.items.iter().map(|i| i.clock.key()).collect()
}

fn get(c: &Clocks, clock: ClockKind) -> &DueItem {
    c.item(clock)
        .unwrap_or_else(|| panic!("{clock:?} in {:?}", keys(c)))
}

#[test]
fn a_new_referral_has_first_contact_ifsp_and_the_transition_clocks() {
    let c = clocks(
        &referred("2025-06-01", "2026-11-02"),
        &rules(),
        d("2026-11-23"),
    );
    assert_eq!(
        keys(&c),
        [
            "first_contact",
            "initial_ifsp",
            "opt_out_notice",
            "transition_plan",
            "lea_notification",
            "transition_conference",
        ]
    );
    let first = get(&c, ClockKind::FirstContact);
    assert_eq!(
        (first.due, first.status),
        (d("2026-11-04"), Compliance::Overdue)
    );
    let ifsp = get(&c, ClockKind::InitialIfsp);
    assert_eq!(
        (ifsp.due, ifsp.status),
        (d("2026-12-17"), Compliance::Pending)
    );
    // Born 2025-06-01: third birthday 2028-06-01; 90 days before is 2028-03-03.
    assert_eq!(get(&c, ClockKind::LeaNotification).due, d("2028-03-03"));
    assert_eq!(get(&c, ClockKind::OptOutNotice).due, d("2028-02-01"));
}

#[test]
fn referrals_44_45_90_and_91_days_before_age_three() {
    let r = rules();
    // 44 days before (2026-05-02): no evaluation, no IFSP, no transition conference; one
    // item of its own, due the day before the third birthday.
    let c = clocks(&referred("2023-06-15", "2026-05-02"), &r, d("2026-05-03"));
    assert_eq!(c.late_referral, Some(LateReferral::NoEvaluationRequired));
    assert_eq!(keys(&c), ["first_contact", "lea_referral"]);
    let lea = get(&c, ClockKind::LeaReferral);
    assert_eq!(
        (lea.due, lea.status),
        (d("2026-06-14"), Compliance::Pending)
    );
    let mut f = referred("2023-06-15", "2026-05-02");
    f.transition.lea_referral_on = Some(d("2026-05-20"));
    let lea = clocks(&f, &r, d("2026-05-21"));
    assert_eq!(get(&lea, ClockKind::LeaReferral).status, Compliance::Timely);

    // 45 days before (2026-05-01, the cutoff): the evaluation and IFSP are required; the
    // notice and conference are as soon as possible, until eligibility on the 45-day date.
    let c = clocks(&referred("2023-06-15", "2026-05-01"), &r, d("2026-05-03"));
    assert_eq!(c.late_referral, Some(LateReferral::NotifyAsSoonAsPossible));
    assert_eq!(get(&c, ClockKind::InitialIfsp).due, d("2026-06-15"));
    for clock in [ClockKind::LeaNotification, ClockKind::TransitionConference] {
        let i = get(&c, clock);
        assert_eq!((i.due, i.asap), (d("2026-06-15"), true), "{clock:?}");
    }

    // 90 days before (2026-03-17): still "as soon as possible", 45-day date 2026-05-01.
    let c = clocks(&referred("2023-06-15", "2026-03-17"), &r, d("2026-03-20"));
    assert_eq!(c.late_referral, Some(LateReferral::NotifyAsSoonAsPossible));
    let n = get(&c, ClockKind::LeaNotification);
    assert_eq!((n.due, n.asap), (d("2026-05-01"), true));
    // The plan is written into the initial IFSP: due with it, not flagged.
    let p = get(&c, ClockKind::TransitionPlan);
    assert_eq!((p.due, p.asap), (d("2026-05-01"), false));
    // The family is told as soon as possible too; the period will end after the day.
    let o = get(&c, ClockKind::OptOutNotice);
    assert_eq!((o.due, o.asap), (d("2026-05-01"), true));

    // 91 days before (2026-03-16): the ordinary 90-day deadline, 2026-03-17.
    let c = clocks(&referred("2023-06-15", "2026-03-16"), &r, d("2026-03-16"));
    assert_eq!(c.late_referral, Some(LateReferral::PlanAtInitialIfsp));
    let n = get(&c, ClockKind::LeaNotification);
    assert_eq!((n.due, n.asap), (d("2026-03-17"), false));
}

#[test]
fn as_soon_as_possible_is_the_day_eligibility_was_confirmed() {
    let mut f = referred("2023-06-15", "2026-04-01"); // 75 days before
    f.eligible_on = Some(d("2026-04-20"));
    let c = clocks(&f, &rules(), d("2026-04-22"));
    for clock in [ClockKind::LeaNotification, ClockKind::TransitionConference] {
        let i = get(&c, clock);
        assert_eq!(
            (i.due, i.asap, i.status),
            (d("2026-04-20"), true, Compliance::Overdue),
            "{clock:?}"
        );
    }
    // Once sent, it is done: "as soon as possible" has no later deadline.
    f.transition.notified_on = Some(d("2026-05-25"));
    let c = clocks(&f, &rules(), d("2026-05-26"));
    assert_eq!(
        get(&c, ClockKind::LeaNotification).status,
        Compliance::Timely
    );
}

#[test]
fn an_active_child_has_reviews_from_the_initial_ifsp_and_excused_delays() {
    let f = CaseFacts {
        date_of_birth: d("2025-01-10"),
        phase: Phase::Active,
        referral: Some(Referral {
            received_on: d("2026-01-05"),
            first_contact_on: Some(d("2026-01-06")),
        }),
        initial_ifsp_on: Some(d("2026-02-25")),
        initial_ifsp_delay: Some(DelayReason::ExceptionalFamilyCircumstances),
        ..Default::default()
    };
    let c = clocks(&f, &rules(), d("2026-11-23"));
    assert_eq!(
        get(&c, ClockKind::InitialIfsp).status,
        Compliance::ExcusedDelay
    );
    assert_eq!(get(&c, ClockKind::FirstContact).status, Compliance::Timely);
    let review = get(&c, ClockKind::Review);
    assert_eq!(
        (review.due, review.status),
        (d("2026-08-25"), Compliance::Overdue)
    );
    assert_eq!(get(&c, ClockKind::Annual).due, d("2027-02-25"));
    assert_eq!(c.items[0].clock, ClockKind::Review, "overdue first");
    assert_eq!(c.next_open().map(|i| i.clock), Some(ClockKind::Review));
    assert_eq!(c.overdue(), 1);
}

#[test]
fn an_ifsp_meeting_before_a_re_referral_does_not_meet_its_45_day_clock() {
    let mut f = referred("2025-01-10", "2026-09-01");
    f.initial_ifsp_on = Some(d("2026-03-01"));
    let c = clocks(&f, &rules(), d("2026-09-10"));
    let i = get(&c, ClockKind::InitialIfsp);
    assert_eq!(
        (i.due, i.done_on, i.status),
        (d("2026-10-16"), None, Compliance::Pending)
    );
}

fn service(consent: &str, first: Option<&str>, missed: Option<&str>) -> ServiceFacts {
    ServiceFacts {
        id: 7,
        service_type: crate::entities::ifsp_service::ServiceType::SpeechLanguage,
        consent_on: d(consent),
        in_force: true,
        first_visit: first.map(d),
        first_family_miss: missed.map(d),
    }
}

#[test]
fn timely_start_is_30_days_from_consent_and_a_family_miss_before_it_excuses() {
    let r = rules();
    let today = d("2026-03-01");
    use Compliance::*;
    // Consent 2026-01-05: due 2026-02-04.
    let cases = [
        (None, None, Overdue, None),
        (Some("2026-02-04"), None, Timely, None),
        (Some("2026-02-05"), None, Late, None),
        (
            Some("2026-02-10"),
            Some("2026-02-03"),
            ExcusedDelay,
            Some("2026-02-03"),
        ),
        // Missed after the deadline, or after the first visit: no family reason.
        (Some("2026-02-10"), Some("2026-02-06"), Late, None),
        (Some("2026-01-20"), Some("2026-01-25"), Timely, None),
        // A miss before consent is not about this service's start.
        (Some("2026-02-10"), Some("2026-01-02"), Late, None),
    ];
    for (first, missed, status, reason) in cases {
        let i = service_start(&service("2026-01-05", first, missed), &r, today);
        assert_eq!(i.due, d("2026-02-04"));
        assert_eq!(i.status, status, "{first:?} {missed:?}");
        let warned = i.warnings.iter().find_map(|w| match w {
            Warning::FamilyMissed(on) => Some(*on),
            _ => None,
        });
        assert_eq!(warned, reason.map(d), "{first:?} {missed:?}");
    }
    assert_eq!(
        service_start(&service("2026-01-05", None, None), &r, d("2026-02-04")).status,
        Pending
    );
    let mut r14 = rules();
    r14.timely_services_days = 14;
    assert_eq!(
        service_start(&service("2026-12-25", None, None), &r14, today).due,
        d("2027-01-08")
    );
}

#[test]
fn only_services_of_the_plan_in_force_are_listed_but_every_version_is_judged() {
    let mut f = referred("2025-01-10", "2026-01-05");
    f.phase = Phase::Active;
    f.initial_ifsp_on = Some(d("2026-02-01"));
    let mut old = service("2026-02-01", Some("2026-02-10"), None);
    old.in_force = false;
    old.id = 3;
    f.services = vec![old, service("2026-08-01", None, None)];
    let c = clocks(&f, &rules(), d("2026-08-05"));
    let listed: Vec<i32> = c
        .items
        .iter()
        .filter_map(|i| i.service.as_ref().map(|s| s.id))
        .collect();
    assert_eq!(listed, [7]);
    assert_eq!(c.service(3).map(|i| i.status), Some(Compliance::Timely));
    assert_eq!(c.service(7).map(|i| i.due), Some(d("2026-08-31")));
}

#[test]
fn every_clock_stops_at_exit() {
    let mut f = referred("2025-06-01", "2026-01-02");
    f.phase = Phase::Active;
    f.initial_ifsp_on = Some(d("2026-02-01"));
    f.services = vec![
        service("2026-02-01", Some("2026-02-10"), None),
        ServiceFacts {
            id: 8,
            ..service("2026-09-01", None, None)
        },
    ];
    f.exit_date = Some(d("2026-11-01"));
    let c = clocks(&f, &rules(), d("2026-11-23"));
    assert!(c.items.is_empty());
    assert_eq!(c.stopped, Some(Stopped::Closed));
    // The IFSP page still shows starts already made, and no open one.
    assert_eq!(c.services.len(), 1);
    assert_eq!(c.services[0].status, Compliance::Timely);
    f.exit_date = None;
    f.phase = Phase::Closed;
    assert!(clocks(&f, &rules(), d("2026-11-23")).items.is_empty());
}

#[test]
fn on_the_third_birthday_only_record_the_exit_is_left() {
    let mut f = referred("2023-06-15", "2025-10-01");
    f.phase = Phase::Active;
    f.initial_ifsp_on = Some(d("2025-11-01"));
    let r = rules();
    let before = clocks(&f, &r, d("2026-06-14"));
    assert!(before.items.len() > 1);
    assert!(before.stopped.is_none());
    for (today, status) in [
        ("2026-06-15", Compliance::Pending),
        ("2026-06-16", Compliance::Overdue),
        ("2026-11-15", Compliance::Overdue),
    ] {
        let c = clocks(&f, &r, d(today));
        assert_eq!(keys(&c), ["record_exit"], "{today}");
        assert_eq!(
            (c.items[0].due, c.items[0].status),
            (d("2026-06-15"), status)
        );
        assert_eq!(c.stopped, Some(Stopped::TurnedThree(d("2026-06-15"))));
    }
    // An exit recorded: nothing at all.
    f.exit_date = Some(d("2026-06-14"));
    assert!(clocks(&f, &r, d("2026-06-20")).items.is_empty());
}

#[test]
fn a_leap_day_birth_turns_three_by_the_programs_policy() {
    let f = referred("2024-02-29", "2024-06-01");
    let feb28 = rules();
    let mar1 = ProgramRules {
        feb29: Feb29Policy::Mar1,
        ..rules()
    };
    // Feb 28 policy: three on 2027-02-28; notice due 2026-11-30, the family told by
    // 2026-10-30.
    let c = clocks(&f, &feb28, d("2026-11-01"));
    assert_eq!(get(&c, ClockKind::LeaNotification).due, d("2026-11-30"));
    assert_eq!(get(&c, ClockKind::OptOutNotice).due, d("2026-10-30"));
    assert_eq!(keys(&clocks(&f, &feb28, d("2027-02-28"))), ["record_exit"]);
    // Mar 1 policy: three on 2027-03-01; notice due 2026-12-01, told by 2026-10-31.
    let c = clocks(&f, &mar1, d("2026-11-01"));
    assert_eq!(get(&c, ClockKind::LeaNotification).due, d("2026-12-01"));
    assert_eq!(get(&c, ClockKind::OptOutNotice).due, d("2026-10-31"));
    assert_ne!(keys(&clocks(&f, &mar1, d("2027-02-28"))), ["record_exit"]);
    assert_eq!(keys(&clocks(&f, &mar1, d("2027-03-01"))), ["record_exit"]);
}

#[test]
fn reporting_judges_an_exited_childs_clocks_as_if_open() {
    // Referred 2026-01-05 (IFSP due 2026-02-19), met 2026-02-25, exited 2026-05-01.
    let mut f = referred("2024-09-01", "2026-01-05");
    f.phase = Phase::Closed;
    f.exit_date = Some(d("2026-05-01"));
    f.initial_ifsp_on = Some(d("2026-02-25"));
    f.transition.notified_on = Some(d("2027-06-01"));
    assert!(clocks(&f, &rules(), d("2026-06-30")).items.is_empty());
    let c = for_reporting(&f, &rules(), d("2026-06-30"));
    let ifsp = get(&c, ClockKind::InitialIfsp);
    assert_eq!((ifsp.due, ifsp.status), (d("2026-02-19"), Compliance::Late));
    // B3 2027-09-01, notification due 90 days before: 2027-06-03.
    let n = get(&c, ClockKind::LeaNotification);
    assert_eq!((n.due, n.status), (d("2027-06-03"), Compliance::Timely));
}
