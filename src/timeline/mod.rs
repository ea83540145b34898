//! The Part C clocks, as pure functions: dates in, dates out. Every number comes from
//! [`ProgramRules`]; a day is a calendar day (303.9) unless a rule says business days.
//!
//! Conventions: "within N days of X" means on or before X + N days (the day of X is day 0,
//! so a referral received on 1 March has its initial IFSP due by 15 April). "N days before
//! the third birthday" means B3 − N days.
use crate::program::rules::{Feb29Policy, ProgramRules};
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

mod age;
pub mod case;
mod clock;
pub mod facts;
mod transition;

/// A delay's reason is its column's type, so it is defined with the entity.
pub use crate::entities::delay::DelayReason;
pub use age::{Age, age};
pub use case::{CaseFacts, Clocks, Phase, ServiceFacts, TransitionFacts, clocks};
pub use clock::{ClockKind, DueItem, ServiceRef, Warning};
pub use transition::{LateReferral, TransitionDates, late_referral, transition_dates};

#[cfg(test)]
mod tests;

/// `date` plus `months`, clamped to the end of a shorter month (31 Aug + 6 months = 28/29 Feb).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .expect("date within range")
}

/// `date` minus `months`, clamped the same way.
pub fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .expect("date within range")
}

pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date + Duration::days(days)
}

/// Adds business days (Monday to Friday; holidays are not known to Hearth).
pub fn add_business_days(date: NaiveDate, days: i64) -> NaiveDate {
    let mut d = date;
    let mut left = days;
    while left > 0 {
        d = d.succ_opt().expect("date within range");
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

/// The third birthday, with the program's choice for a 29 February birth date.
pub fn third_birthday(dob: NaiveDate, policy: Feb29Policy) -> NaiveDate {
    let year = dob.year() + 3;
    NaiveDate::from_ymd_opt(year, dob.month(), dob.day()).unwrap_or_else(|| match policy {
        Feb29Policy::Feb28 => NaiveDate::from_ymd_opt(year, 2, 28).expect("28 Feb exists"),
        Feb29Policy::Mar1 => NaiveDate::from_ymd_opt(year, 3, 1).expect("1 Mar exists"),
    })
}

/// The date the initial IFSP meeting is due (303.310).
pub fn initial_ifsp_due(referral_received: NaiveDate, rules: &ProgramRules) -> NaiveDate {
    add_days(referral_received, rules.initial_ifsp_days)
}

/// The first-contact target after a referral, in business days.
pub fn first_contact_due(referral_received: NaiveDate, rules: &ProgramRules) -> NaiveDate {
    add_business_days(referral_received, rules.first_contact_business_days)
}

/// The date a newly consented service must start by to be timely.
pub fn service_start_due(consent: NaiveDate, rules: &ProgramRules) -> NaiveDate {
    add_days(consent, rules.timely_services_days)
}

/// The next periodic review, counted from the last IFSP meeting or review.
pub fn review_due(last_review_or_meeting: NaiveDate, rules: &ProgramRules) -> NaiveDate {
    add_months(last_review_or_meeting, rules.review_months)
}

/// The annual IFSP evaluation meeting, counted from the initial IFSP or the last annual one.
pub fn annual_due(last_annual_or_initial: NaiveDate, rules: &ProgramRules) -> NaiveDate {
    add_months(last_annual_or_initial, rules.annual_months)
}

/// Whether a deadline was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compliance {
    /// Done on or before the due date.
    Timely,
    /// Late, for a documented family reason: counts as timely in federal reporting.
    ExcusedDelay,
    /// Late for an agency reason or with no documented reason.
    Late,
    /// Not done, and the due date has not passed.
    Pending,
    /// Not done, and the due date has passed.
    Overdue,
    /// Done before its window opened (a transition conference or notification earlier than
    /// nine months before age three): not on time.
    Early,
    /// Not needed for this child (not potentially eligible for Part B, an objection in
    /// writing, the family declined the conference).
    NotRequired,
}

impl Compliance {
    /// Whether federal reporting counts this as timely.
    pub fn counts_as_timely(self) -> bool {
        matches!(self, Compliance::Timely | Compliance::ExcusedDelay)
    }

    pub fn label(self) -> &'static str {
        match self {
            Compliance::Timely => "On time",
            Compliance::ExcusedDelay => "Late (family reason, counts as timely)",
            Compliance::Late => "Late",
            Compliance::Pending => "Due",
            Compliance::Overdue => "Overdue",
            Compliance::Early => "Done before the window opened",
            Compliance::NotRequired => "Not required",
        }
    }

    /// The state as pages print it in `data-state`, so tests can compare pages.
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Timely => "timely",
            Compliance::ExcusedDelay => "excused",
            Compliance::Late => "late",
            Compliance::Pending => "pending",
            Compliance::Overdue => "overdue",
            Compliance::Early => "early",
            Compliance::NotRequired => "not_required",
        }
    }

    /// Not done and still needed.
    pub fn is_open(self) -> bool {
        matches!(self, Compliance::Pending | Compliance::Overdue)
    }
}

/// Judges a deadline: `done` is when it happened (if it has), `today` is for open items,
/// `delay` is the documented reason for lateness, if any.
pub fn judge(
    due: NaiveDate,
    done: Option<NaiveDate>,
    today: NaiveDate,
    delay: Option<DelayReason>,
) -> Compliance {
    match done {
        Some(d) if d <= due => Compliance::Timely,
        Some(_) if delay.is_some_and(DelayReason::excuses) => Compliance::ExcusedDelay,
        Some(_) => Compliance::Late,
        None if today <= due => Compliance::Pending,
        None => Compliance::Overdue,
    }
}
