use sea_orm::entity::prelude::*;

/// Where a staged spreadsheet of referrals stands: uploaded (mapped or not, previewed or
/// not), or committed (its referrals exist; nothing more is done with it).
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum State {
    #[sea_orm(string_value = "uploaded")]
    #[strum(message = "Uploaded")]
    Uploaded,
    #[sea_orm(string_value = "committed")]
    #[strum(message = "Committed")]
    Committed,
}

/// A spreadsheet of referrals between its upload and its commit, seen only by the person
/// who uploaded it, in their program, until it expires.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub uploaded_by: i32,
    /// The file's text, without a byte-order mark.
    pub content: String,
    /// `,` or `;`, as found in the header line.
    pub delimiter: String,
    /// The chosen column of each intake field: JSON `{"field": column index}`.
    pub mapping: Option<String>,
    pub state: State,
    /// Once committed: JSON `[child id, …]` of the children created.
    pub result: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub committed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
