use sea_orm::entity::prelude::*;

/// A release of a child's information to an outside party (303.406): who received what, when,
/// for what purpose, and exactly which fields. Staff reading a record is audited elsewhere and
/// is not a disclosure.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub agency_id: Option<i32>,
    pub recipient: String,
    /// lea_notification, referral_packet, packet_opened
    pub kind: String,
    pub what: String,
    pub purpose: String,
    /// email, document, link
    pub channel: String,
    /// JSON: exactly the fields released.
    pub content: String,
    pub by_user: Option<i32>,
    pub packet_id: Option<i32>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
