//! C3: child outcomes from the Child Outcomes Summary. Only children who **exited** in the
//! period after **at least six months** of service count. Service starts on the initial
//! IFSP's meeting date (`children.initial_ifsp_on`, written when the initial plan is
//! signed); six months are calendar months (`timeline::add_months`, a 31st clamps to the
//! month's last day), so a child who started on 2020-01-01 counts from an exit on
//! 2020-07-01 (182 days), not on 2020-06-30 (181 days).
use super::{Period, pct};
use crate::{
    entities::{
        Choice,
        cos_rating::{self, CosOutcome},
    },
    ifsp::cos::{Category, CosError, category},
    timeline::{self, CaseFacts},
};
use chrono::NaiveDate;

/// One COS rating (entry or exit) as the report reads it: outcomes A, B, C in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cos {
    pub rated_on: NaiveDate,
    pub ratings: [u8; 3],
    /// Exit only: "has the child shown any new skills or behaviours?".
    pub new_skills: [Option<bool>; 3],
}

impl From<&cos_rating::Model> for Cos {
    fn from(r: &cos_rating::Model) -> Self {
        let u = |v: i16| u8::try_from(v).unwrap_or(0);
        Cos {
            rated_on: r.rated_on,
            ratings: [u(r.rating_a), u(r.rating_b), u(r.rating_c)],
            new_skills: [r.new_skills_a, r.new_skills_b, r.new_skills_c],
        }
    }
}

/// The child's entry and exit ratings (a unique index keeps one of each).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CosFacts {
    pub entry: Option<Cos>,
    pub exit: Option<Cos>,
}

impl CosFacts {
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = &'a cos_rating::Model>) -> Self {
        let mut f = CosFacts::default();
        for r in rows {
            match r.phase {
                cos_rating::Phase::Entry => f.entry = Some(r.into()),
                cos_rating::Phase::Exit => f.exit = Some(r.into()),
            }
        }
        f
    }
}

/// Where one child counts for C3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum C3Status {
    /// A category for every outcome.
    Counted,
    /// In the population, but at least one outcome has no category (listed as missing).
    MissingData,
    /// Exited in the period after fewer than six months of service: listed, not counted.
    Excluded,
}

impl C3Status {
    pub fn key(self) -> &'static str {
        match self {
            C3Status::Counted => "counted",
            C3Status::MissingData => "missing_data",
            C3Status::Excluded => "excluded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            C3Status::Counted => "Counted",
            C3Status::MissingData => "Missing data",
            C3Status::Excluded => "Excluded: served fewer than six months",
        }
    }
}

/// One child's C3 answer: per outcome A, B, C the category, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct C3Decision {
    pub status: C3Status,
    pub service_start: NaiveDate,
    pub exit_date: NaiveDate,
    pub entry: Option<Cos>,
    pub exit: Option<Cos>,
    pub outcomes: [Result<Category, String>; 3],
    pub reason: String,
}

/// `None` when the child is not in C3's population: no exit in the period, or no initial
/// IFSP (never served).
pub fn decide(f: &CaseFacts, cos: &CosFacts, period: &Period) -> Option<C3Decision> {
    let exit_date = f.exit_date.filter(|e| period.contains(*e))?;
    let start = f.initial_ifsp_on.filter(|s| *s <= exit_date)?;
    let six = timeline::add_months(start, 6);
    let served = format!(
        "Served from {start} (initial IFSP) to the exit on {exit_date}, {} days",
        (exit_date - start).num_days()
    );
    let none = |why: &str| std::array::from_fn(|_| Err(why.to_owned()));
    let mut d = C3Decision {
        status: C3Status::Excluded,
        service_start: start,
        exit_date,
        entry: cos.entry,
        exit: cos.exit,
        outcomes: none("served fewer than six months"),
        reason: format!("{served}: fewer than six months (six months on {six})"),
    };
    if exit_date < six {
        return Some(d);
    }
    d.status = C3Status::MissingData;
    let (entry, exit) = match (cos.entry, cos.exit) {
        (Some(en), Some(ex)) => (en, ex),
        (en, _) => {
            let what = if en.is_none() {
                "no entry rating"
            } else {
                "no exit rating"
            };
            d.outcomes = none(what);
            d.reason = format!("{served}; {what}");
            return Some(d);
        }
    };
    d.outcomes =
        std::array::from_fn(|i| outcome(entry.ratings[i], exit.ratings[i], exit.new_skills[i]));
    if d.outcomes.iter().all(Result::is_ok) {
        d.status = C3Status::Counted;
    }
    d.reason = format!(
        "{served}; rated on {} and {}",
        entry.rated_on, exit.rated_on
    );
    Some(d)
}

/// One outcome's category; a missing "new skills" answer matters only below 6 at exit.
fn outcome(entry: u8, exit: u8, new_skills: Option<bool>) -> Result<Category, String> {
    let skills = match new_skills {
        Some(s) => s,
        None if exit >= 6 => true,
        None => return Err("the new-skills answer is missing".to_owned()),
    };
    category(entry, exit, skills).map_err(|e| match e {
        CosError::RatingOutOfRange => "a rating outside 1–7".to_owned(),
        CosError::NoNewSkillsButImproved => {
            "the exit rating is above entry but the answer is \"no new skills\"".to_owned()
        }
    })
}

/// One outcome's counts: a–e, and the children in the population without a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutcomeCounts {
    pub counts: [usize; 5],
    pub missing: usize,
}

impl OutcomeCounts {
    fn add(&mut self, c: Category) {
        self.counts[c as usize] += 1;
    }

    /// Summary Statement 1: (c+d) / (a+b+c+d).
    pub fn ss1(&self) -> (usize, usize) {
        let [a, b, c, d, _] = self.counts;
        (c + d, a + b + c + d)
    }

    /// Summary Statement 2: (d+e) / (a+b+c+d+e).
    pub fn ss2(&self) -> (usize, usize) {
        let [a, b, c, d, e] = self.counts;
        (d + e, a + b + c + d + e)
    }

    pub fn ss1_percent(&self) -> String {
        let (n, d) = self.ss1();
        pct(n, d)
    }

    pub fn ss2_percent(&self) -> String {
        let (n, d) = self.ss2();
        pct(n, d)
    }
}

/// C3 for the period: the counts per outcome and every child behind them.
#[derive(Debug, Clone)]
pub struct C3<R> {
    pub outcomes: [OutcomeCounts; 3],
    /// Exited in the period after fewer than six months (listed, not counted).
    pub excluded: usize,
    pub rows: Vec<(R, C3Decision)>,
}

impl<R> Default for C3<R> {
    fn default() -> Self {
        C3 {
            outcomes: [OutcomeCounts::default(); 3],
            excluded: 0,
            rows: Vec::new(),
        }
    }
}

impl<R> C3<R> {
    pub fn push(&mut self, who: R, d: C3Decision) {
        if d.status == C3Status::Excluded {
            self.excluded += 1;
        } else {
            for (o, r) in self.outcomes.iter_mut().zip(&d.outcomes) {
                match r {
                    Ok(c) => o.add(*c),
                    Err(_) => o.missing += 1,
                }
            }
        }
        self.rows.push((who, d));
    }

    /// The outcomes with their labels, A, B, C.
    pub fn by_outcome(&self) -> impl Iterator<Item = (CosOutcome, &OutcomeCounts)> {
        CosOutcome::all().zip(self.outcomes.iter())
    }
}

/// "A: 5 → 6 (d)": one outcome of a row, for the drill-down and the CSV.
pub fn describe(d: &C3Decision, i: usize) -> String {
    let rating = |c: Option<Cos>| c.map_or("—".to_owned(), |c| c.ratings[i].to_string());
    let o = CosOutcome::all().nth(i).map_or("?", |o| o.as_str());
    match &d.outcomes[i] {
        Ok(c) => format!(
            "{o}: {} → {} ({})",
            rating(d.entry),
            rating(d.exit),
            c.letter()
        ),
        Err(why) => format!("{o}: {why}"),
    }
}
