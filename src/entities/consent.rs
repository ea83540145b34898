use sea_orm::entity::prelude::*;

/// What a consent is for. Consent to each service is given on the IFSP, per service.
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
    #[sea_orm(string_value = "evaluation")]
    #[strum(message = "Evaluation and assessment")]
    Evaluation,
    #[sea_orm(string_value = "release_of_information")]
    #[strum(message = "Release of information to an agency")]
    ReleaseOfInformation,
    #[sea_orm(string_value = "email")]
    #[strum(message = "Communication by e-mail")]
    Email,
    #[sea_orm(string_value = "lea_opt_out")]
    #[strum(message = "Objection to school-district notification (opt-out)")]
    LeaOptOut,
    #[sea_orm(string_value = "telehealth")]
    #[strum(message = "Services by telehealth (video)")]
    Telehealth,
}

/// A consent is a record: who decided what, when, for what purpose, until when, and
/// whether it was later revoked (never retroactively).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub kind: Kind,
    /// For a release of information: the directory agency it names (`None` for an agency
    /// not in the directory, whose name is `agency_name`, and for rows older than the choice).
    pub agency_id: Option<i32>,
    /// For a release of information: an agency not in the directory (older rows: as typed).
    pub agency_name: String,
    pub purpose: String,
    pub given: bool,
    pub decided_on: Date,
    pub decided_by: String,
    pub expires_on: Option<Date>,
    pub revoked_on: Option<Date>,
    pub recorded_by: i32,
    /// For a release of information: the records it covers (empty for other kinds).
    pub records: super::CommaList<super::referral_packet::Document>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the consent is given and in force on `day`: decided by then, not revoked
    /// (revocation is never retroactive) and not expired.
    pub fn in_force_on(&self, day: Date) -> bool {
        self.given
            && self.decided_on <= day
            && self.revoked_on.is_none_or(|r| r > day)
            && self.expires_on.is_none_or(|x| x > day)
    }
}
