use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "caregivers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub family_id: i32,
    pub name: String,
    /// mother, father, grandparent, foster_parent, guardian, other
    pub relationship: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// email, phone, text
    pub preferred_contact: String,
    /// A language code: en, es, …
    pub language: String,
    pub interpreter_needed: bool,
    pub is_primary: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
