use sea_orm::entity::prelude::*;

/// The key a phone sent a visit note with: a second send with the same key for the same
/// visit finds it and is answered like the first, without saving again.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "note_submissions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub visit_id: i32,
    pub key: String,
    /// Whether that send signed the note (the answer repeats "signed" or "saved").
    pub signed: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
