//! C1: every new service started within the program's timely-services rule.
use super::{Decision, Period, Verdict};
use crate::timeline::{CaseFacts, Clocks, Compliance, DueItem};
use std::collections::HashSet;

/// A service is new on the plan that first gives consent to its type (the initial IFSP, or
/// the review that added it); the same type carried into a later plan is not new. A child
/// counts in the period in which a new service's start was due: timely when every such
/// start was (a documented family miss before the deadline counts as timely).
pub(super) fn decide(f: &CaseFacts, c: &Clocks, period: &Period) -> Option<Decision> {
    let mut by_consent: Vec<_> = f.services.iter().collect();
    by_consent.sort_by_key(|s| (s.consent_on, s.id));
    let mut seen = HashSet::new();
    let new: Vec<&DueItem> = by_consent
        .into_iter()
        .filter(|s| seen.insert(s.service_type))
        .filter_map(|s| c.service(s.id))
        .filter(|i| period.contains(i.due))
        // Left before a service was due and never started: it was not required.
        .filter(|i| i.done_on.is_some() || f.exit_date.is_none_or(|e| e > i.due))
        .collect();
    if new.is_empty() {
        return None;
    }
    let line = |i: &DueItem| {
        let what = i.service.as_ref().map_or("Service", |s| {
            crate::entities::Choice::label(s.service_type)
        });
        match (i.status, i.done_on) {
            (Compliance::Timely, Some(on)) => format!("{what}: started {on}, due by {}", i.due),
            (Compliance::ExcusedDelay, Some(on)) => format!(
                "{what}: started {on}, after {}: the family cancelled or missed a visit before the deadline",
                i.due
            ),
            (Compliance::Late, Some(on)) => format!(
                "{what}: started {on}, {} after {} (no family reason documented)",
                super::days(on - i.due),
                i.due
            ),
            (Compliance::Pending, _) => format!("{what}: due by {}", i.due),
            _ => format!("{what}: not started; due by {}", i.due),
        }
    };
    let (verdict, worst) = if let Some(i) = new
        .iter()
        .find(|i| matches!(i.status, Compliance::Late | Compliance::Overdue))
    {
        (Verdict::Late, *i)
    } else if let Some(i) = new.iter().find(|i| i.status == Compliance::Pending) {
        (Verdict::NotYetDue, *i)
    } else if let Some(i) = new.iter().find(|i| i.status == Compliance::ExcusedDelay) {
        (Verdict::FamilyDelay, *i)
    } else {
        (Verdict::Timely, new[0])
    };
    let reason = new.iter().map(|i| line(i)).collect::<Vec<_>>().join("; ");
    Some(Decision::new(verdict, Some(worst), reason))
}
