use sea_orm::entity::prelude::*;

/// One child's stored answers to a report (a period and a count date): see
/// `reports::store` and migration 000039.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_rows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub period_from: Date,
    pub period_to: Date,
    pub count_date: Date,
    /// The day the answers were judged on.
    pub as_of: Date,
    /// The last day they hold while the record does not change (`None`: for good).
    pub valid_through: Option<Date>,
    /// The child's `report_versions` when its facts were read.
    pub version: i64,
    /// `reports::store::Answers` as JSON.
    pub answers: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
