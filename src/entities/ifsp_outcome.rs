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
    /// The first version of this outcome; copies in later plan versions point back to it.
    pub origin_id: Option<i32>,
}

impl Model {
    /// The key an outcome's progress history is kept under, across plan versions.
    pub fn origin(&self) -> i32 {
        self.origin_id.unwrap_or(self.id)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
