use sea_orm::entity::prelude::*;

/// Who referred the child.
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
pub enum Source {
    #[sea_orm(string_value = "parent")]
    #[strum(message = "Parent or family")]
    Parent,
    #[sea_orm(string_value = "physician")]
    #[strum(message = "Physician or medical home")]
    Physician,
    #[sea_orm(string_value = "hospital_nicu")]
    #[strum(message = "Hospital / NICU")]
    HospitalNicu,
    #[sea_orm(string_value = "child_welfare")]
    #[strum(message = "Child welfare")]
    ChildWelfare,
    #[sea_orm(string_value = "other")]
    #[strum(message = "Other")]
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    /// The day the program received the referral: the 45-day clock starts here.
    pub received_on: Date,
    pub source: Source,
    pub source_name: String,
    pub concerns: String,
    pub first_contact_on: Option<Date>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
