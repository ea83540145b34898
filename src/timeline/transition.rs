//! Transition at age three (303.209).
use super::{
    ClockKind, Compliance, DueItem, Warning, add_days,
    case::{CaseFacts, TransitionFacts},
    initial_ifsp_due, judge, sub_months, third_birthday,
};
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

/// The transition's items: the plan, the family's opt-out notice, the SEA/LEA notification,
/// the conference; or, referred fewer than 45 days before age three, the referral to the
/// school district alone.
///
/// Referred 45–90 days before age three, the notification and the conference are due "as
/// soon as possible after the eligibility determination" (303.209(b)(1)(ii)): on the day the
/// team confirmed eligibility, and until then on the initial IFSP's 45-day date. The
/// transition plan is then written into the initial IFSP, so it is due with it.
pub(super) fn transition_items(
    f: &CaseFacts,
    dates: &TransitionDates,
    class: Option<LateReferral>,
    rules: &ProgramRules,
    today: NaiveDate,
) -> Vec<DueItem> {
    let t = &f.transition;
    match class {
        Some(LateReferral::NoEvaluationRequired) => {
            // Part C ends the day before the third birthday: refer by then.
            let due = add_days(dates.third_birthday, -1);
            let done = t.lea_referral_on;
            return vec![DueItem::new(
                ClockKind::LeaReferral,
                due,
                done,
                judge(due, done, today, None),
            )];
        }
        Some(LateReferral::PastThirdBirthday) => return Vec::new(),
        _ => {}
    }
    let asap = match (class, f.referral) {
        (Some(LateReferral::NotifyAsSoonAsPossible), Some(r)) => Some(
            f.eligible_on
                .unwrap_or(initial_ifsp_due(r.received_on, rules)),
        ),
        _ => None,
    };
    let mut items = Vec::new();

    // The plan: a signed IFSP with transition steps, established inside the window.
    let plan_due = match (asap, f.referral) {
        (Some(_), Some(r)) => initial_ifsp_due(r.received_on, rules),
        _ => dates.latest,
    };
    let planned = t
        .plans_with_steps
        .iter()
        .copied()
        .filter(|d| *d >= dates.earliest)
        .min();
    items.push(DueItem::new(
        ClockKind::TransitionPlan,
        plan_due,
        planned,
        judge(plan_due, planned, today, None),
    ));

    // Until the team records Part B potential, the notice and conference count as needed:
    // an undecided child must not look "not required".
    let potential = t.potentially_eligible != Some(false);
    let objected = t.objected(today);
    let notice_due = asap.unwrap_or(dates.notification_due);
    if potential && !objected && rules.lea_opt_out_days > 0 {
        items.push(opt_out_notice(t, notice_due, asap.is_some(), rules, today));
    }
    items.push(windowed(
        ClockKind::LeaNotification,
        notice_due,
        asap.is_some(),
        t.notified_on,
        potential && !objected,
        dates,
        today,
    ));
    items.push(windowed(
        ClockKind::TransitionConference,
        asap.unwrap_or(dates.latest),
        asap.is_some(),
        t.conference_held_on,
        potential && !t.family_declined_conference,
        dates,
        today,
    ));
    items
}

/// The family must be told of the notification and of their right to object early enough
/// that the objection period (`lea_opt_out_days`, its last day included) ends the day before
/// the notification deadline: due `lea_opt_out_days + 1` days before it. Told on 14 February
/// with 30 days, they may object through 16 March and the notice goes on 17 March. For a late
/// referral the family is told as soon as possible, with the notification.
fn opt_out_notice(
    t: &TransitionFacts,
    notice_due: NaiveDate,
    asap: bool,
    rules: &ProgramRules,
    today: NaiveDate,
) -> DueItem {
    let days = rules.lea_opt_out_days;
    let due = if asap {
        notice_due
    } else {
        add_days(notice_due, -(days + 1))
    };
    let told = t.opt_out_informed_on;
    let status = match (told, asap) {
        (Some(_), true) => Compliance::Timely,
        _ => judge(due, told, today, None),
    };
    let mut item = DueItem::new(ClockKind::OptOutNotice, due, told, status);
    item.asap = asap;
    // Warn while the notification is still to send and the period would end too late.
    let from = told.unwrap_or(today);
    let first_send = add_days(from, days + 1);
    if t.notified_on.is_none() && first_send > notice_due && (told.is_some() || today > due) {
        item.warnings.push(Warning::OptOutTooLate {
            told: told.is_some(),
            period_ends: add_days(from, days),
            first_send,
            deadline: notice_due,
        });
    }
    item
}

/// A notification or a conference: due by its deadline, not before the window opens. Done
/// early is flagged and not on time; done late is flagged too. An "as soon as possible" item
/// has no later deadline: once done, it is done.
fn windowed(
    clock: ClockKind,
    due: NaiveDate,
    asap: bool,
    done: Option<NaiveDate>,
    required: bool,
    dates: &TransitionDates,
    today: NaiveDate,
) -> DueItem {
    let status = match done {
        Some(on) if on < dates.earliest => Compliance::Early,
        Some(_) if asap => Compliance::Timely,
        Some(_) => judge(due, done, today, None),
        None if !required => Compliance::NotRequired,
        None => judge(due, None, today, None),
    };
    let mut item = DueItem::new(clock, due, done, status);
    item.asap = asap;
    match (status, done) {
        (Compliance::Early, _) => item.warnings.push(Warning::BeforeWindow {
            opened: dates.earliest,
        }),
        (Compliance::Late, Some(_)) => item.warnings.push(Warning::AfterDeadline { deadline: due }),
        _ => {}
    }
    item
}

#[cfg(test)]
#[path = "transition_tests.rs"]
mod tests;
