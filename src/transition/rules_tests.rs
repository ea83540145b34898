use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The worked example: born 2023-06-15 → B3 2026-06-15; notification and conference due
/// 2026-03-17; earliest conference 2025-09-15; 45-day cutoff 2026-05-01.
const DOB: (i32, u32, u32) = (2023, 6, 15);

fn dob() -> NaiveDate {
    d(DOB.0, DOB.1, DOB.2)
}

#[test]
fn the_workspace_opens_nine_months_before_age_three_or_for_a_late_referral() {
    let r = ProgramRules::default();
    let early_referral = d(2024, 1, 10);
    assert!(!workspace_open(dob(), early_referral, d(2025, 9, 14), &r));
    assert!(workspace_open(dob(), early_referral, d(2025, 9, 15), &r));
    // Referred 135 days before B3 (2026-01-31): open at once; 136 days: not yet.
    assert!(workspace_open(dob(), d(2026, 1, 31), d(2026, 1, 31), &r));
    assert!(!workspace_open(
        d(2023, 6, 16),
        d(2026, 1, 31),
        d(2025, 9, 15),
        &r
    ));
}

#[test]
fn the_notice_waits_for_the_objection_period_and_never_goes_after_an_objection() {
    let r = ProgramRules::default(); // 30 days
    let told = d(2026, 1, 2);
    assert_eq!(
        may_notify(Some(true), false, Some(told), None, d(2026, 2, 1), &r),
        Err(NoticeBlock::PeriodRunning(d(2026, 2, 1)))
    );
    assert_eq!(
        may_notify(Some(true), false, Some(told), None, d(2026, 2, 2), &r),
        Ok(())
    );
    assert_eq!(
        may_notify(Some(true), true, Some(told), None, d(2026, 3, 1), &r),
        Err(NoticeBlock::Objected)
    );
    assert_eq!(
        may_notify(Some(true), false, None, None, d(2026, 3, 1), &r),
        Err(NoticeBlock::NotInformed)
    );
    assert_eq!(
        may_notify(Some(false), false, Some(told), None, d(2026, 3, 1), &r),
        Err(NoticeBlock::NotPotentiallyEligible)
    );
    assert_eq!(
        may_notify(None, false, Some(told), None, d(2026, 3, 1), &r),
        Err(NoticeBlock::NotPotentiallyEligible)
    );
    assert_eq!(
        may_notify(
            Some(true),
            false,
            Some(told),
            Some(d(2026, 2, 3)),
            d(2026, 3, 1),
            &r
        ),
        Err(NoticeBlock::AlreadySent(d(2026, 2, 3)))
    );
}

fn facts() -> Facts {
    Facts {
        dob: dob(),
        referred_on: d(2024, 1, 10),
        potentially_eligible: Some(true),
        objected: false,
        notified_on: None,
        conference_held_on: None,
        family_declined_conference: false,
        steps_planned_on: None,
    }
}

#[test]
fn clocks_at_the_boundary_days() {
    let r = ProgramRules::default();
    let due = d(2026, 3, 17);
    let c = clocks(&facts(), due, &r);
    assert_eq!(c.dates.notification_due, due);
    assert_eq!(
        c.notification,
        Clock::Due(due),
        "the due day itself is not late"
    );
    assert_eq!(c.conference, Clock::Due(due));
    let c = clocks(&facts(), d(2026, 3, 18), &r);
    assert_eq!(c.notification, Clock::Late(due));
    assert_eq!(c.conference, Clock::Late(due));
    assert_eq!(c.steps, Clock::Late(due), "no transition plan yet");

    let mut f = facts();
    f.notified_on = Some(due);
    f.conference_held_on = Some(d(2026, 3, 18));
    let c = clocks(&f, d(2026, 4, 1), &r);
    assert_eq!(
        c.notification,
        Clock::Done {
            on: due,
            late: false
        }
    );
    assert_eq!(
        c.conference,
        Clock::Done {
            on: d(2026, 3, 18),
            late: true
        }
    );
}

#[test]
fn what_is_not_required_is_not_late() {
    let r = ProgramRules::default();
    let after = d(2026, 4, 1);
    let mut f = facts();
    f.objected = true;
    assert_eq!(clocks(&f, after, &r).notification, Clock::NotRequired);
    let mut f = facts();
    f.potentially_eligible = Some(false);
    let c = clocks(&f, after, &r);
    assert_eq!(
        (c.notification, c.conference),
        (Clock::NotRequired, Clock::NotRequired)
    );
    let mut f = facts();
    f.potentially_eligible = None;
    assert_eq!(
        clocks(&f, after, &r).notification,
        Clock::Late(d(2026, 3, 17)),
        "undecided is not 'not required'"
    );
    let mut f = facts();
    f.family_declined_conference = true;
    assert_eq!(clocks(&f, after, &r).conference, Clock::NotRequired);
    // Referred fewer than 45 days before B3 (after 2026-05-01): no plan, no clocks.
    let mut f = facts();
    f.referred_on = d(2026, 5, 2);
    let c = clocks(&f, d(2026, 5, 10), &r);
    assert_eq!(c.late_referral, LateReferral::NoEvaluationRequired);
    assert_eq!(
        (c.notification, c.conference, c.steps),
        (Clock::NotRequired, Clock::NotRequired, Clock::NotRequired)
    );
    // Referred 60 days before B3: the notice is due at once, not at the passed 90-day mark.
    let mut f = facts();
    f.referred_on = d(2026, 4, 16);
    let c = clocks(&f, d(2026, 4, 16), &r);
    assert_eq!(c.late_referral, LateReferral::NotifyAsSoonAsPossible);
    assert_eq!(c.notification, Clock::Due(d(2026, 4, 16)));
}

#[test]
fn a_leap_day_birthday_follows_the_programs_policy() {
    use crate::program::rules::Feb29Policy;
    let leap = d(2024, 2, 29);
    let referred = d(2024, 6, 1);
    let feb28 = ProgramRules::default();
    // B3 = 2027-02-28: the window opens 2026-05-28; the notice is due 90 days before B3.
    assert!(!workspace_open(leap, referred, d(2026, 5, 27), &feb28));
    assert!(workspace_open(leap, referred, d(2026, 5, 28), &feb28));
    let f = Facts {
        dob: leap,
        referred_on: referred,
        ..facts()
    };
    assert_eq!(
        clocks(&f, d(2026, 12, 1), &feb28).dates.notification_due,
        d(2026, 11, 30)
    );
    let mar1 = ProgramRules {
        feb29: Feb29Policy::Mar1,
        ..ProgramRules::default()
    };
    // B3 = 2027-03-01: the window opens 2026-06-01.
    assert!(!workspace_open(leap, referred, d(2026, 5, 31), &mar1));
    assert!(workspace_open(leap, referred, d(2026, 6, 1), &mar1));
    assert_eq!(
        clocks(&f, d(2026, 12, 1), &mar1).dates.notification_due,
        d(2026, 12, 1)
    );
}
