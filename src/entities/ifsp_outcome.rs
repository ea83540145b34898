use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ifsp_outcomes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ifsp_id: i32,
    pub position: i32,
    /// child or family
    pub kind: String,
    pub statement: String,
    pub criteria: String,
    pub procedures: String,
    pub target_date: Option<Date>,
    pub routines: String,
    /// A, B or C (the COS outcome it serves)
    pub cos_outcome: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
