use sea_orm::entity::prelude::*;

/// A coaching note is edited as a draft and read-only once sent.
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
    #[sea_orm(string_value = "sent")]
    #[strum(message = "Sent")]
    Sent,
}

/// The coaching note a family receives after a signed visit: composed from the visit, edited
/// by the provider, sent once (then read-only; each recipient's delivery is an outbox row).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "coaching_notes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub visit_id: i32,
    pub child_id: i32,
    pub language: super::Lang,
    pub body: String,
    pub status: Status,
    /// Optimistic-lock counter.
    pub version: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub sent_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
