//! C7: the initial IFSP meeting within 45 days of the referral (303.310).
use super::{Decision, Period, Verdict, judged};
use crate::timeline::{CaseFacts, ClockKind, Clocks, Compliance, DelayReason, Phase};

/// Counted in the period its 45-day date falls in. No item means no IFSP was required
/// (no referral, or referred fewer than 45 days before age three).
pub(super) fn decide(f: &CaseFacts, c: &Clocks, period: &Period) -> Option<Decision> {
    let item = c.item(ClockKind::InitialIfsp)?;
    if !period.contains(item.due) {
        return None;
    }
    let eligible = f.eligible_on.is_some() || item.done_on.is_some();
    if !eligible {
        if f.exit_date.is_some() || f.phase == Phase::Closed {
            // Found not eligible, or left before eligibility: no IFSP was required.
            return None;
        }
        if item.status == Compliance::Overdue {
            return Some(Decision::new(
                Verdict::Excluded,
                Some(item),
                format!(
                    "Eligibility not yet decided; the initial IFSP was due by {}",
                    item.due
                ),
            ));
        }
    }
    if item.done_on.is_none()
        && let Some(exit) = f.exit_date.filter(|e| *e <= item.due)
    {
        return Some(Decision::new(
            Verdict::Excluded,
            Some(item),
            format!("Exited on {exit}, before the meeting was due"),
        ));
    }
    let mut d = judged(item, "Initial IFSP meeting");
    // The engine also excuses "no consent despite documented attempts": name the reason.
    if let (Verdict::FamilyDelay, Some(r @ DelayReason::ConsentAttempts)) =
        (d.verdict, f.initial_ifsp_delay)
    {
        let label = crate::entities::Choice::label(r);
        d.reason = format!(
            "Initial IFSP meeting on {}, after {}: {label}",
            fmt_day(item),
            item.due
        );
    }
    if d.verdict == Verdict::Late {
        d.reason.push_str(match f.initial_ifsp_delay {
            Some(DelayReason::Agency) => " (program or agency reason: not excused)",
            _ => " (no documented family reason)",
        });
    }
    Some(d)
}

fn fmt_day(item: &crate::timeline::DueItem) -> String {
    item.done_on
        .map_or_else(|| "—".to_owned(), |d| d.to_string())
}
