//! The 618 tables: the child count on the count date (children C2 counts as having an active
//! IFSP, under three) by age band, sex and race/ethnicity; the settings (C2's breakdown,
//! shown from [`super::c2::C2`]); and the exits in the period by OSEP exit category
//! (children with an initial IFSP who exited in the period). An empty sex or race/ethnicity
//! counts as not recorded / not reported.
use crate::entities::{
    Choice,
    child::{ExitCategory, RaceEthnicity, Sex},
};

/// The federal age bands, by whole months of chronological age on the count date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeBand {
    /// Birth to one (0–11 months).
    UnderOne,
    /// One to two (12–23 months).
    One,
    /// Two to three (24–35 months).
    Two,
}

impl AgeBand {
    pub const ALL: [AgeBand; 3] = [AgeBand::UnderOne, AgeBand::One, AgeBand::Two];

    /// `None` at 36 months or more (no longer in Part C's count).
    pub fn of(months: u32) -> Option<AgeBand> {
        match months {
            0..=11 => Some(AgeBand::UnderOne),
            12..=23 => Some(AgeBand::One),
            24..=35 => Some(AgeBand::Two),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::UnderOne => "Birth to 1",
            AgeBand::One => "1 to 2",
            AgeBand::Two => "2 to 3",
        }
    }
}

/// The counts, each row by age band (birth–1, 1–2, 2–3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables618 {
    /// By `Sex::all()` order (female, male, not recorded).
    pub by_sex: Vec<[usize; 3]>,
    /// By `RaceEthnicity::all()` order, "not reported" last.
    pub by_race: Vec<[usize; 3]>,
    /// By `ExitCategory::all()` order, then one for an exit without a category.
    pub exits: Vec<usize>,
}

fn position<T: Choice + PartialEq>(v: T) -> usize {
    T::all().position(|x| x == v).unwrap_or(0)
}

impl Tables618 {
    pub fn new() -> Self {
        Tables618 {
            by_sex: vec![[0; 3]; Sex::all().count()],
            by_race: vec![[0; 3]; RaceEthnicity::all().count()],
            exits: vec![0; ExitCategory::all().count() + 1],
        }
    }

    /// One child of the child count; a child aged 36 months or more is not counted.
    pub fn count(&mut self, age_months: u32, sex: Option<Sex>, race: Option<RaceEthnicity>) {
        let Some(band) = AgeBand::of(age_months) else {
            return;
        };
        let b = band as usize;
        self.by_sex[position(sex.unwrap_or(Sex::Unknown))][b] += 1;
        self.by_race[position(race.unwrap_or(RaceEthnicity::NotReported))][b] += 1;
    }

    pub fn exit(&mut self, category: Option<ExitCategory>) {
        let i = category.map_or(self.exits.len() - 1, position);
        self.exits[i] += 1;
    }

    /// Children in the count, per age band.
    pub fn by_age(&self) -> [usize; 3] {
        self.by_sex.iter().fold([0; 3], |mut t, r| {
            for (x, n) in t.iter_mut().zip(r) {
                *x += n;
            }
            t
        })
    }

    /// Every row of every table as (table, row, column, count), for the CSV.
    pub fn cells(&self) -> Vec<(&'static str, String, &'static str, usize)> {
        let mut out = Vec::new();
        let mut banded = |table, label: String, row: &[usize; 3]| {
            for (band, n) in AgeBand::ALL.iter().zip(row) {
                out.push((table, label.clone(), band.label(), *n));
            }
        };
        banded("child_count_by_age", "All".to_owned(), &self.by_age());
        for (s, row) in Sex::all().zip(&self.by_sex) {
            banded("child_count_by_sex", s.label().to_owned(), row);
        }
        for (r, row) in RaceEthnicity::all().zip(&self.by_race) {
            banded("child_count_by_race_ethnicity", r.label().to_owned(), row);
        }
        for (label, n) in self.exit_rows() {
            out.push(("exits_by_category", label, "Exits", n));
        }
        out
    }

    /// The exit rows with their labels.
    pub fn exit_rows(&self) -> Vec<(String, usize)> {
        ExitCategory::all()
            .map(|c| c.label().to_owned())
            .chain(std::iter::once("No exit category recorded".to_owned()))
            .zip(self.exits.iter().copied())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::rules::ProgramRules;
    use chrono::NaiveDate;

    fn months(dob: &str, on: &str) -> u32 {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        crate::timeline::age(d(dob), None, d(on), &ProgramRules::default()).months
    }

    #[test]
    fn age_bands_by_whole_months_and_a_leap_day_birthday() {
        assert_eq!(AgeBand::of(11), Some(AgeBand::UnderOne));
        assert_eq!(AgeBand::of(12), Some(AgeBand::One));
        assert_eq!(AgeBand::of(35), Some(AgeBand::Two));
        assert_eq!(AgeBand::of(36), None);
        // Born 2020-02-29: still under one on 2021-02-28, one on 2021-03-01.
        assert_eq!(
            AgeBand::of(months("2020-02-29", "2021-02-28")),
            Some(AgeBand::UnderOne)
        );
        assert_eq!(
            AgeBand::of(months("2020-02-29", "2021-03-01")),
            Some(AgeBand::One)
        );
    }

    #[test]
    fn the_child_count_by_sex_and_race_with_empty_values_not_reported() {
        let mut t = Tables618::new();
        t.count(5, Some(Sex::Female), Some(RaceEthnicity::HispanicLatino));
        t.count(14, Some(Sex::Male), None);
        t.count(30, None, Some(RaceEthnicity::White));
        t.count(30, Some(Sex::Female), Some(RaceEthnicity::TwoOrMore));
        t.count(36, Some(Sex::Female), Some(RaceEthnicity::White));
        assert_eq!(t.by_age(), [1, 1, 2]);
        // Female, male, not recorded.
        assert_eq!(t.by_sex, vec![[1, 0, 1], [0, 1, 0], [0, 0, 1]]);
        assert_eq!(t.by_race[0], [1, 0, 0], "Hispanic/Latino");
        assert_eq!(t.by_race[5], [0, 0, 1], "White");
        assert_eq!(t.by_race[6], [0, 0, 1], "Two or more races");
        assert_eq!(t.by_race[7], [0, 1, 0], "Not reported");
        t.exit(Some(ExitCategory::PartBEligible));
        t.exit(Some(ExitCategory::PartBEligible));
        t.exit(None);
        let rows = t.exit_rows();
        assert_eq!(rows[1], ("Part B eligible, exiting Part C".to_owned(), 2));
        assert_eq!(rows[9], ("No exit category recorded".to_owned(), 1));
        assert_eq!(rows.iter().map(|r| r.1).sum::<usize>(), 3);
        let cells = t.cells();
        assert!(cells.contains(&("child_count_by_age", "All".to_owned(), "2 to 3", 2)));
    }
}
