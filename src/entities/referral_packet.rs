use sea_orm::entity::prelude::*;

/// What the agency reports back; `Unanswered` (stored empty) until it does.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Outcome {
    #[sea_orm(string_value = "")]
    #[serde(rename = "")]
    #[strum(serialize = "", message = "Not answered yet")]
    Unanswered,
    #[sea_orm(string_value = "part_b_eligible")]
    #[strum(message = "Eligible for Part B (IEP date below)")]
    PartBEligible,
    #[sea_orm(string_value = "not_eligible")]
    #[strum(message = "Not eligible for Part B")]
    NotEligible,
    #[sea_orm(string_value = "evaluation_pending")]
    #[strum(message = "Evaluation pending")]
    EvaluationPending,
    #[sea_orm(string_value = "enrolled")]
    #[strum(message = "Enrolled in our program")]
    Enrolled,
    #[sea_orm(string_value = "family_declined")]
    #[strum(message = "The family declined")]
    FamilyDeclined,
}

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
    pub outcome: Outcome,
    pub outcome_on: Option<Date>,
    pub outcome_note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
