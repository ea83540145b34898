//! Every program's indicators at once, for the lead agency (issue #14): each program's
//! [`Report`] from the one [`compute`], then each measure summed across the programs where
//! its rules allow. The lead agency's "all programs" page, its CSV and `hearth report
//! indicators` without `--program` all read [`all_programs`].
//!
//! How a measure is summed (the page says the same, from [`How::explain`]):
//! - C1, C7, C8A/B/C, C2 and the C3 summary statements: the numerators are added and the
//!   denominators are added, and the percent is taken of the sums (never an average of
//!   percents). Each child is in one program, so no child is counted twice.
//! - C4 (families agreeing): the same, but only when every program with answers shows its
//!   figure; if one program's area is withheld (fewer than [`MIN_ANSWERS`] families), the
//!   sum is withheld too, or the total minus the shown programs would tell the withheld one.
//!   A sum of fewer than [`MIN_ANSWERS`] answers is withheld as well.
//! - C5 and C6 (child find): children and populations are added, only when every program
//!   has its population for the year; otherwise there is no sum.
use super::{
    Report, compute,
    indicators::{Period, c4::MIN_ANSWERS},
    targets::Measure,
};
use crate::entities::program;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr};

/// How a measure's sum was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Numerators and denominators added.
    Added,
    /// Not summed: a program's figure (or the sum) is withheld for too few answers.
    Withheld,
    /// Not summed: a program has no population for the year.
    NoPopulation,
}

impl How {
    pub fn key(self) -> &'static str {
        match self {
            How::Added => "added",
            How::Withheld => "withheld",
            How::NoPopulation => "no_population",
        }
    }

    pub fn explain(self) -> &'static str {
        match self {
            How::Added => "Numerators added, denominators added",
            How::Withheld => "Withheld: too few families answered in a program (or in all)",
            How::NoPopulation => "Not summed: a program has no population figure for the year",
        }
    }
}

/// One measure across the programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summed {
    pub measure: Measure,
    /// (numerator, denominator) of the sum; `None` when it is not summed.
    pub figure: Option<(usize, usize)>,
    pub how: How,
}

impl Summed {
    pub fn percent(&self) -> String {
        self.measure.percent(self.figure)
    }
}

/// The programs' reports and their sums.
#[derive(Debug, Clone)]
pub struct Combined {
    pub period: Period,
    pub count_date: NaiveDate,
    pub reports: Vec<(program::Model, Report)>,
    pub sums: Vec<Summed>,
}

/// Each program's report (its open clocks judged on its own today, from `now`) and the sums.
pub async fn all_programs(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    programs: Vec<program::Model>,
    period: Period,
    count_date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Combined, DbErr> {
    let mut reports = Vec::with_capacity(programs.len());
    for p in programs {
        let today = now.with_timezone(&p.tz()).date_naive();
        let r = compute(db, &p, period, count_date, today).await?;
        reports.push((p, r));
    }
    let sums = sum(reports.iter().map(|(_, r)| r));
    Ok(Combined {
        period,
        count_date,
        reports,
        sums,
    })
}

/// One program's share of a measure, as the sum reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A measure with a numerator and denominator (`None`: the program has none, e.g. C5/C6
    /// without a population figure).
    Figure(Option<(usize, usize)>),
    /// A C4 area: the families agreeing and the families who answered, withheld or not.
    Answers { agree: usize, answered: usize },
}

impl Part {
    /// `m`'s share in `r`.
    pub fn of(m: Measure, r: &Report) -> Part {
        match m {
            Measure::C4(area) => {
                let a = r.c4.area(area);
                Part::Answers {
                    agree: a.agree,
                    answered: a.answered,
                }
            }
            _ => Part::Figure(m.figure(r)),
        }
    }
}

/// Every measure summed across `reports`, by the rules above.
pub fn sum<'a>(reports: impl Iterator<Item = &'a Report> + Clone) -> Vec<Summed> {
    Measure::all()
        .into_iter()
        .map(|m| combine(m, reports.clone().map(|r| Part::of(m, r))))
        .collect()
}

/// One measure summed from each program's part, by the rules above (a pure function, so the
/// rules are tested on hand-made parts).
pub fn combine(m: Measure, parts: impl IntoIterator<Item = Part>) -> Summed {
    let mut how = How::Added;
    let (mut n, mut d) = (0, 0);
    for part in parts {
        let figure = match part {
            Part::Answers { agree, answered } => {
                if answered > 0 && answered < MIN_ANSWERS {
                    how = How::Withheld;
                }
                Some((agree, answered))
            }
            Part::Figure(None) if matches!(m, Measure::C5 | Measure::C6) => {
                how = How::NoPopulation;
                None
            }
            Part::Figure(f) => f,
        };
        if let Some((a, b)) = figure {
            n += a;
            d += b;
        }
    }
    if matches!(m, Measure::C4(_)) && how == How::Added && d < MIN_ANSWERS {
        how = How::Withheld;
    }
    Summed {
        measure: m,
        figure: (how == How::Added).then_some((n, d)),
        how,
    }
}

#[cfg(test)]
#[path = "combined_tests.rs"]
mod tests;
