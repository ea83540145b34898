use sea_orm::entity::prelude::*;

/// What a disclosure was. Family-facing words are in the catalogue
/// (`disclosure.<kind>.purpose`).
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
    #[sea_orm(string_value = "lea_notification")]
    #[strum(message = "SEA/LEA notification")]
    LeaNotification,
    #[sea_orm(string_value = "referral_packet")]
    #[strum(message = "Referral packet sent")]
    ReferralPacket,
    #[sea_orm(string_value = "packet_opened")]
    #[strum(message = "Referral packet record opened")]
    PacketOpened,
}

/// How the information left the program (`disclosure.channel.<channel>` in the catalogue).
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
pub enum Channel {
    #[sea_orm(string_value = "email")]
    #[strum(message = "E-mail")]
    Email,
    #[sea_orm(string_value = "document")]
    #[strum(message = "Letter or fax")]
    Document,
    #[sea_orm(string_value = "link")]
    #[strum(message = "Secure link")]
    Link,
}

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
    pub kind: Kind,
    pub what: String,
    pub purpose: String,
    pub channel: Channel,
    /// JSON: exactly the fields released.
    pub content: String,
    pub by_user: Option<i32>,
    pub packet_id: Option<i32>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
