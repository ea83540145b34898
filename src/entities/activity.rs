use super::{CommaList, evaluation_result::DevelopmentalDomain, visit::Routine};
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

/// A play- or routine-based activity. Its texts (English and Spanish) are `activity_text`
/// rows; `program_id` NULL marks Hearth's starter library, shared by every program.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: Option<i32>,
    pub slug: Option<String>,
    /// The developmental areas it works on.
    pub domains: CommaList<DevelopmentalDomain>,
    pub cos_outcome: super::cos_rating::CosOutcome,
    pub age_min: i32,
    pub age_max: i32,
    pub routines: CommaList<Routine>,
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

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
