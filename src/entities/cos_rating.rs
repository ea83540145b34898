use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cos_ratings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    /// entry or exit
    pub phase: String,
    pub rated_on: Date,
    pub rating_a: i16,
    pub rating_b: i16,
    pub rating_c: i16,
    /// Exit only: has the child shown any new skills or behaviours (per outcome)?
    pub new_skills_a: Option<bool>,
    pub new_skills_b: Option<bool>,
    pub new_skills_c: Option<bool>,
    pub evidence: String,
    pub team: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
