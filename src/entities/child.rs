use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a child is on the path from referral to exit.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[sea_orm(string_value = "referred")]
    Referred,
    #[sea_orm(string_value = "evaluating")]
    Evaluating,
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "not_eligible")]
    NotEligible,
    #[sea_orm(string_value = "exited")]
    Exited,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Referred,
        Status::Evaluating,
        Status::Active,
        Status::NotEligible,
        Status::Exited,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Referred => "referred",
            Status::Evaluating => "evaluating",
            Status::Active => "active",
            Status::NotEligible => "not_eligible",
            Status::Exited => "exited",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Referred => "Referred",
            Status::Evaluating => "Evaluating",
            Status::Active => "Eligible / active",
            Status::NotEligible => "Not eligible",
            Status::Exited => "Exited",
        }
    }

    /// Open cases have clocks running.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Referred | Status::Evaluating | Status::Active)
    }
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
    pub sex: Option<String>,
    pub coordinator_id: Option<i32>,
    pub status: Status,
    /// An OSEP exit category (see `crate::children::exit`).
    pub exit_category: Option<String>,
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
