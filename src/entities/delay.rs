use sea_orm::entity::prelude::*;

/// Why a deadline was missed. Only family reasons excuse a delay (303.310(b));
/// agency reasons (staffing, scheduling, waiting lists) never do. Stored as a delay's reason.
#[derive(
    Debug,
    Clone,
    Copy,
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
pub enum DelayReason {
    /// Documented exceptional family circumstances (illness, family request to postpone).
    #[sea_orm(string_value = "exceptional_family_circumstances")]
    #[strum(message = "Exceptional family circumstances")]
    ExceptionalFamilyCircumstances,
    /// No consent despite documented, repeated attempts to obtain it.
    #[sea_orm(string_value = "consent_attempts")]
    #[strum(message = "No consent despite repeated, documented attempts")]
    ConsentAttempts,
    /// Anything on the program's side.
    #[sea_orm(string_value = "agency")]
    #[strum(message = "Program or agency reason (not excused)")]
    Agency,
}

impl DelayReason {
    pub fn excuses(self) -> bool {
        !matches!(self, DelayReason::Agency)
    }
}

/// The clock a documented delay explains.
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
pub enum Clock {
    #[sea_orm(string_value = "initial_ifsp")]
    #[strum(message = "Initial IFSP meeting (45 days)")]
    InitialIfsp,
}

/// A documented reason a clock ran late (`crate::timeline::judge` weighs it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub clock: Clock,
    pub reason: DelayReason,
    pub documented_on: Date,
    pub note: String,
    pub recorded_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
