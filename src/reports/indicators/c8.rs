//! C8A/B/C: transition at age three (303.209), each due at least 90 days and at most nine
//! months before the third birthday, judged by the engine's transition items.
use super::{Decision, Indicator, Period, Verdict, judged};
use crate::timeline::{CaseFacts, ClockKind, Clocks, LateReferral};
use chrono::NaiveDate;

/// The toddlers exiting at three: third birthday in the period, with an IFSP. Referred
/// fewer than 45 days before age three there is no transition timeline (listed, excluded);
/// a toddler who left before the transition deadline is excluded too.
pub(super) fn decide(
    indicator: Indicator,
    f: &CaseFacts,
    c: &Clocks,
    period: &Period,
    as_of: NaiveDate,
) -> Option<Decision> {
    if !period.contains(c.dates.third_birthday) {
        return None;
    }
    if let Some(class @ (LateReferral::NoEvaluationRequired | LateReferral::PastThirdBirthday)) =
        c.late_referral
    {
        return Some(excluded(class.label()));
    }
    f.initial_ifsp_on?;
    if let Some(exit) = f.exit_date.filter(|e| *e < c.dates.latest) {
        return Some(excluded(format!(
            "Exited on {exit}, before the transition deadline {}",
            c.dates.latest
        )));
    }
    let t = &f.transition;
    let not_potential = t.potentially_eligible == Some(false);
    let (clock, what) = match indicator {
        Indicator::C8A => (ClockKind::TransitionPlan, "Transition steps in the IFSP"),
        Indicator::C8B => {
            if not_potential {
                return Some(excluded("Not potentially eligible for Part B"));
            }
            if let Some(o) = t
                .objections
                .iter()
                .find(|o| o.decided_on <= as_of && o.revoked_on.is_none_or(|r| r > as_of))
            {
                return Some(excluded(format!(
                    "The family opted out of the SEA/LEA notification in writing on {}",
                    o.decided_on
                )));
            }
            (ClockKind::LeaNotification, "SEA/LEA notification")
        }
        _ => {
            if not_potential {
                return Some(excluded("Not potentially eligible for Part B"));
            }
            if t.family_declined_conference {
                return Some(excluded(
                    "The family did not approve a transition conference (reported, not counted)",
                ));
            }
            (ClockKind::TransitionConference, "Transition conference")
        }
    };
    let item = c.item(clock)?;
    Some(judged(item, what))
}

fn excluded(reason: impl Into<String>) -> Decision {
    Decision {
        verdict: Verdict::Excluded,
        due: None,
        done: None,
        reason: reason.into(),
    }
}
