use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a child is on the path from referral to exit.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    #[sea_orm(string_value = "referred")]
    #[strum(message = "Referred")]
    Referred,
    #[sea_orm(string_value = "evaluating")]
    #[strum(message = "Evaluating")]
    Evaluating,
    #[sea_orm(string_value = "active")]
    #[strum(message = "Eligible / active")]
    Active,
    #[sea_orm(string_value = "not_eligible")]
    #[strum(message = "Not eligible")]
    NotEligible,
    #[sea_orm(string_value = "exited")]
    #[strum(message = "Exited")]
    Exited,
}

impl Status {
    /// Open cases have clocks running.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Referred | Status::Evaluating | Status::Active)
    }
}

/// The child's sex as recorded at intake.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Sex {
    #[sea_orm(string_value = "female")]
    #[strum(message = "Female")]
    Female,
    #[sea_orm(string_value = "male")]
    #[strum(message = "Male")]
    Male,
    #[sea_orm(string_value = "unknown")]
    #[strum(message = "Not recorded")]
    Unknown,
}

/// The federal race/ethnicity categories of the 618 data (Hispanic/Latino of any race first,
/// then the races of non-Hispanic children), or "not reported". Optional on the record.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RaceEthnicity {
    #[sea_orm(string_value = "hispanic_latino")]
    #[strum(message = "Hispanic/Latino")]
    HispanicLatino,
    #[sea_orm(string_value = "american_indian_alaska_native")]
    #[strum(message = "American Indian or Alaska Native")]
    AmericanIndianAlaskaNative,
    #[sea_orm(string_value = "asian")]
    #[strum(message = "Asian")]
    Asian,
    #[sea_orm(string_value = "black_african_american")]
    #[strum(message = "Black or African American")]
    BlackAfricanAmerican,
    #[sea_orm(string_value = "native_hawaiian_pacific_islander")]
    #[strum(message = "Native Hawaiian or Other Pacific Islander")]
    NativeHawaiianPacificIslander,
    #[sea_orm(string_value = "white")]
    #[strum(message = "White")]
    White,
    #[sea_orm(string_value = "two_or_more")]
    #[strum(message = "Two or more races")]
    TwoOrMore,
    #[sea_orm(string_value = "not_reported")]
    #[strum(message = "Not reported")]
    NotReported,
}

/// The OSEP exit categories for Part C (the 618 exiting data).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ExitCategory {
    #[sea_orm(string_value = "completed_before_3")]
    #[serde(rename = "completed_before_3")]
    #[strum(
        serialize = "completed_before_3",
        message = "Completed IFSP before age three"
    )]
    CompletedBefore3,
    #[sea_orm(string_value = "part_b_eligible")]
    #[strum(message = "Part B eligible, exiting Part C")]
    PartBEligible,
    #[sea_orm(string_value = "not_part_b_eligible_referred")]
    #[strum(message = "Not eligible for Part B, exited with referrals to other programs")]
    NotPartBEligibleReferred,
    #[sea_orm(string_value = "not_part_b_eligible_no_referrals")]
    #[strum(message = "Not eligible for Part B, exited with no referrals")]
    NotPartBEligibleNoReferrals,
    #[sea_orm(string_value = "part_b_not_determined")]
    #[strum(message = "Part B eligibility not determined")]
    PartBNotDetermined,
    #[sea_orm(string_value = "deceased")]
    #[strum(message = "Deceased")]
    Deceased,
    #[sea_orm(string_value = "moved_out_of_state")]
    #[strum(message = "Moved out of state")]
    MovedOutOfState,
    #[sea_orm(string_value = "withdrawn_by_parent")]
    #[strum(message = "Withdrawal by parent")]
    WithdrawnByParent,
    #[sea_orm(string_value = "unable_to_contact")]
    #[strum(message = "Attempts to contact the family were unsuccessful")]
    UnableToContact,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "children")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub family_id: i32,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: Date,
    pub gestational_weeks: Option<i32>,
    pub sex: Option<Sex>,
    /// Optional; the 618 tables count an empty one as "not reported".
    pub race_ethnicity: Option<RaceEthnicity>,
    pub coordinator_id: Option<i32>,
    pub status: Status,
    pub exit_category: Option<ExitCategory>,
    pub exit_date: Option<Date>,
    /// The date of the initial IFSP meeting, when it has been held.
    pub initial_ifsp_on: Option<Date>,
    /// Optimistic-lock counter: bumped on every edit.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
