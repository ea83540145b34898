use sea_orm::entity::prelude::*;

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
    /// coaching_note
    pub kind: String,
    pub to_address: String,
    pub to_name: String,
    pub language: crate::i18n::Lang,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub message_id: String,
    /// queued, sending, sent, failed
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub lease_until: Option<DateTimeUtc>,
    pub give_up_at: DateTimeUtc,
    pub last_error: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
