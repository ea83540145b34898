use sea_orm::entity::prelude::*;

/// Documents sent to one agency under a release-of-information consent naming it, opened
/// through a signed, expiring link; the agency acknowledges and records the outcome.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral_packets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub agency_id: i32,
    pub consent_id: i32,
    /// JSON array of document keys.
    pub documents: String,
    pub message: String,
    pub token_hash: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub opened_at: Option<DateTimeUtc>,
    pub acknowledged_at: Option<DateTimeUtc>,
    /// part_b_eligible, not_eligible, evaluation_pending, enrolled, family_declined; empty
    /// until the agency answers.
    pub outcome: String,
    pub outcome_on: Option<Date>,
    pub outcome_note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
