//! Editing a child's details and exiting a case. Edits carry the version they started
//! from: if someone saved in between, the second save is refused and both versions are
//! shown, so nothing is silently overwritten. The forms parse here; the changes are
//! `commands`, the pages `handlers`.
pub mod commands;
pub(super) mod handlers;

use crate::{
    entities::{Choice, child},
    views::{
        fields::{parse_date, required},
        form::Errors,
    },
};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ChildForm {
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: String,
    pub gestational_weeks: String,
    pub sex: String,
    pub race_ethnicity: String,
    pub version: String,
}

/// A child's details that are valid to store.
pub struct ChildDetails {
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: NaiveDate,
    pub gestational_weeks: Option<i32>,
    pub sex: Option<child::Sex>,
    pub race_ethnicity: Option<child::RaceEthnicity>,
}

impl ChildForm {
    pub fn from_child(c: &child::Model) -> Self {
        ChildForm {
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            date_of_birth: c.date_of_birth.to_string(),
            gestational_weeks: c
                .gestational_weeks
                .map(|w| w.to_string())
                .unwrap_or_default(),
            sex: c.sex.map(|s| s.as_str()).unwrap_or_default().to_owned(),
            race_ethnicity: c
                .race_ethnicity
                .map(|r| r.as_str())
                .unwrap_or_default()
                .to_owned(),
            version: c.version.to_string(),
        }
    }

    /// `received`: the day the first referral came in (no birth may be after it).
    pub fn parse(
        &self,
        today: NaiveDate,
        received: Option<NaiveDate>,
    ) -> Result<ChildDetails, Errors> {
        let mut e = Errors::default();
        let first = required(
            &mut e,
            "first_name",
            &self.first_name,
            "Enter the child's first name.",
            80,
        );
        let last = required(
            &mut e,
            "last_name",
            &self.last_name,
            "Enter the child's last name.",
            80,
        );
        let dob = parse_date(
            &mut e,
            "date_of_birth",
            &self.date_of_birth,
            "child's date of birth",
        );
        if let Some(d) = dob {
            if d > today {
                e.add(
                    "date_of_birth",
                    format!("The date of birth cannot be in the future (it says {d})."),
                );
            } else if received.is_some_and(|r| r < d) {
                e.add(
                    "date_of_birth",
                    "The date of birth cannot be after the referral was received.",
                );
            }
        }
        let weeks = match self.gestational_weeks.trim() {
            "" => None,
            w => match w.parse::<i32>() {
                Ok(n) if (22..=44).contains(&n) => Some(n),
                _ => {
                    e.add("gestational_weeks", "Enter the weeks of gestation as a number from 22 to 44, or leave it empty.");
                    None
                }
            },
        };
        let sex = (!self.sex.is_empty())
            .then(|| e.choice("sex", &self.sex, "Choose from the list."))
            .flatten();
        let race_ethnicity = (!self.race_ethnicity.is_empty())
            .then(|| {
                e.choice(
                    "race_ethnicity",
                    &self.race_ethnicity,
                    "Choose from the list.",
                )
            })
            .flatten();
        match dob {
            Some(d) if e.is_empty() => Ok(ChildDetails {
                first_name: first,
                last_name: last,
                date_of_birth: d,
                gestational_weeks: weeks,
                sex,
                race_ethnicity,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ExitForm {
    pub exit_category: String,
    pub exit_date: String,
}

impl ExitForm {
    /// The exit category and date, for a child born on `born`.
    pub fn parse(
        &self,
        today: NaiveDate,
        born: NaiveDate,
    ) -> Result<(child::ExitCategory, NaiveDate), Errors> {
        let mut e = Errors::default();
        let category: Option<child::ExitCategory> = e.choice(
            "exit_category",
            &self.exit_category,
            "Choose the exit category.",
        );
        let date = parse_date(&mut e, "exit_date", &self.exit_date, "exit date");
        if date.is_some_and(|d| d > today) {
            e.add("exit_date", "The exit date cannot be in the future.");
        } else if date.is_some_and(|d| d < born) {
            e.add(
                "exit_date",
                "The exit date cannot be before the child was born.",
            );
        }
        match (category, date) {
            (Some(category), Some(date)) if e.is_empty() => Ok((category, date)),
            _ => Err(e),
        }
    }
}
