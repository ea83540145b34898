use super::Lang;
use sea_orm::entity::prelude::*;

/// Whether the family answered the year's survey or said no to it. Either way the year's
/// row exists, so the family is not asked again that year.
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
pub enum Status {
    #[sea_orm(string_value = "answered")]
    #[strum(message = "Answered")]
    Answered,
    #[sea_orm(string_value = "declined")]
    #[strum(message = "Declined")]
    Declined,
}

/// The three C4 areas: early intervention has helped the family know their rights,
/// communicate their child's needs, and help their child develop and learn. The stored
/// string is the answer's column name; the family's words are in the catalogue
/// (`survey.area.<as_str>`).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    serde::Serialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Area {
    /// C4A.
    #[strum(message = "Know their rights")]
    KnowRights,
    /// C4B.
    #[strum(message = "Communicate their child's needs")]
    CommunicateNeeds,
    /// C4C.
    #[strum(message = "Help their child develop and learn")]
    HelpDevelop,
}

impl Area {
    /// The federal code of the area's figure.
    pub fn code(self) -> &'static str {
        match self {
            Area::KnowRights => "C4A",
            Area::CommunicateNeeds => "C4B",
            Area::HelpDevelop => "C4C",
        }
    }

    /// This area's answer in a response.
    pub fn of(self, m: &Model) -> Option<Agreement> {
        match self {
            Area::KnowRights => m.know_rights,
            Area::CommunicateNeeds => m.communicate_needs,
            Area::HelpDevelop => m.help_develop,
        }
    }
}

/// How much the family agrees with one statement: the five points of the scale, or that
/// they would rather not say (counted as not answering that area).
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Agreement {
    #[sea_orm(string_value = "strongly_disagree")]
    #[strum(message = "Strongly disagree")]
    StronglyDisagree,
    #[sea_orm(string_value = "disagree")]
    #[strum(message = "Disagree")]
    Disagree,
    #[sea_orm(string_value = "neutral")]
    #[strum(message = "Neither agree nor disagree")]
    Neutral,
    #[sea_orm(string_value = "agree")]
    #[strum(message = "Agree")]
    Agree,
    #[sea_orm(string_value = "strongly_agree")]
    #[strum(message = "Strongly agree")]
    StronglyAgree,
    #[sea_orm(string_value = "prefer_not")]
    #[strum(message = "Prefer not to say")]
    PreferNot,
}

impl Agreement {
    /// Agree or strongly agree: the C4 numerator.
    pub fn agrees(self) -> bool {
        matches!(self, Agreement::Agree | Agreement::StronglyAgree)
    }

    /// A point of the scale (not "prefer not to say"): the C4 denominator.
    pub fn answered(self) -> bool {
        self != Agreement::PreferNot
    }
}

/// One family's survey for one reporting year. Never shown with a name: the report reads
/// these rows only to count them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "family_surveys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub family_id: i32,
    /// The reporting year, by the year its 1 July falls in.
    pub year: i32,
    pub status: Status,
    pub know_rights: Option<Agreement>,
    pub communicate_needs: Option<Agreement>,
    pub help_develop: Option<Agreement>,
    pub comment: String,
    /// The language the family answered in.
    pub language: Lang,
    /// The day (program time) the family answered or declined.
    pub answered_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
