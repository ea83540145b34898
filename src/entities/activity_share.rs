use sea_orm::entity::prelude::*;

/// An activity shared with a child's family, at a visit and/or for an outcome.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_shares")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub activity_id: i32,
    pub child_id: i32,
    pub visit_id: Option<i32>,
    pub outcome_origin: Option<i32>,
    pub shared_by: i32,
    pub shared_on: Date,
    /// What the family said about it.
    pub family_feedback: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
