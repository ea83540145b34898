use sea_orm::entity::prelude::*;

/// The kinds of community agency a child may be referred or handed over to.
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
    #[sea_orm(string_value = "lea")]
    #[strum(message = "School district (LEA)")]
    Lea,
    #[sea_orm(string_value = "sea")]
    #[strum(message = "State education agency (SEA)")]
    Sea,
    #[sea_orm(string_value = "head_start")]
    #[strum(message = "Head Start")]
    HeadStart,
    #[sea_orm(string_value = "early_head_start")]
    #[strum(message = "Early Head Start")]
    EarlyHeadStart,
    #[sea_orm(string_value = "child_care")]
    #[strum(message = "Child care")]
    ChildCare,
    #[sea_orm(string_value = "medical_home")]
    #[strum(message = "Medical home")]
    MedicalHome,
    #[sea_orm(string_value = "wic")]
    #[strum(message = "WIC")]
    Wic,
    #[sea_orm(string_value = "child_welfare")]
    #[strum(message = "Child welfare")]
    ChildWelfare,
    #[sea_orm(string_value = "other")]
    #[strum(message = "Other")]
    Other,
}

/// How an agency prefers to receive referrals and notices.
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
    #[sea_orm(string_value = "fax")]
    #[strum(message = "Fax")]
    Fax,
    #[sea_orm(string_value = "mail")]
    #[strum(message = "Post")]
    Mail,
    #[sea_orm(string_value = "portal")]
    #[strum(message = "Agency portal")]
    Portal,
    #[sea_orm(string_value = "phone")]
    #[strum(message = "Phone")]
    Phone,
}

/// A community agency in the program's directory.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub name: String,
    pub kind: Kind,
    /// Counties or districts served, one per line.
    pub service_area: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub fax: String,
    pub address: String,
    pub preferred_channel: Channel,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    /// Whether the agency serves `area` (a county or district), ignoring case and spacing.
    pub fn serves(&self, area: &str) -> bool {
        let area = area.trim();
        !area.is_empty()
            && self
                .service_area
                .lines()
                .any(|l| l.trim().eq_ignore_ascii_case(area))
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
