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

#[test]
fn a_leap_day_birthday_follows_the_programs_policy() {
    use crate::program::rules::Feb29Policy;
    let leap = d(2024, 2, 29);
    let referred = d(2024, 6, 1);
    let feb28 = ProgramRules::default();
    // B3 = 2027-02-28: the window opens 2026-05-28.
    assert!(!workspace_open(leap, referred, d(2026, 5, 27), &feb28));
    assert!(workspace_open(leap, referred, d(2026, 5, 28), &feb28));
    let mar1 = ProgramRules {
        feb29: Feb29Policy::Mar1,
        ..ProgramRules::default()
    };
    // B3 = 2027-03-01: the window opens 2026-06-01.
    assert!(!workspace_open(leap, referred, d(2026, 5, 31), &mar1));
    assert!(workspace_open(leap, referred, d(2026, 6, 1), &mar1));
}
