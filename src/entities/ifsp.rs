use sea_orm::entity::prelude::*;

/// Which plan a version is: the first, a temporary one, or a later review or change.
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
pub enum Kind {
    #[sea_orm(string_value = "initial")]
    #[strum(message = "Initial IFSP")]
    Initial,
    #[sea_orm(string_value = "interim")]
    #[strum(message = "Interim IFSP")]
    Interim,
    #[sea_orm(string_value = "review")]
    #[strum(message = "Six-month review")]
    Review,
    #[sea_orm(string_value = "annual")]
    #[strum(message = "Annual IFSP")]
    Annual,
    #[sea_orm(string_value = "amendment")]
    #[strum(message = "Amendment")]
    Amendment,
}

/// A plan version is edited as a draft, locked when signed, and superseded when the next
/// version is signed.
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
pub enum Status {
    #[sea_orm(string_value = "draft")]
    #[strum(message = "Draft")]
    Draft,
    #[sea_orm(string_value = "signed")]
    #[strum(message = "Signed (active)")]
    Signed,
    #[sea_orm(string_value = "superseded")]
    #[strum(message = "Superseded")]
    Superseded,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ifsps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub program_id: i32,
    pub kind: Kind,
    pub status: Status,
    pub meeting_date: Option<Date>,
    pub participants: String,
    pub present_cognitive: String,
    pub present_physical: String,
    pub present_communication: String,
    pub present_social_emotional: String,
    pub present_adaptive: String,
    /// Concerns, priorities and resources are included only with the family's agreement.
    pub family_agrees: bool,
    pub family_concerns: String,
    pub family_priorities: String,
    pub family_resources: String,
    pub routines: String,
    pub other_services: String,
    pub transition_steps: String,
    pub behavior_patterns: String,
    pub behavior_function: String,
    pub replacement_skills: String,
    pub caregiver_responses: String,
    pub supersedes_id: Option<i32>,
    pub signed_at: Option<DateTimeUtc>,
    /// Optimistic-lock counter for the draft.
    pub version: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn is_draft(&self) -> bool {
        self.status == Status::Draft
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
