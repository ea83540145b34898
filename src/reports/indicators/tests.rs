//! Each indicator on small hand-made cases; every expected date is worked out by hand in
//! the comment beside it (default rules: 45 days, 30-day starts, 90 days / 9 months).
use super::*;
use crate::entities::ifsp_service::ServiceType;
use crate::program::rules::Feb29Policy;
use crate::timeline::{
    DelayReason, Phase, ServiceFacts,
    case::{Objection, Referral},
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// 1 July `y` – 30 June `y + 1`.
fn fy(y: i32) -> Period {
    Period::federal_year(NaiveDate::from_ymd_opt(y, 9, 1).unwrap())
}

fn at(c: &CaseFacts, i: Indicator, p: Period) -> Option<Decision> {
    decide(i, c, &ProgramRules::default(), &p, p.to)
}

fn verdict(c: &CaseFacts, i: Indicator, p: Period) -> Option<Verdict> {
    at(c, i, p).map(|d| d.verdict)
}

/// Born 2024-01-10, referred 2025-09-01: the initial IFSP is due 2025-10-16.
fn referred_2025_09_01(met: &str, delay: Option<DelayReason>) -> CaseFacts {
    CaseFacts {
        date_of_birth: d("2024-01-10"),
        phase: Phase::Active,
        referral: Some(Referral {
            received_on: d("2025-09-01"),
            first_contact_on: Some(d("2025-09-02")),
        }),
        eligible_on: Some(d("2025-09-20")),
        initial_ifsp_on: Some(d(met)),
        initial_ifsp_delay: delay,
        ..Default::default()
    }
}

#[test]
fn the_federal_year_runs_july_to_june() {
    assert_eq!(
        Period::federal_year(d("2026-12-01")),
        Period {
            from: d("2026-07-01"),
            to: d("2027-06-30")
        }
    );
    assert_eq!(Period::federal_year(d("2026-06-30")).from, d("2025-07-01"));
}

#[test]
fn c7_a_documented_family_delay_counts_in_both_an_undocumented_one_is_late() {
    let on_day_45 = referred_2025_09_01("2025-10-16", None);
    let family = referred_2025_09_01(
        "2025-10-30",
        Some(DelayReason::ExceptionalFamilyCircumstances),
    );
    let undocumented = referred_2025_09_01("2025-10-30", None);
    let agency = referred_2025_09_01("2025-10-30", Some(DelayReason::Agency));
    let p = fy(2025);
    let mut fig = Figure::new(Indicator::C7);
    for (n, c) in [&on_day_45, &family, &undocumented, &agency]
        .iter()
        .enumerate()
    {
        fig.push(n, at(c, Indicator::C7, p).unwrap());
    }
    let verdicts: Vec<_> = fig.rows.iter().map(|(_, d)| d.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Timely,
            Verdict::FamilyDelay,
            Verdict::Late,
            Verdict::Late
        ]
    );
    assert_eq!(
        (fig.numerator, fig.denominator, fig.family_delays, fig.late),
        (2, 4, 1, 2)
    );
    assert_eq!(fig.percent(), "50.0");
    let late = &fig.rows[2].1;
    assert_eq!(
        (late.due, late.done),
        (Some(d("2025-10-16")), Some(d("2025-10-30")))
    );
    assert_eq!(
        late.reason,
        "Initial IFSP meeting on 2025-10-30, 14 days after 2025-10-16 (no documented family reason)"
    );
    assert!(
        fig.rows[3]
            .1
            .reason
            .ends_with("(program or agency reason: not excused)")
    );
    let consent = referred_2025_09_01("2025-10-30", Some(DelayReason::ConsentAttempts));
    let r = at(&consent, Indicator::C7, p).unwrap();
    assert_eq!(
        (r.verdict, r.reason.as_str()),
        (
            Verdict::FamilyDelay,
            "Initial IFSP meeting on 2025-10-30, after 2025-10-16: No consent despite repeated, documented attempts"
        )
    );
    // Due in the 2025 year, so not in the 2024 or 2026 one.
    assert_eq!(verdict(&on_day_45, Indicator::C7, fy(2024)), None);
    assert_eq!(verdict(&on_day_45, Indicator::C7, fy(2026)), None);
}

fn service(id: i32, t: ServiceType, consent: &str, first: Option<&str>) -> ServiceFacts {
    ServiceFacts {
        id,
        service_type: t,
        consent_on: d(consent),
        in_force: true,
        first_visit: first.map(d),
        first_family_miss: None,
    }
}

fn with_services(services: Vec<ServiceFacts>) -> CaseFacts {
    CaseFacts {
        services,
        ..referred_2025_09_01("2025-09-25", None)
    }
}

#[test]
fn c1_a_family_miss_before_the_deadline_excuses_an_undocumented_late_start_does_not() {
    // Consent 2025-09-01: the start is due by 2025-10-01.
    let on_time = with_services(vec![service(
        1,
        ServiceType::SpeechLanguage,
        "2025-09-01",
        Some("2025-09-20"),
    )]);
    let mut missed = service(
        2,
        ServiceType::SpeechLanguage,
        "2025-09-01",
        Some("2025-10-10"),
    );
    missed.first_family_miss = Some(d("2025-09-15"));
    let family = with_services(vec![missed]);
    let late = with_services(vec![service(
        3,
        ServiceType::SpeechLanguage,
        "2025-09-01",
        Some("2025-10-10"),
    )]);
    let p = fy(2025);
    assert_eq!(verdict(&on_time, Indicator::C1, p), Some(Verdict::Timely));
    assert_eq!(
        verdict(&family, Indicator::C1, p),
        Some(Verdict::FamilyDelay)
    );
    let l = at(&late, Indicator::C1, p).unwrap();
    assert_eq!(l.verdict, Verdict::Late);
    assert_eq!(
        l.reason,
        "Speech-language pathology: started 2025-10-10, 9 days after 2025-10-01 (no family reason documented)"
    );
}

#[test]
fn c1_counts_a_service_added_at_a_review_not_one_carried_over() {
    // Speech began in the 2024 year; the review of 2025-12-01 carries it (no visit since:
    // it would be overdue if it counted) and adds OT, due 2025-12-31, started 2025-12-15.
    let c = with_services(vec![
        service(
            1,
            ServiceType::SpeechLanguage,
            "2025-03-01",
            Some("2025-03-10"),
        ),
        service(2, ServiceType::SpeechLanguage, "2025-12-01", None),
        service(
            3,
            ServiceType::OccupationalTherapy,
            "2025-12-01",
            Some("2025-12-15"),
        ),
    ]);
    let r = at(&c, Indicator::C1, fy(2025)).unwrap();
    assert_eq!(r.verdict, Verdict::Timely);
    assert_eq!(
        (r.due, r.done),
        (Some(d("2025-12-31")), Some(d("2025-12-15")))
    );
    assert_eq!(verdict(&c, Indicator::C1, fy(2024)), Some(Verdict::Timely));
    // The OT start late: the child is late, whatever speech did.
    let mut late = c.clone();
    late.services[2].first_visit = Some(d("2026-01-05"));
    let r = at(&late, Indicator::C1, fy(2025)).unwrap();
    assert_eq!(r.verdict, Verdict::Late);
    assert!(
        r.reason
            .contains("Occupational therapy: started 2026-01-05, 5 days after 2025-12-31"),
        "{}",
        r.reason
    );
}

/// Born 2023-06-15, B3 2026-06-15 (in the 2025 year): window 2025-09-15 to 2026-03-17.
fn toddler() -> CaseFacts {
    let mut f = CaseFacts {
        date_of_birth: d("2023-06-15"),
        phase: Phase::Active,
        referral: Some(Referral {
            received_on: d("2024-01-10"),
            first_contact_on: Some(d("2024-01-11")),
        }),
        eligible_on: Some(d("2024-02-01")),
        initial_ifsp_on: Some(d("2024-02-20")),
        ..Default::default()
    };
    let t = &mut f.transition;
    t.potentially_eligible = Some(true);
    t.plans_with_steps = vec![d("2025-12-01")];
    t.opt_out_informed_on = Some(d("2026-01-10"));
    t.notified_on = Some(d("2026-03-01"));
    t.conference_held_on = Some(d("2026-02-01"));
    f
}

#[test]
fn c8_a_toddler_on_time_on_all_three() {
    let f = toddler();
    for i in [Indicator::C8A, Indicator::C8B, Indicator::C8C] {
        assert_eq!(verdict(&f, i, fy(2025)), Some(Verdict::Timely), "{i:?}");
        assert_eq!(verdict(&f, i, fy(2024)), None, "{i:?}");
    }
}

#[test]
fn c8b_notification_on_day_90_before_age_three_is_on_time_day_89_is_late() {
    let mut f = toddler();
    f.transition.notified_on = Some(d("2026-03-17"));
    let r = at(&f, Indicator::C8B, fy(2025)).unwrap();
    assert_eq!((r.verdict, r.due), (Verdict::Timely, Some(d("2026-03-17"))));
    f.transition.notified_on = Some(d("2026-03-18"));
    let r = at(&f, Indicator::C8B, fy(2025)).unwrap();
    assert_eq!(r.verdict, Verdict::Late);
    assert_eq!(
        r.reason,
        "SEA/LEA notification on 2026-03-18, 1 day after 2026-03-17"
    );
    // Sent before the window opened (2025-09-15): not on time either.
    f.transition.notified_on = Some(d("2025-09-01"));
    assert_eq!(verdict(&f, Indicator::C8B, fy(2025)), Some(Verdict::Late));
}

#[test]
fn c8b_a_family_who_opted_out_is_excluded() {
    let mut f = toddler();
    f.transition.notified_on = None;
    f.transition.objections = vec![Objection {
        decided_on: d("2026-01-20"),
        revoked_on: None,
    }];
    let r = at(&f, Indicator::C8B, fy(2025)).unwrap();
    assert_eq!(r.verdict, Verdict::Excluded);
    assert_eq!(
        r.reason,
        "The family opted out of the SEA/LEA notification in writing on 2026-01-20"
    );
    // The steps and the conference still count.
    assert_eq!(verdict(&f, Indicator::C8A, fy(2025)), Some(Verdict::Timely));
    assert_eq!(verdict(&f, Indicator::C8C, fy(2025)), Some(Verdict::Timely));
}

#[test]
fn c8c_a_family_who_did_not_approve_the_conference_is_excluded_but_reported() {
    let mut f = toddler();
    f.transition.conference_held_on = None;
    f.transition.family_declined_conference = true;
    let mut fig = Figure::new(Indicator::C8C);
    fig.push((), at(&f, Indicator::C8C, fy(2025)).unwrap());
    assert_eq!((fig.numerator, fig.denominator, fig.excluded), (0, 0, 1));
    assert_eq!(fig.percent(), "—");
    assert!(fig.rows[0].1.reason.contains("did not approve"));
    // Not approved and not held is not "late": without the refusal it would be.
    f.transition.family_declined_conference = false;
    assert_eq!(verdict(&f, Indicator::C8C, fy(2025)), Some(Verdict::Late));
}

#[test]
fn a_late_referral_fewer_than_45_days_before_age_three_has_no_45_day_or_transition_count() {
    // Born 2023-10-01, B3 2026-10-01; referred 2026-09-01, 30 days before.
    let f = CaseFacts {
        date_of_birth: d("2023-10-01"),
        referral: Some(Referral {
            received_on: d("2026-09-01"),
            first_contact_on: None,
        }),
        ..Default::default()
    };
    assert_eq!(verdict(&f, Indicator::C7, fy(2026)), None);
    assert_eq!(verdict(&f, Indicator::C1, fy(2026)), None);
    for i in [Indicator::C8A, Indicator::C8B, Indicator::C8C] {
        let r = at(&f, i, fy(2026)).unwrap();
        assert_eq!(r.verdict, Verdict::Excluded, "{i:?}");
        assert!(
            r.reason
                .starts_with("Referred fewer than 45 days before age three")
        );
    }
}

#[test]
fn a_child_who_exited_before_the_period_is_not_counted() {
    let mut f = toddler();
    f.phase = Phase::Closed;
    f.exit_date = Some(d("2025-06-01"));
    for i in Indicator::ALL {
        assert_eq!(at(&f, i, fy(2025)), None, "{i:?}");
    }
    // Left on 2026-01-05, before the deadline of 2026-03-17: listed, excluded.
    f.exit_date = Some(d("2026-01-05"));
    assert_eq!(
        verdict(&f, Indicator::C8A, fy(2025)),
        Some(Verdict::Excluded)
    );
}

#[test]
fn a_leap_day_birthday_moves_the_c8_deadline_with_the_programs_rule() {
    // Born 2024-02-29. Feb 28 rule: B3 2027-02-28, notification due 2026-11-30.
    // Mar 1 rule: B3 2027-03-01, due 2026-12-01.
    let mut f = toddler();
    f.date_of_birth = d("2024-02-29");
    f.referral = Some(Referral {
        received_on: d("2024-06-01"),
        first_contact_on: None,
    });
    f.initial_ifsp_on = Some(d("2024-07-10"));
    f.transition.plans_with_steps = vec![d("2026-10-01")];
    f.transition.conference_held_on = Some(d("2026-10-01"));
    f.transition.notified_on = Some(d("2026-12-01"));
    let feb28 = ProgramRules::default();
    let mar1 = ProgramRules {
        feb29: Feb29Policy::Mar1,
        ..ProgramRules::default()
    };
    let p = fy(2026);
    let r = decide(Indicator::C8B, &f, &feb28, &p, p.to).unwrap();
    assert_eq!((r.verdict, r.due), (Verdict::Late, Some(d("2026-11-30"))));
    let r = decide(Indicator::C8B, &f, &mar1, &p, p.to).unwrap();
    assert_eq!((r.verdict, r.due), (Verdict::Timely, Some(d("2026-12-01"))));
    f.transition.notified_on = Some(d("2026-11-30"));
    let r = decide(Indicator::C8B, &f, &feb28, &p, p.to).unwrap();
    assert_eq!(r.verdict, Verdict::Timely);
}

#[test]
fn a_deadline_still_ahead_is_not_yet_due() {
    // Judged on 2026-01-01, before the 2026-03-17 deadline, with nothing sent.
    let mut f = toddler();
    f.transition.notified_on = None;
    let p = fy(2025);
    let r = decide(
        Indicator::C8B,
        &f,
        &ProgramRules::default(),
        &p,
        d("2026-01-01"),
    )
    .unwrap();
    assert_eq!(r.verdict, Verdict::NotYetDue);
    let r = decide(Indicator::C8B, &f, &ProgramRules::default(), &p, p.to).unwrap();
    assert_eq!(
        (r.verdict, r.reason.as_str()),
        (
            Verdict::Late,
            "SEA/LEA notification: not done; due by 2026-03-17"
        )
    );
}
