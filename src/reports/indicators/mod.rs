//! The federal indicators, child by child: for one child's facts and a reporting period,
//! is the child in the denominator, in the numerator, and why. Every due date and every
//! "met or not" comes from the clock engine ([`timeline::case::for_reporting`]); these
//! functions only decide who counts in which period.
use crate::{
    program::rules::ProgramRules,
    timeline::{self, CaseFacts, Clocks, Compliance, DueItem},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod c1;
pub mod c2;
pub mod c3;
pub mod c4;
pub mod c5c6;
mod c7;
mod c8;
pub mod t618;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_c2;
#[cfg(test)]
mod tests_c3;
#[cfg(test)]
mod tests_c4;

/// A reporting period, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The federal reporting year (1 July – 30 June) that contains `today`.
    pub fn federal_year(today: NaiveDate) -> Period {
        use chrono::Datelike;
        let start = if today.month() >= 7 {
            today.year()
        } else {
            today.year() - 1
        };
        Period {
            from: NaiveDate::from_ymd_opt(start, 7, 1).expect("1 July exists"),
            to: NaiveDate::from_ymd_opt(start + 1, 6, 30).expect("30 June exists"),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Open clocks are judged on the period's last day, or today while it runs.
    pub fn as_of(&self, today: NaiveDate) -> NaiveDate {
        Ord::min(self.to, today)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Indicator {
    C7,
    C1,
    C8A,
    C8B,
    C8C,
}

impl Indicator {
    pub const ALL: [Indicator; 5] = [
        Indicator::C7,
        Indicator::C1,
        Indicator::C8A,
        Indicator::C8B,
        Indicator::C8C,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Indicator::C7 => "c7",
            Indicator::C1 => "c1",
            Indicator::C8A => "c8a",
            Indicator::C8B => "c8b",
            Indicator::C8C => "c8c",
        }
    }

    pub fn from_key(key: &str) -> Option<Indicator> {
        Indicator::ALL.into_iter().find(|i| i.key() == key)
    }

    pub fn code(self) -> &'static str {
        match self {
            Indicator::C7 => "C7",
            Indicator::C1 => "C1",
            Indicator::C8A => "C8A",
            Indicator::C8B => "C8B",
            Indicator::C8C => "C8C",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Indicator::C7 => "45-day timeline: initial IFSP meeting within 45 days of referral",
            Indicator::C1 => "Timely services: every new service started on time",
            Indicator::C8A => "Transition steps and services in the IFSP on time",
            Indicator::C8B => "SEA/LEA notification on time (families who opted out excluded)",
            Indicator::C8C => {
                "Transition conference on time (families who did not approve excluded)"
            }
        }
    }

    /// Which children the denominator is drawn from, in words.
    pub fn population(self) -> &'static str {
        match self {
            Indicator::C7 => {
                "Eligible children whose initial IFSP meeting was due in the period (45 days from the referral)"
            }
            Indicator::C1 => {
                "Children with a new service (the first consent to its type) whose timely start was due in the period"
            }
            Indicator::C8A | Indicator::C8B | Indicator::C8C => {
                "Toddlers with an IFSP whose third birthday falls in the period and who were still served at the transition deadline"
            }
        }
    }
}

/// Where one child counts for one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// In the numerator and the denominator.
    Timely,
    /// Late for documented exceptional family circumstances: in both, and its own number.
    FamilyDelay,
    /// In the denominator only.
    Late,
    /// Outside the denominator, listed with the reason (an opt-out, a declined conference).
    Excluded,
    /// The deadline has not come yet: not counted.
    NotYetDue,
}

impl Verdict {
    pub fn in_denominator(self) -> bool {
        matches!(self, Verdict::Timely | Verdict::FamilyDelay | Verdict::Late)
    }

    pub fn in_numerator(self) -> bool {
        matches!(self, Verdict::Timely | Verdict::FamilyDelay)
    }

    pub fn key(self) -> &'static str {
        match self {
            Verdict::Timely => "timely",
            Verdict::FamilyDelay => "family_delay",
            Verdict::Late => "late",
            Verdict::Excluded => "excluded",
            Verdict::NotYetDue => "not_yet_due",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Timely => "On time",
            Verdict::FamilyDelay => "Family delay (counts as timely)",
            Verdict::Late => "Late",
            Verdict::Excluded => "Excluded",
            Verdict::NotYetDue => "Not yet due",
        }
    }
}

/// One child's answer for one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub verdict: Verdict,
    pub due: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    pub reason: String,
}

impl Decision {
    fn new(verdict: Verdict, item: Option<&DueItem>, reason: impl Into<String>) -> Self {
        Decision {
            verdict,
            due: item.map(|i| i.due),
            done: item.and_then(|i| i.done_on),
            reason: reason.into(),
        }
    }
}

/// Where the child counts for `indicator` in `period`; `None` when the child is not in
/// that indicator's population at all (not listed).
pub fn decide(
    indicator: Indicator,
    f: &CaseFacts,
    rules: &ProgramRules,
    period: &Period,
    as_of: NaiveDate,
) -> Option<Decision> {
    decide_with(
        indicator,
        f,
        &timeline::case::for_reporting(f, rules, as_of),
        period,
        as_of,
    )
}

/// [`decide`] with the clocks already computed (one engine run per child for all five).
pub fn decide_with(
    indicator: Indicator,
    f: &CaseFacts,
    c: &Clocks,
    period: &Period,
    as_of: NaiveDate,
) -> Option<Decision> {
    // A child who left before the period began is in none of its counts.
    if f.exit_date.is_some_and(|e| e < period.from) {
        return None;
    }
    match indicator {
        Indicator::C7 => c7::decide(f, c, period),
        Indicator::C1 => c1::decide(f, c, period),
        Indicator::C8A | Indicator::C8B | Indicator::C8C => {
            c8::decide(indicator, f, c, period, as_of)
        }
    }
}

/// The engine's judgment of one item as a verdict, with the dates in words.
fn judged(item: &DueItem, what: &str) -> Decision {
    let due = item.due;
    let (verdict, reason) = match (item.status, item.done_on) {
        (Compliance::Timely, Some(on)) => {
            (Verdict::Timely, format!("{what} on {on}, due by {due}"))
        }
        (Compliance::Timely, None) => (Verdict::Timely, format!("{what} on time")),
        (Compliance::ExcusedDelay, _) => (
            Verdict::FamilyDelay,
            format!(
                "{what} on {}, after {due}: documented exceptional family circumstances",
                fmt(item.done_on)
            ),
        ),
        (Compliance::Late, Some(on)) => (
            Verdict::Late,
            format!("{what} on {on}, {} after {due}", days(on - due)),
        ),
        (Compliance::Early, Some(on)) => (
            Verdict::Late,
            format!("{what} on {on}, before the window opened (not on time)"),
        ),
        (Compliance::Pending, _) => (Verdict::NotYetDue, format!("{what} due by {due}")),
        (Compliance::NotRequired, _) => (Verdict::Excluded, format!("{what} not required")),
        // Not "by {as_of}": an answer holds until something changes (reports::store), and
        // the page names the day it was judged on.
        _ => (Verdict::Late, format!("{what}: not done; due by {due}")),
    };
    Decision::new(verdict, Some(item), reason)
}

fn days(d: chrono::Duration) -> String {
    match d.num_days() {
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

fn fmt(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

/// One indicator's numbers, with the children behind them.
#[derive(Debug, Clone, Serialize)]
pub struct Figure<R> {
    pub indicator: Indicator,
    pub numerator: usize,
    pub denominator: usize,
    /// Documented exceptional family circumstances (in both numbers above).
    pub family_delays: usize,
    pub late: usize,
    /// Outside the denominator but reported (opt-outs, conferences not approved, …).
    pub excluded: usize,
    pub not_yet_due: usize,
    #[serde(skip)]
    pub rows: Vec<(R, Decision)>,
}

impl<R> Figure<R> {
    pub fn new(indicator: Indicator) -> Self {
        Figure {
            indicator,
            numerator: 0,
            denominator: 0,
            family_delays: 0,
            late: 0,
            excluded: 0,
            not_yet_due: 0,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, who: R, d: Decision) {
        self.numerator += usize::from(d.verdict.in_numerator());
        self.denominator += usize::from(d.verdict.in_denominator());
        self.family_delays += usize::from(d.verdict == Verdict::FamilyDelay);
        self.late += usize::from(d.verdict == Verdict::Late);
        self.excluded += usize::from(d.verdict == Verdict::Excluded);
        self.not_yet_due += usize::from(d.verdict == Verdict::NotYetDue);
        self.rows.push((who, d));
    }

    /// The percent, one decimal, as text; "—" with an empty denominator.
    pub fn percent(&self) -> String {
        pct(self.numerator, self.denominator)
    }
}

/// `numerator / denominator` as a percent with one decimal; "—" with an empty denominator.
pub fn pct(numerator: usize, denominator: usize) -> String {
    if denominator == 0 {
        return "—".to_owned();
    }
    format!("{:.1}", numerator as f64 * 100.0 / denominator as f64)
}
