//! Chronological and adjusted age.
use crate::program::rules::ProgramRules;
use chrono::{Datelike, Duration, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Age {
    /// Whole months since birth.
    pub months: u32,
    /// Remaining days after the whole months.
    pub days: u32,
    /// Whole months of age adjusted for prematurity, when the rules call for it.
    pub adjusted_months: Option<u32>,
}

impl Age {
    /// The age used for eligibility and activities: adjusted when it applies.
    pub fn effective_months(&self) -> u32 {
        self.adjusted_months.unwrap_or(self.months)
    }

    pub fn describe(&self) -> String {
        let base = format!("{} mo {} d", self.months, self.days);
        match self.adjusted_months {
            Some(a) => format!("{base} (adjusted {a} mo)"),
            None => base,
        }
    }
}

/// Whole months and days from `from` to `to` (0 if `to` is before `from`).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> (u32, u32) {
    if to < from {
        return (0, 0);
    }
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        months -= 1;
    }
    let months = months.max(0) as u32;
    let anchor = super::add_months(from, months);
    (months, (to - anchor).num_days().max(0) as u32)
}

/// Age on `on`. Adjusted for prematurity when born before the configured gestational
/// week and still younger than the configured cut-off (chronologically).
pub fn age(
    dob: NaiveDate,
    gestational_weeks: Option<u32>,
    on: NaiveDate,
    rules: &ProgramRules,
) -> Age {
    let (months, days) = months_between(dob, on);
    let adjusted_months = gestational_weeks
        .filter(|w| *w < rules.premature_before_weeks && months < rules.adjust_age_until_months)
        .map(|w| {
            let early = Duration::weeks(40_i64 - i64::from(w));
            months_between(dob + early, on).0
        });
    Age {
        months,
        days,
        adjusted_months,
    }
}
