use sea_orm::entity::prelude::*;

/// How an outcome is going at a review. Revise and discontinue are decisions, not levels.
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
pub enum Rating {
    #[sea_orm(string_value = "achieved")]
    #[strum(message = "Achieved")]
    Achieved,
    #[sea_orm(string_value = "progressing")]
    #[strum(message = "Progressing")]
    Progressing,
    #[sea_orm(string_value = "not_yet")]
    #[strum(message = "Not yet")]
    NotYet,
    #[sea_orm(string_value = "revise")]
    #[strum(message = "Revise the outcome")]
    Revise,
    #[sea_orm(string_value = "discontinue")]
    #[strum(message = "Discontinue")]
    Discontinue,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outcome_progress")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `ifsp_outcome::Model::origin()` of the outcome rated.
    pub origin_id: i32,
    /// The plan version (a review, annual plan or amendment) the rating was made in.
    pub ifsp_id: i32,
    pub rated_on: Date,
    pub rating: Rating,
    pub note: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
