//! The transition's rules as pure functions: when the workspace appears, where each clock
//! stands, and whether the SEA/LEA notification may go out (the opt-out policy).
use crate::{
    program::rules::ProgramRules,
    timeline::{LateReferral, TransitionDates, late_referral, transition_dates},
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

/// Where one transition clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Not needed for this child (not potentially eligible, the family objected or declined).
    NotRequired,
    Done {
        on: NaiveDate,
        late: bool,
    },
    /// Not done, due on this day (today or later).
    Due(NaiveDate),
    /// Not done and the day has passed.
    Late(NaiveDate),
}

impl Clock {
    pub fn of(done: Option<NaiveDate>, due: NaiveDate, today: NaiveDate, required: bool) -> Clock {
        match (done, required) {
            (Some(on), _) => Clock::Done { on, late: on > due },
            (None, false) => Clock::NotRequired,
            (None, true) if today > due => Clock::Late(due),
            (None, true) => Clock::Due(due),
        }
    }

    pub fn label(self) -> String {
        let f = |d: NaiveDate| d.format("%a %-d %b %Y").to_string();
        match self {
            Clock::NotRequired => "Not required".into(),
            Clock::Done { on, late: false } => format!("Done {}", f(on)),
            Clock::Done { on, late: true } => format!("Done late, {}", f(on)),
            Clock::Due(d) => format!("Due by {}", f(d)),
            Clock::Late(d) => format!("Late: was due {}", f(d)),
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Clock::NotRequired | Clock::Done { late: false, .. } => "badge badge-ok",
            Clock::Due(_) => "badge badge-due",
            Clock::Done { late: true, .. } | Clock::Late(_) => "badge badge-overdue",
        }
    }
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

/// The clocks of the workspace.
pub struct Clocks {
    pub dates: TransitionDates,
    pub late_referral: LateReferral,
    pub notification: Clock,
    pub conference: Clock,
    /// The transition plan: steps and services in a signed IFSP.
    pub steps: Clock,
}

pub struct Facts {
    pub dob: NaiveDate,
    pub referred_on: NaiveDate,
    pub potentially_eligible: Option<bool>,
    pub objected: bool,
    pub notified_on: Option<NaiveDate>,
    pub conference_held_on: Option<NaiveDate>,
    pub family_declined_conference: bool,
    /// The meeting date of the first signed IFSP with transition steps and services (the
    /// transition plan; C8A).
    pub steps_planned_on: Option<NaiveDate>,
}

pub fn clocks(f: &Facts, today: NaiveDate, rules: &ProgramRules) -> Clocks {
    let dates = transition_dates(f.dob, rules);
    let lr = late_referral(f.dob, f.referred_on, rules);
    // Until the team records Part B potential, the notice and conference count as needed:
    // an undecided child must not look "not required".
    let eligible = f.potentially_eligible != Some(false);
    // Referred 45–90 days before age three: "as soon as possible", so the due day is the
    // referral day itself (shown as late only in the sense that it should go out now).
    let notice_due = match lr {
        LateReferral::NotifyAsSoonAsPossible => f.referred_on.max(dates.notification_due),
        _ => dates.notification_due,
    };
    let no_plan_needed = matches!(
        lr,
        LateReferral::NoEvaluationRequired | LateReferral::PastThirdBirthday
    );
    Clocks {
        notification: Clock::of(
            f.notified_on,
            notice_due,
            today,
            eligible && !f.objected && !no_plan_needed,
        ),
        conference: Clock::of(
            f.conference_held_on,
            dates.latest,
            today,
            eligible && !f.family_declined_conference && !no_plan_needed,
        ),
        steps: Clock::of(f.steps_planned_on, dates.latest, today, !no_plan_needed),
        dates,
        late_referral: lr,
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
