//! Everything due on one case, computed from its facts: the list a coordinator works from.
use super::{
    Compliance, DelayReason, LateReferral, annual_due, first_contact_due, initial_ifsp_due, judge,
    late_referral, review_due, transition_dates,
};
use crate::program::rules::ProgramRules;
use chrono::NaiveDate;

/// Where the case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Referred or being evaluated: intake clocks run.
    Intake,
    /// Eligible, with or without an IFSP yet.
    Active,
    /// Not eligible or exited: no clocks.
    Closed,
}

/// The facts the clocks need. Later records (reviews, transition steps) fill more fields.
#[derive(Debug, Clone, Default)]
pub struct CaseFacts {
    pub date_of_birth: Option<NaiveDate>,
    pub phase: Option<Phase>,
    pub referral_received: Option<NaiveDate>,
    pub first_contact_on: Option<NaiveDate>,
    pub initial_ifsp_on: Option<NaiveDate>,
    pub initial_ifsp_delay: Option<DelayReason>,
    pub last_review_on: Option<NaiveDate>,
    pub last_annual_on: Option<NaiveDate>,
    pub lea_notified_on: Option<NaiveDate>,
    pub transition_conference_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub key: &'static str,
    pub label: &'static str,
    pub due: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub status: Compliance,
}

impl DueItem {
    pub fn is_open(&self) -> bool {
        matches!(self.status, Compliance::Pending | Compliance::Overdue)
    }
}

/// Every clock on the case, open ones first: overdue, then by due date.
pub fn due_items(f: &CaseFacts, rules: &ProgramRules, today: NaiveDate) -> Vec<DueItem> {
    let (Some(dob), Some(phase)) = (f.date_of_birth, f.phase) else {
        return Vec::new();
    };
    if phase == Phase::Closed {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut push = |key, label, due, done_on: Option<NaiveDate>, delay| {
        items.push(DueItem {
            key,
            label,
            due,
            done_on,
            status: judge(due, done_on, today, delay),
        });
    };
    let class = f.referral_received.map(|r| late_referral(dob, r, rules));
    let needs_ifsp = !matches!(
        class,
        Some(LateReferral::NoEvaluationRequired | LateReferral::PastThirdBirthday)
    );

    if let Some(received) = f.referral_received {
        if phase == Phase::Intake || f.first_contact_on.is_some() {
            push(
                "first_contact",
                "First contact with the family",
                first_contact_due(received, rules),
                f.first_contact_on,
                None,
            );
        }
        if needs_ifsp {
            push(
                "initial_ifsp",
                "Initial IFSP meeting (45 days)",
                initial_ifsp_due(received, rules),
                f.initial_ifsp_on,
                f.initial_ifsp_delay,
            );
        }
    }
    if phase == Phase::Active
        && let Some(initial) = f.initial_ifsp_on
    {
        push(
            "review",
            "Six-month review",
            review_due(f.last_review_on.unwrap_or(initial), rules),
            None,
            None,
        );
        push(
            "annual",
            "Annual IFSP meeting",
            annual_due(f.last_annual_on.unwrap_or(initial), rules),
            None,
            None,
        );
    }
    if needs_ifsp {
        let t = transition_dates(dob, rules);
        // Referred 45–90 days before age three: the 90-day dates have passed or nearly so;
        // the law asks for notification as soon as possible, which Hearth pins to the
        // initial IFSP due date.
        let asap = match (class, f.referral_received) {
            (Some(LateReferral::NotifyAsSoonAsPossible), Some(r)) => {
                Some(initial_ifsp_due(r, rules))
            }
            _ => None,
        };
        push(
            "lea_notification",
            "Notify the school district (LEA/SEA)",
            asap.unwrap_or(t.notification_due),
            f.lea_notified_on,
            None,
        );
        push(
            "transition_conference",
            "Transition plan and conference",
            asap.unwrap_or(t.latest),
            f.transition_conference_on,
            None,
        );
    }
    items.sort_by_key(|i| {
        (
            !matches!(i.status, Compliance::Overdue),
            !i.is_open(),
            i.due,
        )
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn intake(dob: &str, received: &str) -> CaseFacts {
        CaseFacts {
            date_of_birth: Some(d(dob)),
            phase: Some(Phase::Intake),
            referral_received: Some(d(received)),
            ..Default::default()
        }
    }

    fn keys(items: &[DueItem]) -> Vec<&str> {
        items.iter().map(|i| i.key).collect()
    }

    #[test]
    fn a_new_referral_has_first_contact_ifsp_and_transition_clocks() {
        let items = due_items(
            &intake("2025-06-01", "2026-11-02"),
            &ProgramRules::default(),
            d("2026-11-23"),
        );
        assert_eq!(
            keys(&items),
            [
                "first_contact",
                "initial_ifsp",
                "lea_notification",
                "transition_conference"
            ]
        );
        assert_eq!(items[0].status, Compliance::Overdue);
        assert_eq!(items[0].due, d("2026-11-04"));
        assert_eq!(items[1].due, d("2026-12-17"));
        assert_eq!(items[1].status, Compliance::Pending);
    }

    #[test]
    fn a_referral_44_days_before_age_three_needs_no_ifsp_or_transition_clock() {
        let items = due_items(
            &intake("2023-06-15", "2026-05-02"),
            &ProgramRules::default(),
            d("2026-05-03"),
        );
        assert_eq!(keys(&items), ["first_contact"]);
        let items = due_items(
            &intake("2023-06-15", "2026-05-01"),
            &ProgramRules::default(),
            d("2026-05-03"),
        );
        assert_eq!(
            keys(&items),
            [
                "first_contact",
                "initial_ifsp",
                "lea_notification",
                "transition_conference"
            ]
        );
        // Referred 45–90 days before: notification pinned to the 45-day date (1 May + 45 days).
        assert_eq!(items[2].due, d("2026-06-15"));
    }

    #[test]
    fn an_active_child_has_review_and_annual_from_the_initial_ifsp() {
        let f = CaseFacts {
            date_of_birth: Some(d("2025-01-10")),
            phase: Some(Phase::Active),
            referral_received: Some(d("2026-01-05")),
            first_contact_on: Some(d("2026-01-06")),
            initial_ifsp_on: Some(d("2026-02-25")),
            initial_ifsp_delay: Some(DelayReason::ExceptionalFamilyCircumstances),
            ..Default::default()
        };
        let items = due_items(&f, &ProgramRules::default(), d("2026-11-23"));
        let get = |k| items.iter().find(|i| i.key == k).unwrap();
        assert_eq!(get("initial_ifsp").status, Compliance::ExcusedDelay);
        assert_eq!(get("first_contact").status, Compliance::Timely);
        assert_eq!(get("review").due, d("2026-08-25"));
        assert_eq!(get("review").status, Compliance::Overdue);
        assert_eq!(get("annual").due, d("2027-02-25"));
        assert_eq!(items[0].key, "review", "overdue first");
    }

    #[test]
    fn closed_cases_have_no_clocks() {
        let mut f = intake("2025-06-01", "2026-11-02");
        f.phase = Some(Phase::Closed);
        assert!(due_items(&f, &ProgramRules::default(), d("2026-11-23")).is_empty());
    }
}
