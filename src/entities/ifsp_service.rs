use sea_orm::entity::prelude::*;

/// The Part C early intervention services (303.13(b)).
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
pub enum ServiceType {
    #[sea_orm(string_value = "assistive_technology")]
    #[strum(message = "Assistive technology")]
    AssistiveTechnology,
    #[sea_orm(string_value = "audiology")]
    #[strum(message = "Audiology")]
    Audiology,
    #[sea_orm(string_value = "family_training")]
    #[strum(message = "Family training, counseling and home visits")]
    FamilyTraining,
    #[sea_orm(string_value = "health")]
    #[strum(message = "Health services")]
    Health,
    #[sea_orm(string_value = "medical")]
    #[strum(message = "Medical services (diagnostic or evaluation only)")]
    Medical,
    #[sea_orm(string_value = "nursing")]
    #[strum(message = "Nursing")]
    Nursing,
    #[sea_orm(string_value = "nutrition")]
    #[strum(message = "Nutrition")]
    Nutrition,
    #[sea_orm(string_value = "occupational_therapy")]
    #[strum(message = "Occupational therapy")]
    OccupationalTherapy,
    #[sea_orm(string_value = "physical_therapy")]
    #[strum(message = "Physical therapy")]
    PhysicalTherapy,
    #[sea_orm(string_value = "psychological")]
    #[strum(message = "Psychological services")]
    Psychological,
    #[sea_orm(string_value = "service_coordination")]
    #[strum(message = "Service coordination")]
    ServiceCoordination,
    #[sea_orm(string_value = "sign_language")]
    #[strum(message = "Sign language and cued language")]
    SignLanguage,
    #[sea_orm(string_value = "social_work")]
    #[strum(message = "Social work")]
    SocialWork,
    #[sea_orm(string_value = "special_instruction")]
    #[strum(message = "Special instruction")]
    SpecialInstruction,
    #[sea_orm(string_value = "speech_language")]
    #[strum(message = "Speech-language pathology")]
    SpeechLanguage,
    #[sea_orm(string_value = "transportation")]
    #[strum(message = "Transportation")]
    Transportation,
    #[sea_orm(string_value = "vision")]
    #[strum(message = "Vision services")]
    Vision,
}

/// The span a service's frequency counts sessions in.
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
pub enum Period {
    #[sea_orm(string_value = "week")]
    #[strum(message = "per week")]
    Week,
    #[sea_orm(string_value = "month")]
    #[strum(message = "per month")]
    Month,
}

/// Whether a session is for this child alone or with other children.
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
pub enum Mode {
    #[sea_orm(string_value = "individual")]
    #[strum(message = "Individual")]
    Individual,
    #[sea_orm(string_value = "group")]
    #[strum(message = "Group")]
    Group,
}

/// Who pays for a service (303.500–303.521).
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
pub enum Payer {
    #[sea_orm(string_value = "part_c")]
    #[strum(message = "Part C funds")]
    PartC,
    #[sea_orm(string_value = "medicaid")]
    #[strum(message = "Medicaid")]
    Medicaid,
    #[sea_orm(string_value = "private_insurance")]
    #[strum(message = "Private insurance (with consent)")]
    PrivateInsurance,
    #[sea_orm(string_value = "family_fee")]
    #[strum(message = "Family cost participation")]
    FamilyFee,
    #[sea_orm(string_value = "other")]
    #[strum(message = "Other")]
    Other,
}

/// Where a service is delivered. Home and community are natural environments (303.26);
/// anything else needs a justification tied to the outcomes (303.344(d)(1)(ii)).
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
pub enum Setting {
    #[sea_orm(string_value = "home")]
    #[strum(message = "Home")]
    Home,
    #[sea_orm(string_value = "community")]
    #[strum(message = "Community setting (child care, park, library)")]
    Community,
    #[sea_orm(string_value = "clinic")]
    #[strum(message = "Clinic or hospital")]
    Clinic,
    #[sea_orm(string_value = "center")]
    #[strum(message = "Early intervention center")]
    Center,
    #[sea_orm(string_value = "other")]
    #[strum(message = "Other setting")]
    Other,
}

impl Setting {
    pub fn is_natural(self) -> bool {
        matches!(self, Setting::Home | Setting::Community)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ifsp_services")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ifsp_id: i32,
    pub service_type: ServiceType,
    pub discipline: Option<super::user::Discipline>,
    pub provider_id: Option<i32>,
    /// Sessions per `period`.
    pub frequency: i32,
    pub period: Period,
    pub mode: Mode,
    /// Minutes per session.
    pub minutes: i32,
    pub method: super::visit::VisitMethod,
    pub location: Setting,
    pub justification: String,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub payer: Payer,
    /// The parent's consent to this service: given, declined, or not yet asked.
    pub consent_given: Option<bool>,
    pub consent_date: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
