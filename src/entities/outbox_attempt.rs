use sea_orm::entity::prelude::*;

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
    /// sent, temporary, permanent; empty while running or if the worker died
    pub outcome: String,
    pub smtp_code: Option<i32>,
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
