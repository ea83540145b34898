use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluation_results")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub evaluation_id: i32,
    /// A `crate::children::eligibility::Domain`.
    pub domain: String,
    pub developmental_months: Option<i32>,
    pub percent_delay: Option<f64>,
    pub sd: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
