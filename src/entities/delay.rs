use sea_orm::entity::prelude::*;

/// A documented reason a clock ran late (see `crate::timeline::DelayReason`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    /// Which clock: initial_ifsp, …
    pub clock: String,
    pub reason: String,
    pub documented_on: Date,
    pub note: String,
    pub recorded_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
