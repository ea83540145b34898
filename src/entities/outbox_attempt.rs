use sea_orm::entity::prelude::*;

/// How an attempt ended. `Running` (stored empty) while it runs, and for good if the worker
/// died; `Interrupted` once another worker has taken the message over.
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
    #[strum(serialize = "", message = "Running")]
    Running,
    #[sea_orm(string_value = "sent")]
    #[strum(message = "Sent")]
    Sent,
    #[sea_orm(string_value = "temporary")]
    #[strum(message = "Temporary failure")]
    Temporary,
    #[sea_orm(string_value = "permanent")]
    #[strum(message = "Permanent failure")]
    Permanent,
    #[sea_orm(string_value = "interrupted")]
    #[strum(message = "Interrupted")]
    Interrupted,
}

/// One try at handing an outbox message to the mail server. Written before the try starts,
/// so a worker that dies mid-send leaves an attempt with no outcome behind.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub outbox_id: i32,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub outcome: Outcome,
    pub smtp_code: Option<i32>,
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
