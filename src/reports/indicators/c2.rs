//! C2: where children with an IFSP are primarily served, on a child-count date.
//!
//! On the count date a child has an active IFSP when a signed (or since superseded) plan was
//! met on or before it (the latest such plan is the one in force) and the child had not
//! exited before that day (an exit on the count date still counts). Children aged three or
//! more that day are listed and left out. The current services are the plan's consented
//! services whose projected start is on or before the count date and whose end, if any, is
//! not before it. Each service's planned minutes per month are its minutes × sessions, a
//! week being 52/12 of a month. Home and community settings together are the natural
//! environments; the child is primarily served there when their minutes are **more** than
//! those of every other setting together: a tie counts as "other setting", so a tie never
//! raises the indicator. Between home and community, a tie goes to home.
use super::pct;
use crate::{
    entities::ifsp_service::{Period, Setting},
    program::rules::ProgramRules,
    timeline::{CaseFacts, age},
};
use chrono::NaiveDate;
use serde::Serialize;

/// The three settings of the federal settings table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting618 {
    Home,
    Community,
    Other,
}

impl Setting618 {
    pub const ALL: [Setting618; 3] = [Setting618::Home, Setting618::Community, Setting618::Other];

    pub fn of(s: Setting) -> Setting618 {
        match s {
            Setting::Home => Setting618::Home,
            Setting::Community => Setting618::Community,
            Setting::Clinic | Setting::Center | Setting::Other => Setting618::Other,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Setting618::Home => "home",
            Setting618::Community => "community",
            Setting618::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Setting618::Home => "Home",
            Setting618::Community => "Community-based setting",
            Setting618::Other => "Other setting",
        }
    }
}

/// One service of a plan, as C2 reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedService {
    pub location: Setting,
    pub frequency: i32,
    pub period: Period,
    pub minutes: i32,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    /// The parent's consent (declined or not yet asked: never a current service).
    pub consented: bool,
}

impl PlannedService {
    /// Planned minutes per year (exact: a week is 1/52 of it, a month 1/12).
    fn minutes_per_year(&self) -> u64 {
        let per = match self.period {
            Period::Week => 52,
            Period::Month => 12,
        };
        u64::try_from(self.frequency).unwrap_or(0) * u64::try_from(self.minutes).unwrap_or(0) * per
    }

    fn current_on(&self, on: NaiveDate) -> bool {
        self.consented && self.start_date <= on && self.end_date.is_none_or(|e| e >= on)
    }
}

/// A signed or superseded plan with its services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFacts {
    pub id: i32,
    pub meeting_date: NaiveDate,
    pub services: Vec<PlannedService>,
}

/// The plan in force on `on`: the latest met on or before it (the later record on a day).
pub fn in_force(plans: &[PlanFacts], on: NaiveDate) -> Option<&PlanFacts> {
    plans
        .iter()
        .filter(|p| p.meeting_date <= on)
        .max_by_key(|p| (p.meeting_date, p.id))
}

/// Where one child counts on the count date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum C2Status {
    /// Primarily served in this setting: in the denominator (and the numerator unless Other).
    Served(Setting618),
    /// An active IFSP but no current service: in the child count, not in C2 (listed).
    NoCurrentService,
    /// Three or older on the count date without an exit recorded: in no count (listed).
    Excluded,
}

impl C2Status {
    pub fn key(self) -> &'static str {
        match self {
            C2Status::Served(s) => s.key(),
            C2Status::NoCurrentService => "no_current_service",
            C2Status::Excluded => "excluded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            C2Status::Served(s) => s.label(),
            C2Status::NoCurrentService => "No current service (not in C2)",
            C2Status::Excluded => "Excluded",
        }
    }

    pub fn in_numerator(self) -> bool {
        matches!(
            self,
            C2Status::Served(Setting618::Home | Setting618::Community)
        )
    }

    pub fn in_denominator(self) -> bool {
        matches!(self, C2Status::Served(_))
    }

    /// In the 618 child count (an active IFSP, under three).
    pub fn in_child_count(self) -> bool {
        self != C2Status::Excluded
    }
}

/// One child's C2 answer, with the planned minutes per month by setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct C2Decision {
    pub status: C2Status,
    pub plan_met: NaiveDate,
    /// Home, community, other: planned minutes per month, rounded to the minute.
    pub minutes: [u64; 3],
    /// Whole months of age on the count date (the 618 age bands).
    pub age_months: u32,
    pub reason: String,
}

/// `None` when the child had no active IFSP on `count_date`.
pub fn decide(f: &CaseFacts, plans: &[PlanFacts], count_date: NaiveDate) -> Option<C2Decision> {
    if f.exit_date.is_some_and(|e| e < count_date) || f.date_of_birth > count_date {
        return None;
    }
    let plan = in_force(plans, count_date)?;
    let mut per_year = [0u64; 3];
    for s in plan.services.iter().filter(|s| s.current_on(count_date)) {
        per_year[Setting618::of(s.location) as usize] += s.minutes_per_year();
    }
    let minutes = per_year.map(|m| (m + 6) / 12);
    let [home, community, other] = per_year;
    // Chronological age: the federal age bands do not adjust for prematurity.
    let age_months = age(f.date_of_birth, None, count_date, &ProgramRules::default()).months;
    let status = if age_months >= 36 {
        C2Status::Excluded
    } else if home + community + other == 0 {
        C2Status::NoCurrentService
    } else if home + community > other {
        C2Status::Served(if home >= community {
            Setting618::Home
        } else {
            Setting618::Community
        })
    } else {
        C2Status::Served(Setting618::Other)
    };
    let [h, c, o] = minutes;
    let plan_words = format!("plan met on {}", plan.meeting_date);
    let reason = match status {
        C2Status::Excluded => {
            format!("Three years old or more on {count_date} (no exit recorded); {plan_words}")
        }
        C2Status::NoCurrentService => {
            format!("No consented service in effect on {count_date}; {plan_words}")
        }
        C2Status::Served(s) => {
            let tie = if s == Setting618::Other && home + community == other {
                " (a tie counts as other)"
            } else {
                ""
            };
            format!("Home {h}, community {c}, other {o} planned minutes a month{tie}; {plan_words}")
        }
    };
    Some(C2Decision {
        status,
        plan_met: plan.meeting_date,
        minutes,
        age_months,
        reason,
    })
}

/// C2 on the count date, with every child behind it.
#[derive(Debug, Clone)]
pub struct C2<R> {
    pub count_date: NaiveDate,
    /// Children per setting: home, community, other.
    pub served: [usize; 3],
    pub no_current_service: usize,
    pub excluded: usize,
    pub rows: Vec<(R, C2Decision)>,
}

impl<R> C2<R> {
    pub fn new(count_date: NaiveDate) -> Self {
        C2 {
            count_date,
            served: [0; 3],
            no_current_service: 0,
            excluded: 0,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, who: R, d: C2Decision) {
        match d.status {
            C2Status::Served(s) => self.served[s as usize] += 1,
            C2Status::NoCurrentService => self.no_current_service += 1,
            C2Status::Excluded => self.excluded += 1,
        }
        self.rows.push((who, d));
    }

    /// Home or community.
    pub fn numerator(&self) -> usize {
        self.served[0] + self.served[1]
    }

    pub fn denominator(&self) -> usize {
        self.served.iter().sum()
    }

    pub fn percent(&self) -> String {
        pct(self.numerator(), self.denominator())
    }
}
