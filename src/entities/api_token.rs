use super::user::Role;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a token may do: read only, or also write (referrals, visits, note drafts).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Access {
    #[sea_orm(string_value = "read")]
    #[strum(message = "Read only")]
    Read,
    #[sea_orm(string_value = "write")]
    #[strum(message = "Read and write")]
    Write,
}

/// An API token's row. The token (a JWT) is never stored: `id_hash` is the SHA-256 of the
/// random id it carries, so the row can be found from a presented token, not the reverse.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub name: String,
    pub role: Role,
    pub access: Access,
    /// The staff member the token acts as; none for a service identity.
    pub acts_for: Option<i32>,
    #[sea_orm(unique)]
    pub id_hash: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
