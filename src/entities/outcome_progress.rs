use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outcome_progress")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `ifsp_outcome::Model::origin()` of the outcome rated.
    pub origin_id: i32,
    /// The plan version (a review, annual plan or amendment) the rating was made in.
    pub ifsp_id: i32,
    pub rated_on: Date,
    /// achieved, progressing, not_yet, revise, discontinue
    pub rating: String,
    pub note: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
