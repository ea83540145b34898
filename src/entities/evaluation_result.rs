use sea_orm::entity::prelude::*;

/// The five developmental areas evaluated (303.321(b)), which are also the areas an activity
/// works on. Family-facing names are in the catalogue (`domain.<key>`).
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
    PartialOrd,
    Ord,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DevelopmentalDomain {
    #[sea_orm(string_value = "cognitive")]
    #[strum(message = "Cognitive")]
    Cognitive,
    #[sea_orm(string_value = "physical")]
    #[strum(message = "Physical (motor, vision, hearing, health)")]
    Physical,
    #[sea_orm(string_value = "communication")]
    #[strum(message = "Communication")]
    Communication,
    #[sea_orm(string_value = "social_emotional")]
    #[strum(message = "Social-emotional")]
    SocialEmotional,
    #[sea_orm(string_value = "adaptive")]
    #[strum(message = "Adaptive (self-help)")]
    Adaptive,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluation_results")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub evaluation_id: i32,
    pub domain: DevelopmentalDomain,
    pub developmental_months: Option<i32>,
    pub percent_delay: Option<f64>,
    pub sd: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
