use sea_orm::entity::prelude::*;

/// A consent is a record: who decided what, when, for what purpose, until when, and
/// whether it was later revoked (never retroactively).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    /// evaluation, release_of_information, email, lea_opt_out (services: per service, on the IFSP)
    pub kind: String,
    pub agency_name: String,
    pub purpose: String,
    pub given: bool,
    pub decided_on: Date,
    pub decided_by: String,
    pub expires_on: Option<Date>,
    pub revoked_on: Option<Date>,
    pub recorded_by: i32,
    /// For a release of information: the records it covers (comma-separated keys of
    /// `packets::model::DOCUMENTS`).
    pub records: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
