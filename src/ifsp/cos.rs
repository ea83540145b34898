//! Child Outcomes Summary progress categories (OSEP indicator C3).
//!
//! Ratings run 1–7: 6 and 7 are age-expected (6 with some concern), 1–5 below. At exit the
//! team also answers "has the child shown any new skills or behaviours?". Only children
//! served at least six months are counted; that filter belongs to reporting, not here.

/// Progress category a–e for one outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Category {
    /// Did not improve functioning.
    A,
    /// Improved, but not enough to move nearer to same-aged peers.
    B,
    /// Improved nearer to same-aged peers but did not reach them.
    C,
    /// Improved to reach a level comparable to same-aged peers.
    D,
    /// Maintained a level comparable to same-aged peers.
    E,
}

impl Category {
    pub fn letter(self) -> char {
        match self {
            Category::A => 'a',
            Category::B => 'b',
            Category::C => 'c',
            Category::D => 'd',
            Category::E => 'e',
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::A => "a — did not improve functioning",
            Category::B => "b — improved, but not nearer to same-aged peers",
            Category::C => "c — improved nearer to same-aged peers, not reaching them",
            Category::D => "d — improved to reach same-aged peers",
            Category::E => "e — maintained functioning comparable to same-aged peers",
        }
    }
}

/// Why no category can be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CosError {
    RatingOutOfRange,
    /// "No new skills" with an exit rating above entry contradicts itself.
    NoNewSkillsButImproved,
}

/// The category of one outcome. "No new skills" with any exit rating above entry is
/// refused, also into the age-expected range. Ratings of 6 or 7 at both points are **e**
/// whatever the answer (the child kept age-expected functioning); otherwise "no" is **a**.
pub fn category(entry: u8, exit: u8, new_skills: bool) -> Result<Category, CosError> {
    if !(1..=7).contains(&entry) || !(1..=7).contains(&exit) {
        return Err(CosError::RatingOutOfRange);
    }
    if !new_skills && exit > entry {
        return Err(CosError::NoNewSkillsButImproved);
    }
    Ok(match (entry >= 6, exit >= 6) {
        (true, true) => Category::E,
        (false, true) => Category::D,
        _ if !new_skills => Category::A,
        _ if exit > entry => Category::C,
        _ => Category::B,
    })
}

/// Summary statements from counts of a–e: SS1 = (c+d)/(a+b+c+d), SS2 = (d+e)/(a+b+c+d+e),
/// as percentages; `None` when the denominator is zero.
pub fn summary_statements(counts: [u32; 5]) -> (Option<f64>, Option<f64>) {
    let [a, b, c, d, e] = counts.map(f64::from);
    let ss1 = (a + b + c + d > 0.0).then(|| (c + d) / (a + b + c + d) * 100.0);
    let ss2 = (a + b + c + d + e > 0.0).then(|| (d + e) / (a + b + c + d + e) * 100.0);
    (ss1, ss2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;

    #[test]
    fn categories_follow_the_osep_definitions() {
        let cases = [
            // (entry, exit, new skills, category)
            (3, 3, false, A),
            (3, 2, false, A),
            (3, 3, true, B),
            (4, 2, true, B),
            (5, 5, true, B),
            (3, 4, true, C),
            (2, 5, true, C),
            (5, 6, true, D),
            (3, 7, true, D),
            (6, 6, true, E),
            (7, 6, true, E),
            (7, 7, false, E),
            (7, 6, false, E),
            // 6 is age-expected, not delayed: entry 6 and exit 5 is a drop below peers.
            (6, 5, true, B),
        ];
        for (entry, exit, skills, expected) in cases {
            assert_eq!(
                category(entry, exit, skills),
                Ok(expected),
                "{entry}->{exit} skills={skills}"
            );
        }
    }

    #[test]
    fn impossible_inputs_are_refused() {
        assert_eq!(category(0, 3, true), Err(CosError::RatingOutOfRange));
        assert_eq!(category(3, 8, true), Err(CosError::RatingOutOfRange));
        assert_eq!(category(3, 4, false), Err(CosError::NoNewSkillsButImproved));
        // Above entry into the age-expected range is improvement too (domain.md: a "no"
        // with any exit rating above entry is contradictory), d or e alike.
        assert_eq!(category(5, 6, false), Err(CosError::NoNewSkillsButImproved));
        assert_eq!(category(6, 7, false), Err(CosError::NoNewSkillsButImproved));
    }

    #[test]
    fn summary_statements_leave_e_out_of_ss1() {
        let (ss1, ss2) = summary_statements([1, 2, 3, 4, 10]);
        assert_eq!(ss1, Some(70.0));
        assert_eq!(ss2, Some(70.0));
        assert_eq!(summary_statements([0, 0, 0, 0, 5]), (None, Some(100.0)));
        assert_eq!(summary_statements([0; 5]), (None, None));
    }
}
