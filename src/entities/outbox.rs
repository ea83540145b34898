use sea_orm::entity::prelude::*;

/// What an e-mail is.
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
    #[sea_orm(string_value = "coaching_note")]
    #[strum(message = "Coaching note")]
    CoachingNote,
    #[sea_orm(string_value = "lea_notification")]
    #[strum(message = "SEA/LEA notification")]
    LeaNotification,
    #[sea_orm(string_value = "referral_packet")]
    #[strum(message = "Referral packet")]
    ReferralPacket,
}

/// Where a message is in the outbox: waiting, claimed by a worker, delivered, or given up.
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
    #[sea_orm(string_value = "queued")]
    #[strum(message = "Queued")]
    Queued,
    #[sea_orm(string_value = "sending")]
    #[strum(message = "Sending")]
    Sending,
    #[sea_orm(string_value = "sent")]
    #[strum(message = "Sent")]
    Sent,
    #[sea_orm(string_value = "failed")]
    #[strum(message = "Failed")]
    Failed,
}

/// One e-mail to one recipient, rendered in full when queued, so what was previewed is what
/// is sent, and a retry sends the same bytes with the same Message-ID.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub child_id: Option<i32>,
    pub note_id: Option<i32>,
    pub caregiver_id: Option<i32>,
    pub kind: Kind,
    pub to_address: String,
    pub to_name: String,
    pub language: super::Lang,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub message_id: String,
    pub status: Status,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub lease_until: Option<DateTimeUtc>,
    pub give_up_at: DateTimeUtc,
    pub last_error: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// Where a reply goes (a mailbox, `Name <address>`), empty for no Reply-To.
    pub reply_to: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
