use sea_orm::entity::prelude::*;

/// A record a referral packet can carry; a release of information names the ones it covers.
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
pub enum Document {
    #[sea_orm(string_value = "ifsp")]
    #[strum(message = "The current IFSP")]
    Ifsp,
    #[sea_orm(string_value = "evaluation")]
    #[strum(message = "Evaluation and assessment results")]
    Evaluation,
    #[sea_orm(string_value = "visit_notes")]
    #[strum(message = "Recent home-visit notes (the last five signed)")]
    VisitNotes,
    #[sea_orm(string_value = "cos")]
    #[strum(message = "Child Outcomes Summary ratings")]
    Cos,
}

/// The documents of a packet, stored as a JSON array of their keys (`["ifsp","cos"]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String")]
pub struct Documents(pub Vec<Document>);

impl std::fmt::Display for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&serde_json::to_string(&self.0).map_err(|_| std::fmt::Error)?)
    }
}

impl std::str::FromStr for Documents {
    type Err = serde_json::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_str(s).map(Documents)
    }
}

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
    pub documents: Documents,
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
