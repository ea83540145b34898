//! C4, family outcomes: of the families who answered the year's survey, the percent who agree
//! (agree or strongly agree) that early intervention helped them know their rights (C4A),
//! communicate their child's needs (C4B) and help their child develop and learn (C4C).
//!
//! Counted by family, never by name:
//! - the population is the families of the program's children with an IFSP in the period (a
//!   signed plan met on or before its last day, and not exited before its first);
//! - a response counts when it was sent in the period by a family of that population
//!   (another program's, or a family without a plan in the period, is not counted);
//! - an area's denominator is the responding families who chose a point of the scale for it
//!   ("prefer not to say" is not an answer to that area); a family that declined the survey
//!   is not a response;
//! - the response rate is responding families ÷ the population.
//!
//! An area answered by fewer than [`MIN_ANSWERS`] families shows neither its count nor its
//! percent: with so few, a percent can tell staff how one family answered.
use super::pct;
use crate::entities::{
    Choice,
    family_survey::{self, Area, Status},
};
use std::collections::HashSet;

/// Fewer families than this answering an area and its figure is withheld.
pub const MIN_ANSWERS: usize = 5;

/// One area's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaFigure {
    pub area: Area,
    /// Families who agree or strongly agree.
    pub agree: usize,
    /// Families who chose a point of the scale for this area.
    pub answered: usize,
    /// Families who said they would rather not say.
    pub prefer_not: usize,
}

impl AreaFigure {
    /// Whether enough families answered for the figure to be shown.
    pub fn shown(&self) -> bool {
        self.answered >= MIN_ANSWERS
    }

    /// The families agreeing, when shown.
    pub fn agree_shown(&self) -> Option<usize> {
        self.shown().then_some(self.agree)
    }

    /// The percent agreeing with one decimal; "—" when withheld or with no answers.
    pub fn percent(&self) -> String {
        if self.shown() {
            pct(self.agree, self.answered)
        } else {
            "—".to_owned()
        }
    }
}

/// C4 for one program and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct C4 {
    /// Families of children with an IFSP in the period.
    pub families: usize,
    /// Of those, families who answered the survey in the period.
    pub responded: usize,
    /// Of those, families who said no to it in the period.
    pub declined: usize,
    /// Responses in the period from families outside the population: not counted.
    pub outside: usize,
    /// Responses with a comment (the comments are not shown).
    pub with_comment: usize,
    pub areas: Vec<AreaFigure>,
}

impl C4 {
    /// Counts `responses` (the program's survey rows sent in the period) against
    /// `population` (the family ids of children with an IFSP in the period).
    pub fn count(population: &HashSet<i32>, responses: &[family_survey::Model]) -> C4 {
        let mut c4 = C4 {
            families: population.len(),
            responded: 0,
            declined: 0,
            outside: 0,
            with_comment: 0,
            areas: Area::all()
                .map(|area| AreaFigure {
                    area,
                    agree: 0,
                    answered: 0,
                    prefer_not: 0,
                })
                .collect(),
        };
        // One row per family and year; a period spanning two years counts a family once.
        let mut seen = HashSet::new();
        for r in responses {
            if !population.contains(&r.family_id) {
                c4.outside += 1;
                continue;
            }
            if r.status == Status::Declined {
                c4.declined += usize::from(!seen.contains(&r.family_id));
                continue;
            }
            if !seen.insert(r.family_id) {
                continue;
            }
            c4.responded += 1;
            c4.with_comment += usize::from(!r.comment.trim().is_empty());
            for fig in &mut c4.areas {
                match fig.area.of(r) {
                    Some(a) if a.answered() => {
                        fig.answered += 1;
                        fig.agree += usize::from(a.agrees());
                    }
                    Some(_) => fig.prefer_not += 1,
                    None => {}
                }
            }
        }
        c4
    }

    /// Responding families as a percent of the population.
    pub fn response_rate(&self) -> String {
        pct(self.responded, self.families)
    }

    pub fn area(&self, area: Area) -> &AreaFigure {
        self.areas
            .iter()
            .find(|f| f.area == area)
            .expect("every area is counted")
    }
}
