use super::evaluation_result::DevelopmentalDomain;
use sea_orm::entity::prelude::*;

/// Staff activities are drafts until an admin publishes them.
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
pub enum Status {
    #[sea_orm(string_value = "draft")]
    #[strum(message = "Draft")]
    Draft,
    #[sea_orm(string_value = "published")]
    #[strum(message = "Published")]
    Published,
}

/// The developmental areas an activity works on, stored as their keys separated by commas
/// ("communication,adaptive"), as before the list was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String")]
pub struct Domains(pub Vec<DevelopmentalDomain>);

impl std::fmt::Display for Domains {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.0.iter().map(|d| d.into()).collect();
        f.write_str(&keys.join(","))
    }
}

impl std::str::FromStr for Domains {
    type Err = strum::ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(',')
            .filter(|k| !k.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map(Domains)
    }
}

/// A play- or routine-based activity. Its texts (English and Spanish) are `activity_text`
/// rows; `program_id` NULL marks Hearth's starter library, shared by every program.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: Option<i32>,
    pub slug: Option<String>,
    pub domains: Domains,
    pub cos_outcome: super::cos_rating::CosOutcome,
    pub age_min: i32,
    pub age_max: i32,
    /// Comma-separated routine keys.
    pub routines: String,
    pub status: Status,
    pub author_id: Option<i32>,
    pub last_reviewed: Option<Date>,
    pub edited_locally: bool,
    pub starter_revision: i32,
    pub search_text: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn routine_list(&self) -> Vec<&str> {
        self.routines.split(',').filter(|s| !s.is_empty()).collect()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
