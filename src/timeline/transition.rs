//! Transition at age three (303.209).
use super::{add_days, sub_months, third_birthday};
use crate::program::rules::ProgramRules;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitionDates {
    pub third_birthday: NaiveDate,
    /// The transition conference may be held from this day (with everyone's agreement).
    /// It is the earliest allowed date, not a deadline.
    pub earliest: NaiveDate,
    /// The transition plan and conference are due by this day.
    pub latest: NaiveDate,
    /// The SEA/LEA notification is due by this day.
    pub notification_due: NaiveDate,
    /// The last referral date that still needs an evaluation and initial IFSP; referred
    /// after it (fewer than 45 days before B3), none is required.
    pub referral_cutoff: NaiveDate,
}

pub fn transition_dates(dob: NaiveDate, rules: &ProgramRules) -> TransitionDates {
    let b3 = third_birthday(dob, rules.feb29);
    TransitionDates {
        third_birthday: b3,
        earliest: sub_months(b3, rules.transition_earliest_months),
        latest: add_days(b3, -rules.transition_latest_days),
        notification_due: add_days(b3, -rules.lea_notification_days),
        referral_cutoff: add_days(b3, -rules.no_evaluation_days),
    }
}

/// How a referral's timing shapes the case (303.209(b)(1)(ii), (iii); 303.303).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LateReferral {
    /// More than 135 days before B3: the ordinary path.
    OnTime,
    /// Within 135 days of B3: plan the transition at the initial IFSP.
    PlanAtInitialIfsp,
    /// 45 to 90 days before B3: notify the SEA/LEA as soon as possible after eligibility.
    NotifyAsSoonAsPossible,
    /// Fewer than 45 days before B3: no evaluation or IFSP is required; with consent,
    /// refer to the LEA.
    NoEvaluationRequired,
    /// Referred on or after the third birthday: not a Part C referral.
    PastThirdBirthday,
}

impl LateReferral {
    pub fn label(self) -> &'static str {
        match self {
            LateReferral::OnTime => "Referred in time for the full transition timeline",
            LateReferral::PlanAtInitialIfsp => {
                "Referred within 135 days of age three: plan the transition at the initial IFSP"
            }
            LateReferral::NotifyAsSoonAsPossible => {
                "Referred 45–90 days before age three: if eligible, notify the school district as soon as possible"
            }
            LateReferral::NoEvaluationRequired => {
                "Referred fewer than 45 days before age three: no evaluation or IFSP required; with consent, refer to the school district"
            }
            LateReferral::PastThirdBirthday => {
                "Referred on or after the third birthday: not eligible for Part C"
            }
        }
    }
}

pub fn late_referral(dob: NaiveDate, referral: NaiveDate, rules: &ProgramRules) -> LateReferral {
    let b3 = third_birthday(dob, rules.feb29);
    let days_before = (b3 - referral).num_days();
    if days_before <= 0 {
        LateReferral::PastThirdBirthday
    } else if days_before < rules.no_evaluation_days {
        LateReferral::NoEvaluationRequired
    } else if days_before <= rules.lea_notification_days {
        LateReferral::NotifyAsSoonAsPossible
    } else if days_before <= rules.transition_at_initial_days {
        LateReferral::PlanAtInitialIfsp
    } else {
        LateReferral::OnTime
    }
}
