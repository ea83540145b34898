use sea_orm::entity::prelude::*;

/// The area's population for one program and calendar year (C5/C6 denominators).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "program_populations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub year: i32,
    pub birth_to_one: i32,
    pub birth_to_three: i32,
    pub updated_by: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
