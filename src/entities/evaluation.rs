use sea_orm::entity::prelude::*;

/// Where an evaluation stands on the record. Only a recorded one counts for eligibility, the
/// 45-day clock and C7; a withdrawn or superseded one stays visible, marked, with its reason.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Default,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    #[default]
    #[sea_orm(string_value = "recorded")]
    #[strum(message = "Recorded")]
    Recorded,
    /// Entered by mistake and taken back, with a reason.
    #[sea_orm(string_value = "withdrawn")]
    #[strum(message = "Withdrawn")]
    Withdrawn,
    /// Replaced by a corrected evaluation (`superseded_by`).
    #[sea_orm(string_value = "superseded")]
    #[strum(message = "Superseded by a correction")]
    Superseded,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub evaluated_on: Date,
    pub tools: String,
    pub diagnosed_condition: String,
    pub informed_clinical_opinion: bool,
    pub notes: String,
    /// What the program's rule gives for these results.
    pub proposed_eligible: bool,
    /// The rule's reasons, one per line.
    pub reasons: String,
    /// The team's decision, once confirmed.
    pub confirmed_eligible: Option<bool>,
    pub confirmed_on: Option<Date>,
    pub confirmed_by: Option<i32>,
    /// Prior written notice of the eligibility decision.
    pub notice_sent_on: Option<Date>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub status: Status,
    /// Why it was withdrawn or corrected; empty while recorded.
    pub closed_reason: String,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by: Option<i32>,
    /// The correction that replaced it.
    pub superseded_by: Option<i32>,
}

impl Model {
    /// Whether it counts for eligibility and the clocks (it was not withdrawn or corrected).
    pub fn counts(&self) -> bool {
        self.status == Status::Recorded
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
