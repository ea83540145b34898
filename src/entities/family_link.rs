use sea_orm::entity::prelude::*;

/// A family's signed link, as a row so it can expire, be revoked and be audited. Only the
/// SHA-256 of the link's random identifier is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "family_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub family_id: i32,
    pub child_id: i32,
    pub caregiver_id: i32,
    pub note_id: Option<i32>,
    pub token_hash: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
