//! A referral, as typed into the intake form, parsed into a case that is valid to store,
//! and the rows it becomes. Recording one is `commands`, the form's pages `handlers`.
pub mod commands;
pub(super) mod handlers;

use super::caregivers::{CaregiverForm, NewCaregiver, insert_caregiver, parse_caregiver};
use crate::{
    entities::{child, family, referral},
    program::rules::ProgramRules,
    timeline::{LateReferral, late_referral, third_birthday},
    views::{
        fields::{limit, paragraph, parse_date, required, text},
        form::Errors,
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use serde::Deserialize;

/// The intake form as typed. Every field is a string so the form can be re-rendered as is.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ReferralForm {
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: String,
    pub gestational_weeks: String,
    pub sex: String,
    pub race_ethnicity: String,
    pub received_on: String,
    pub source: String,
    pub source_name: String,
    pub concerns: String,
    pub caregiver_name: String,
    pub relationship: String,
    pub email: String,
    pub phone: String,
    pub preferred_contact: String,
    pub language: String,
    pub interpreter_needed: Option<String>,
    pub address_line: String,
    pub city: String,
    pub county: String,
    pub postal_code: String,
    pub coordinator_id: String,
    /// The answer to "possible duplicate": `new`, or `merge:<child id>`.
    pub duplicate: String,
}

/// A referral that is valid to store.
#[derive(Debug, Clone)]
pub struct NewReferral {
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: NaiveDate,
    pub gestational_weeks: Option<i32>,
    pub sex: Option<child::Sex>,
    pub race_ethnicity: Option<child::RaceEthnicity>,
    pub received_on: NaiveDate,
    pub source: referral::Source,
    pub source_name: String,
    pub concerns: String,
    pub caregiver: NewCaregiver,
    pub address_line: String,
    pub city: String,
    pub county: String,
    pub postal_code: String,
    pub coordinator_id: Option<i32>,
}

impl ReferralForm {
    pub fn caregiver_form(&self) -> CaregiverForm {
        CaregiverForm {
            caregiver_name: self.caregiver_name.clone(),
            relationship: self.relationship.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            preferred_contact: self.preferred_contact.clone(),
            language: self.language.clone(),
            interpreter_needed: self.interpreter_needed.clone(),
        }
    }

    pub fn parse(&self, today: NaiveDate, rules: &ProgramRules) -> Result<NewReferral, Errors> {
        let mut e = Errors::default();
        let first_name = required(
            &mut e,
            "first_name",
            &self.first_name,
            "Enter the child's first name.",
            80,
        );
        let last_name = required(
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
        if let Some(d) = dob.filter(|d| *d > today) {
            e.add(
                "date_of_birth",
                format!("The date of birth cannot be in the future (it says {d})."),
            );
        }
        let gestational_weeks = match self.gestational_weeks.trim() {
            "" => None,
            w => match w.parse::<i32>() {
                Ok(n) if (22..=44).contains(&n) => Some(n),
                _ => {
                    e.add("gestational_weeks", "Enter the weeks of gestation at birth as a number from 22 to 44, or leave it empty.");
                    None
                }
            },
        };
        let sex = match self.sex.as_str() {
            "" => None,
            s => e.choice("sex", s, "Choose from the list."),
        };
        let race_ethnicity = match self.race_ethnicity.as_str() {
            "" => None,
            s => e.choice("race_ethnicity", s, "Choose from the list."),
        };
        let received_on = parse_date(
            &mut e,
            "received_on",
            &self.received_on,
            "date the referral was received",
        );
        if let Some(r) = received_on {
            if r > today {
                e.add("received_on", "The referral date cannot be in the future.");
            } else if let Some(d) = dob.filter(|d| *d <= today) {
                if r < d {
                    e.add(
                        "received_on",
                        "The referral cannot be received before the child was born.",
                    );
                } else if late_referral(d, r, rules) == LateReferral::PastThirdBirthday {
                    e.add(
                        "received_on",
                        format!(
                            "The child turned three on {}; Part C serves children under three.",
                            third_birthday(d, rules.feb29)
                        ),
                    );
                }
            }
        }
        let source = e.choice("source", &self.source, "Choose who made the referral.");
        let concerns = paragraph(&mut e, "concerns", &self.concerns, 4000);
        if concerns.is_empty() {
            e.add(
                "concerns",
                "Describe the concerns that led to the referral.",
            );
        }
        let caregiver = parse_caregiver(&mut e, &self.caregiver_form());
        let coordinator_id = match self.coordinator_id.trim() {
            "" => None,
            s => match s.parse::<i32>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("coordinator_id", "Choose a coordinator from the list.");
                    None
                }
            },
        };
        let source_name = text(&mut e, "source_name", &self.source_name, limit::NAME);
        let address_line = text(&mut e, "address_line", &self.address_line, limit::NAME);
        let city = text(&mut e, "city", &self.city, limit::NAME);
        let county = text(&mut e, "county", &self.county, limit::NAME);
        let postal_code = text(&mut e, "postal_code", &self.postal_code, 16);
        match (dob, received_on, source, caregiver) {
            (Some(date_of_birth), Some(received_on), Some(source), Some(caregiver))
                if e.is_empty() =>
            {
                Ok(NewReferral {
                    first_name,
                    last_name,
                    date_of_birth,
                    gestational_weeks,
                    sex,
                    race_ethnicity,
                    received_on,
                    source,
                    source_name,
                    concerns,
                    caregiver,
                    address_line,
                    city,
                    county,
                    postal_code,
                    coordinator_id,
                })
            }
            _ => Err(e),
        }
    }
}

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Children in the program with the same name and date of birth.
pub async fn possible_duplicates(
    db: &impl ConnectionTrait,
    program_id: i32,
    r: &NewReferral,
) -> Result<Vec<child::Model>, DbErr> {
    let same_day = child::Entity::find()
        .filter(child::Column::ProgramId.eq(program_id))
        .filter(child::Column::DateOfBirth.eq(r.date_of_birth))
        .all(db)
        .await?;
    Ok(same_day
        .into_iter()
        .filter(|c| {
            fold(&c.first_name) == fold(&r.first_name) && fold(&c.last_name) == fold(&r.last_name)
        })
        .collect())
}

pub async fn insert_referral(
    db: &impl ConnectionTrait,
    child_id: i32,
    r: &NewReferral,
    by: i32,
) -> Result<referral::Model, DbErr> {
    referral::ActiveModel {
        child_id: Set(child_id),
        received_on: Set(r.received_on),
        source: Set(r.source),
        source_name: Set(r.source_name.clone()),
        concerns: Set(r.concerns.clone()),
        first_contact_on: Set(None),
        created_by: Set(by),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Creates the family, its first caregiver, the child and the referral.
pub async fn create_case(
    db: &impl ConnectionTrait,
    program_id: i32,
    r: NewReferral,
    by: i32,
) -> Result<child::Model, DbErr> {
    Ok(create_case_with_referral(db, program_id, r, by).await?.0)
}

/// [`create_case`], answering the referral row too (the FHIR Task and the import's result
/// name it).
pub async fn create_case_with_referral(
    db: &impl ConnectionTrait,
    program_id: i32,
    r: NewReferral,
    by: i32,
) -> Result<(child::Model, referral::Model), DbErr> {
    let now = Utc::now();
    let fam = family::ActiveModel {
        program_id: Set(program_id),
        address_line: Set(r.address_line.clone()),
        city: Set(r.city.clone()),
        county: Set(r.county.clone()),
        postal_code: Set(r.postal_code.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    insert_caregiver(db, fam.id, r.caregiver.clone(), true).await?;
    let kid = child::ActiveModel {
        program_id: Set(program_id),
        family_id: Set(fam.id),
        first_name: Set(r.first_name.clone()),
        last_name: Set(r.last_name.clone()),
        date_of_birth: Set(r.date_of_birth),
        gestational_weeks: Set(r.gestational_weeks),
        sex: Set(r.sex),
        race_ethnicity: Set(r.race_ethnicity),
        coordinator_id: Set(r.coordinator_id),
        status: Set(child::Status::Referred),
        exit_category: Set(None),
        exit_date: Set(None),
        initial_ifsp_on: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let referral = insert_referral(db, kid.id, &r, by).await?;
    Ok((kid, referral))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ReferralForm {
        ReferralForm {
            first_name: "Mateo".into(),
            last_name: "Reyes".into(),
            date_of_birth: "2025-04-02".into(),
            received_on: "2026-11-20".into(),
            source: "physician".into(),
            concerns: "Not yet babbling".into(),
            caregiver_name: "Lucía Reyes".into(),
            relationship: "mother".into(),
            phone: "555-201-3344".into(),
            preferred_contact: "text".into(),
            language: "es".into(),
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_complete_form_parses() {
        let r = form().parse(today(), &ProgramRules::default()).unwrap();
        assert_eq!(r.caregiver.language, crate::i18n::Lang::Es);
        assert_eq!(r.caregiver.email, None);
    }

    #[test]
    fn impossible_dates_are_named() {
        let rules = ProgramRules::default();
        let mut f = form();
        f.date_of_birth = "2026-12-01".into();
        assert!(
            f.parse(today(), &rules)
                .unwrap_err()
                .get("date_of_birth")
                .unwrap()
                .contains("future")
        );
        let mut f = form();
        f.received_on = "2025-03-01".into();
        assert_eq!(
            f.parse(today(), &rules).unwrap_err().get("received_on"),
            Some("The referral cannot be received before the child was born.")
        );
        let mut f = form();
        f.date_of_birth = "2023-11-01".into();
        assert!(
            f.parse(today(), &rules)
                .unwrap_err()
                .get("received_on")
                .unwrap()
                .contains("turned three on 2026-11-01")
        );
        let mut f = form();
        f.date_of_birth = "31/02/2025".into();
        assert!(
            f.parse(today(), &rules)
                .unwrap_err()
                .get("date_of_birth")
                .unwrap()
                .contains("real date")
        );
    }

    #[test]
    fn contact_preferences_need_the_matching_detail() {
        let mut f = form();
        f.preferred_contact = "email".into();
        assert!(
            f.parse(today(), &ProgramRules::default())
                .unwrap_err()
                .get("email")
                .unwrap()
                .contains("prefers e-mail")
        );
    }
}
