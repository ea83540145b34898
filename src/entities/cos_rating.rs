use sea_orm::entity::prelude::*;

/// The three child outcome areas of the Child Outcomes Summary (OSEP indicator 3). One list
/// for the COS ratings, the plan's outcomes and the activity library.
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
pub enum CosOutcome {
    #[sea_orm(string_value = "A")]
    #[serde(rename = "A")]
    #[strum(
        serialize = "A",
        message = "A: positive social-emotional skills (including social relationships)"
    )]
    A,
    #[sea_orm(string_value = "B")]
    #[serde(rename = "B")]
    #[strum(
        serialize = "B",
        message = "B: acquiring and using knowledge and skills (including early language)"
    )]
    B,
    #[sea_orm(string_value = "C")]
    #[serde(rename = "C")]
    #[strum(
        serialize = "C",
        message = "C: taking appropriate action to meet needs"
    )]
    C,
}

/// A COS rating is made at entry and again at exit; progress compares the two.
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
pub enum Phase {
    #[sea_orm(string_value = "entry")]
    #[strum(message = "Entry")]
    Entry,
    #[sea_orm(string_value = "exit")]
    #[strum(message = "Exit")]
    Exit,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cos_ratings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub phase: Phase,
    pub rated_on: Date,
    pub rating_a: i16,
    pub rating_b: i16,
    pub rating_c: i16,
    /// Exit only: has the child shown any new skills or behaviours (per outcome)?
    pub new_skills_a: Option<bool>,
    pub new_skills_b: Option<bool>,
    pub new_skills_c: Option<bool>,
    pub evidence: String,
    pub team: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
