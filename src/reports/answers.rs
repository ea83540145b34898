//! One child's answers to a report, and how long they hold.
//!
//! [`answer`] runs the clock engine and every indicator's rule on one child's facts; the
//! answers are what the report stores per child ([`super::store`]) and what [`Parts`] adds
//! up into the figures. [`valid_through`] says until which day the answers stay the same if
//! nothing in the record changes: only an open clock's due date passing, or an objection to
//! the LEA notification taking or losing effect, changes an answer with time alone.
use super::{
    ChildRef, Indicator, Period,
    indicators::{self, Decision, Figure, c2::C2Decision, c3::C3Decision},
    load::Extra,
};
use crate::{
    entities::child::{self, ExitCategory, RaceEthnicity, Sex},
    program::rules::ProgramRules,
    reports::{C2, C3, Tables618},
    timeline::{self, CaseFacts, Clocks},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Where one child counts in one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    pub who: ChildRef,
    pub family_id: i32,
    pub sex: Option<Sex>,
    pub race: Option<RaceEthnicity>,
    /// C2 (and the 618 child count) on the count date.
    pub c2: Option<C2Decision>,
    /// Had an IFSP met by the period's end: the family is in C4's population.
    pub c4_family: bool,
    /// Exited in the period after an initial IFSP: in the 618 exit table, under
    /// `exit_category` (two fields: JSON cannot tell `Some(None)` from `None`).
    pub exit_618: bool,
    pub exit_category: Option<ExitCategory>,
    pub c3: Option<C3Decision>,
    /// The timeline indicators the child is in, in [`Indicator::ALL`] order.
    pub figures: Vec<(Indicator, Decision)>,
}

/// The child's answers for `period` and `count_date`, open clocks judged on `as_of`, and the
/// clocks they were read from.
pub fn answer(
    c: &child::Model,
    f: &CaseFacts,
    x: &Extra,
    rules: &ProgramRules,
    period: &Period,
    count_date: NaiveDate,
    as_of: NaiveDate,
) -> (Answers, Clocks) {
    let clocks = timeline::case::for_reporting(f, rules, as_of);
    let mut a = Answers {
        who: ChildRef {
            id: c.id,
            name: c.full_name(),
            date_of_birth: c.date_of_birth,
        },
        family_id: c.family_id,
        sex: c.sex,
        race: c.race_ethnicity,
        c2: indicators::c2::decide(f, &x.plans, count_date),
        c4_family: false,
        exit_618: false,
        exit_category: c.exit_category,
        c3: None,
        figures: Vec::new(),
    };
    if f.exit_date.is_some_and(|e| e < period.from) {
        return (a, clocks);
    }
    a.c4_family = x.plans.iter().any(|p| p.meeting_date <= period.to);
    if c.exit_date.is_some_and(|e| period.contains(e)) && c.initial_ifsp_on.is_some() {
        a.exit_618 = true;
    }
    a.c3 = indicators::c3::decide(f, &x.cos, period);
    a.figures = Indicator::ALL
        .into_iter()
        .filter_map(|i| Some((i, indicators::decide_with(i, f, &clocks, period, as_of)?)))
        .collect();
    (a, clocks)
}

/// The last day on which [`answer`] gives the same answers as on `as_of` for the same
/// facts: the day before the earliest open due date still to come passes, or an objection
/// starts or stops counting. `None`: nothing changes with time alone.
pub fn valid_through(f: &CaseFacts, clocks: &Clocks, as_of: NaiveDate) -> Option<NaiveDate> {
    let open = clocks
        .items
        .iter()
        .chain(&clocks.services)
        .filter(|i| i.done_on.is_none() && i.due >= as_of)
        .map(|i| i.due);
    let objections = f.transition.objections.iter().flat_map(|o| {
        [Some(o.decided_on), o.revoked_on]
            .into_iter()
            .flatten()
            .filter(|d| *d > as_of)
            .map(|d| timeline::add_days(d, -1))
    });
    open.chain(objections).min()
}

/// The report's parts being added up, child by child, in the order of the children's ids.
#[derive(Debug)]
pub struct Parts {
    pub figures: Vec<Figure<ChildRef>>,
    pub c3: C3<ChildRef>,
    pub c2: C2<ChildRef>,
    pub t618: Tables618,
    /// C4's population: families of children with an IFSP in the period.
    pub families: HashSet<i32>,
}

impl Parts {
    pub fn new(count_date: NaiveDate) -> Self {
        Parts {
            figures: Indicator::ALL.into_iter().map(Figure::new).collect(),
            c3: C3::default(),
            c2: C2::new(count_date),
            t618: Tables618::new(),
            families: HashSet::new(),
        }
    }

    pub fn add(&mut self, a: Answers) {
        if let Some(d) = a.c2 {
            if d.status.in_child_count() {
                self.t618.count(d.age_months, a.sex, a.race);
            }
            self.c2.push(a.who.clone(), d);
        }
        if a.c4_family {
            self.families.insert(a.family_id);
        }
        if a.exit_618 {
            self.t618.exit(a.exit_category);
        }
        if let Some(d) = a.c3 {
            self.c3.push(a.who.clone(), d);
        }
        for (i, d) in a.figures {
            if let Some(fig) = self.figures.iter_mut().find(|f| f.indicator == i) {
                fig.push(a.who.clone(), d);
            }
        }
    }
}

#[cfg(test)]
#[path = "answers_tests.rs"]
mod tests;
