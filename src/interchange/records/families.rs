//! Families, their caregivers and their children (a child's exit is part of its record:
//! `status: exited` with `exit_category` and `exit_date`).
use super::{Problems, choice, micros, opt_choice};
use crate::entities::{Lang, caregiver, child, family};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::views::fields::limit;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use sea_orm::{NotSet, Set};
use serde::{Deserialize, Serialize};

/// A household: where the family lives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyRec {
    pub id: String,
    pub program: String,
    pub address_line: String,
    pub city: String,
    pub county: String,
    pub postal_code: String,
    pub created_at: DateTime<Utc>,
}

impl FamilyRec {
    pub fn from_model(m: &family::Model, n: &Names) -> Self {
        FamilyRec {
            id: n.get(Kind::Family, m.id),
            program: n.get(Kind::Program, m.program_id),
            address_line: m.address_line.clone(),
            city: m.city.clone(),
            county: m.county.clone(),
            postal_code: m.postal_code.clone(),
            created_at: micros(m.created_at),
        }
    }

    pub fn active(&self, l: &Locals) -> family::ActiveModel {
        family::ActiveModel {
            id: NotSet,
            program_id: Set(l.get(Kind::Program, &self.program)),
            address_line: Set(self.address_line.clone()),
            city: Set(self.city.clone()),
            county: Set(self.county.clone()),
            postal_code: Set(self.postal_code.clone()),
            created_at: Set(self.created_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("address_line", &self.address_line, limit::LINE, false);
        p.line("city", &self.city, limit::LINE, false);
        p.line("county", &self.county, limit::LINE, false);
        p.line("postal_code", &self.postal_code, 20, false);
    }
}

/// A caregiver of a family's children.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaregiverRec {
    pub id: String,
    pub family: String,
    pub name: String,
    #[schemars(schema_with = "choice::<caregiver::Relationship>")]
    pub relationship: caregiver::Relationship,
    #[serde(default)]
    pub email: Option<String>,
    /// Likely duplicates are found by this number (digits only) across families.
    #[serde(default)]
    pub phone: Option<String>,
    #[schemars(schema_with = "choice::<caregiver::Contact>")]
    pub preferred_contact: caregiver::Contact,
    #[schemars(schema_with = "choice::<Lang>")]
    pub language: Lang,
    pub interpreter_needed: bool,
    pub is_primary: bool,
    pub created_at: DateTime<Utc>,
}

impl CaregiverRec {
    pub fn from_model(m: &caregiver::Model, n: &Names) -> Self {
        CaregiverRec {
            id: n.get(Kind::Caregiver, m.id),
            family: n.get(Kind::Family, m.family_id),
            name: m.name.clone(),
            relationship: m.relationship,
            email: m.email.clone(),
            phone: m.phone.clone(),
            preferred_contact: m.preferred_contact,
            language: m.language,
            interpreter_needed: m.interpreter_needed,
            is_primary: m.is_primary,
            created_at: micros(m.created_at),
        }
    }

    pub fn active(&self, l: &Locals) -> caregiver::ActiveModel {
        caregiver::ActiveModel {
            id: NotSet,
            family_id: Set(l.get(Kind::Family, &self.family)),
            name: Set(self.name.clone()),
            relationship: Set(self.relationship),
            email: Set(self.email.clone()),
            phone: Set(self.phone.clone()),
            preferred_contact: Set(self.preferred_contact),
            language: Set(self.language),
            interpreter_needed: Set(self.interpreter_needed),
            is_primary: Set(self.is_primary),
            created_at: Set(self.created_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("name", &self.name, limit::NAME, true);
        if let Some(e) = &self.email {
            p.line("email", e, limit::EMAIL, false);
        }
        if let Some(ph) = &self.phone {
            p.line("phone", ph, limit::LINE, false);
        }
    }
}

/// The digits of a phone number, for comparing numbers written differently; `None` for one
/// too short to tell two families apart.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix('1') {
        Some(rest) if digits.len() == 11 => rest.to_owned(),
        _ => digits,
    };
    (digits.len() >= 7).then_some(digits)
}

/// A child, from referral to exit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildRec {
    pub id: String,
    pub program: String,
    pub family: String,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: NaiveDate,
    #[serde(default)]
    pub gestational_weeks: Option<i32>,
    #[serde(default)]
    #[schemars(schema_with = "opt_choice::<child::Sex>")]
    pub sex: Option<child::Sex>,
    #[serde(default)]
    #[schemars(schema_with = "opt_choice::<child::RaceEthnicity>")]
    pub race_ethnicity: Option<child::RaceEthnicity>,
    /// The service coordinator (a staff id).
    #[serde(default)]
    pub coordinator: Option<String>,
    #[schemars(schema_with = "choice::<child::Status>")]
    pub status: child::Status,
    #[serde(default)]
    #[schemars(schema_with = "opt_choice::<child::ExitCategory>")]
    pub exit_category: Option<child::ExitCategory>,
    #[serde(default)]
    pub exit_date: Option<NaiveDate>,
    #[serde(default)]
    pub initial_ifsp_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ChildRec {
    pub fn from_model(m: &child::Model, n: &Names) -> Self {
        ChildRec {
            id: n.get(Kind::Child, m.id),
            program: n.get(Kind::Program, m.program_id),
            family: n.get(Kind::Family, m.family_id),
            first_name: m.first_name.clone(),
            last_name: m.last_name.clone(),
            date_of_birth: m.date_of_birth,
            gestational_weeks: m.gestational_weeks,
            sex: m.sex,
            race_ethnicity: m.race_ethnicity,
            coordinator: m.coordinator_id.map(|c| n.get(Kind::Staff, c)),
            status: m.status,
            exit_category: m.exit_category,
            exit_date: m.exit_date,
            initial_ifsp_on: m.initial_ifsp_on,
            created_at: micros(m.created_at),
            updated_at: micros(m.updated_at),
        }
    }

    /// Without the version: 1 on insert, bumped on update.
    pub fn active(&self, l: &Locals) -> child::ActiveModel {
        child::ActiveModel {
            id: NotSet,
            program_id: Set(l.get(Kind::Program, &self.program)),
            family_id: Set(l.get(Kind::Family, &self.family)),
            first_name: Set(self.first_name.clone()),
            last_name: Set(self.last_name.clone()),
            date_of_birth: Set(self.date_of_birth),
            gestational_weeks: Set(self.gestational_weeks),
            sex: Set(self.sex),
            race_ethnicity: Set(self.race_ethnicity),
            coordinator_id: Set(self.coordinator.as_ref().map(|c| l.get(Kind::Staff, c))),
            status: Set(self.status),
            exit_category: Set(self.exit_category),
            exit_date: Set(self.exit_date),
            initial_ifsp_on: Set(self.initial_ifsp_on),
            version: NotSet,
            created_at: Set(self.created_at),
            updated_at: Set(self.updated_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("first_name", &self.first_name, limit::NAME, true);
        p.line("last_name", &self.last_name, limit::NAME, true);
        if let Some(w) = self.gestational_weeks
            && !(20..=45).contains(&w)
        {
            p.push("gestational_weeks", "between 20 and 45");
        }
        if let Some(d) = self.exit_date
            && d < self.date_of_birth
        {
            p.push("exit_date", "before the date of birth");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::phone_key;

    #[test]
    fn phone_numbers_compare_by_their_digits() {
        assert_eq!(phone_key("(555) 010-2233").as_deref(), Some("5550102233"));
        assert_eq!(phone_key("+1 555.010.2233").as_deref(), Some("5550102233"));
        assert_eq!(phone_key("555-0102").as_deref(), Some("5550102"));
        // Too short to tell two families apart.
        assert_eq!(phone_key("x 123"), None);
        assert_eq!(phone_key(""), None);
    }
}
