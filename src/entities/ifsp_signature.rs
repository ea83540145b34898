use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ifsp_signatures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ifsp_id: i32,
    /// parent or coordinator
    pub role: String,
    /// The typed name.
    pub name: String,
    pub signed_on: Date,
    /// in_person or remote
    pub method: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
