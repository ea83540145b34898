use sea_orm::entity::prelude::*;

/// The `ServiceRequest.identifier` a FHIR referral came with, per API token: a retry of the
/// same request by the same token finds the referral it created.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral_identifiers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub token_id: i32,
    pub system: String,
    pub value: String,
    pub referral_id: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
