use sea_orm::entity::prelude::*;

/// How many times a child's indicator facts have changed: bumped by the triggers of
/// migration 000039 in the transaction of the change, never by the app.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub child_id: i32,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
