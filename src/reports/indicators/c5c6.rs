//! C5 and C6, child find: the children with an IFSP on the count date (the 618 child
//! count: birth to one for C5, birth to three for C6) as a percent of the area's population
//! of that age, which the admin enters per calendar year (the count date's year).
use super::pct;

/// The area's population for the count date's year, if entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Population {
    pub year: i32,
    pub birth_to_one: usize,
    pub birth_to_three: usize,
}

/// C5 and C6 for one count date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildFind {
    pub year: i32,
    /// Children with an IFSP under one, and under three, on the count date.
    pub under_one: usize,
    pub under_three: usize,
    pub population: Option<Population>,
}

impl ChildFind {
    /// C5: (children under one, population under one); `None` without a population.
    pub fn c5(&self) -> Option<(usize, usize)> {
        self.population.map(|p| (self.under_one, p.birth_to_one))
    }

    pub fn c6(&self) -> Option<(usize, usize)> {
        self.population
            .map(|p| (self.under_three, p.birth_to_three))
    }

    /// Percent with two decimals (child find is a small percent); "—" without a population.
    pub fn percent(v: Option<(usize, usize)>) -> String {
        match v {
            Some((n, d)) if d > 0 => format!("{:.2}", n as f64 * 100.0 / d as f64),
            Some((n, d)) => pct(n, d),
            None => "—".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c5_and_c6_compare_the_child_count_with_the_population() {
        // 3 under one of 1,200 (0.25%); 27 under three of 3,600 (0.75%).
        let f = ChildFind {
            year: 2021,
            under_one: 3,
            under_three: 27,
            population: Some(Population {
                year: 2021,
                birth_to_one: 1_200,
                birth_to_three: 3_600,
            }),
        };
        assert_eq!(f.c5(), Some((3, 1_200)));
        assert_eq!(ChildFind::percent(f.c5()), "0.25");
        assert_eq!(ChildFind::percent(f.c6()), "0.75");
        let none = ChildFind {
            population: None,
            ..f
        };
        assert_eq!(
            (none.c6(), ChildFind::percent(none.c6()).as_str()),
            (None, "—")
        );
    }
}
