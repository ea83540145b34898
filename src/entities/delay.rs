use sea_orm::entity::prelude::*;

pub use crate::timeline::DelayReason;

/// The clock a documented delay explains.
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
pub enum Clock {
    #[sea_orm(string_value = "initial_ifsp")]
    #[strum(message = "Initial IFSP meeting (45 days)")]
    InitialIfsp,
}

/// A documented reason a clock ran late (see `crate::timeline::DelayReason`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub clock: Clock,
    pub reason: DelayReason,
    pub documented_on: Date,
    pub note: String,
    pub recorded_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
