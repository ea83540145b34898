use sea_orm::entity::prelude::*;

/// The coaching note a family receives after a signed visit: composed from the visit, edited
/// by the provider, sent once (then read-only; each recipient's delivery is an outbox row).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "coaching_notes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub visit_id: i32,
    pub child_id: i32,
    pub language: crate::i18n::Lang,
    pub body: String,
    /// draft, sent
    pub status: String,
    /// Optimistic-lock counter.
    pub version: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub sent_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
