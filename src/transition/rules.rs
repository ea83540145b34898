//! The transition's rules as pure functions: when the workspace appears, and whether the
//! SEA/LEA notification may go out (the opt-out policy). Where each transition clock stands
//! is the timeline engine's answer, the same as on every other page.
use crate::{
    program::rules::ProgramRules,
    timeline::{LateReferral, late_referral, transition_dates},
};
use chrono::{Duration, NaiveDate};

/// The workspace appears when the child enters the transition window (nine months before
/// age three) or was referred within the transition-at-initial-IFSP period (135 days).
pub fn workspace_open(
    dob: NaiveDate,
    referred_on: NaiveDate,
    today: NaiveDate,
    rules: &ProgramRules,
) -> bool {
    let d = transition_dates(dob, rules);
    today >= d.earliest || late_referral(dob, referred_on, rules) != LateReferral::OnTime
}

/// Why the notification may not be sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeBlock {
    /// Potential Part B eligibility is not recorded as yes.
    NotPotentiallyEligible,
    /// The family objected in writing (an opt-out in force).
    Objected,
    /// The family has not yet been told of the notice and their right to object.
    NotInformed,
    /// The objection period runs until (and including) this day.
    PeriodRunning(NaiveDate),
    AlreadySent(NaiveDate),
}

impl NoticeBlock {
    pub fn message(self) -> String {
        match self {
            NoticeBlock::NotPotentiallyEligible => "Record first that the child is potentially eligible for Part B; the notice is only for those children.".into(),
            NoticeBlock::Objected => "The family objected in writing to the notification; it must not be sent.".into(),
            NoticeBlock::NotInformed => "Record the day the family was told of the notification and of their right to object; the objection period runs from it.".into(),
            NoticeBlock::PeriodRunning(until) => format!(
                "The family may still object until {}; the notification can be sent from the day after.",
                until.format("%a %-d %b %Y")
            ),
            NoticeBlock::AlreadySent(on) => format!("The notification was sent on {}.", on.format("%a %-d %b %Y")),
        }
    }
}

/// The notice may go out when the child is potentially eligible, the family has not
/// objected, and the objection period — `lea_opt_out_days` from the day they were told,
/// that last day included — has passed.
pub fn may_notify(
    potentially_eligible: Option<bool>,
    objected: bool,
    informed_on: Option<NaiveDate>,
    notified_on: Option<NaiveDate>,
    today: NaiveDate,
    rules: &ProgramRules,
) -> Result<(), NoticeBlock> {
    if let Some(on) = notified_on {
        return Err(NoticeBlock::AlreadySent(on));
    }
    if potentially_eligible != Some(true) {
        return Err(NoticeBlock::NotPotentiallyEligible);
    }
    if objected {
        return Err(NoticeBlock::Objected);
    }
    let informed = informed_on.ok_or(NoticeBlock::NotInformed)?;
    let last_day = informed + Duration::days(rules.lea_opt_out_days);
    if today <= last_day {
        return Err(NoticeBlock::PeriodRunning(last_day));
    }
    Ok(())
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
