use sea_orm::entity::prelude::*;

/// One transition step of the signed IFSP (a line of its transition steps), with the day it
/// was done.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "transition_steps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub ifsp_id: i32,
    pub position: i32,
    pub step: String,
    pub done_on: Option<Date>,
    pub recorded_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
