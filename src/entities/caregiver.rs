use sea_orm::entity::prelude::*;

/// How a caregiver is related to the child.
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
pub enum Relationship {
    #[sea_orm(string_value = "mother")]
    #[strum(message = "Mother")]
    Mother,
    #[sea_orm(string_value = "father")]
    #[strum(message = "Father")]
    Father,
    #[sea_orm(string_value = "grandparent")]
    #[strum(message = "Grandparent")]
    Grandparent,
    #[sea_orm(string_value = "foster_parent")]
    #[strum(message = "Foster parent")]
    FosterParent,
    #[sea_orm(string_value = "guardian")]
    #[strum(message = "Legal guardian")]
    Guardian,
    #[sea_orm(string_value = "other")]
    #[strum(message = "Other")]
    Other,
}

/// How a family prefers to be reached.
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
pub enum Contact {
    #[sea_orm(string_value = "phone")]
    #[strum(message = "Phone call")]
    Phone,
    #[sea_orm(string_value = "text")]
    #[strum(message = "Text message")]
    Text,
    #[sea_orm(string_value = "email")]
    #[strum(message = "E-mail")]
    Email,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "caregivers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub family_id: i32,
    pub name: String,
    pub relationship: Relationship,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_contact: Contact,
    pub language: super::Lang,
    pub interpreter_needed: bool,
    pub is_primary: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
