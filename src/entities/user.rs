use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a staff member may do is decided by role (and caseload): see `crate::policy`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    #[sea_orm(string_value = "admin")]
    #[strum(message = "Program admin")]
    Admin,
    #[sea_orm(string_value = "supervisor")]
    #[strum(message = "Supervisor")]
    Supervisor,
    #[sea_orm(string_value = "coordinator")]
    #[strum(message = "Service coordinator")]
    Coordinator,
    #[sea_orm(string_value = "provider")]
    #[strum(message = "Provider")]
    Provider,
    /// The state's lead agency: reads every program's indicators, dashboards and drill-downs
    /// in the installation, and nothing else (see `crate::policy::lead_agency_may`).
    #[sea_orm(string_value = "lead_agency")]
    #[strum(message = "Lead agency")]
    LeadAgency,
}

impl Role {
    /// The roles a program's admin may give (staff form, API tokens): every role but the lead
    /// agency, which belongs to the installation, not to a program.
    pub fn program_roles() -> Vec<Role> {
        use strum::IntoEnumIterator;
        Role::iter().filter(|r| *r != Role::LeadAgency).collect()
    }
}

/// A provider's discipline (34 CFR 303.119 qualified personnel).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Discipline {
    #[sea_orm(string_value = "slp")]
    #[serde(rename = "slp")]
    #[strum(serialize = "slp", message = "Speech-language pathologist")]
    SpeechLanguage,
    #[sea_orm(string_value = "ot")]
    #[serde(rename = "ot")]
    #[strum(serialize = "ot", message = "Occupational therapist")]
    Occupational,
    #[sea_orm(string_value = "pt")]
    #[serde(rename = "pt")]
    #[strum(serialize = "pt", message = "Physical therapist")]
    Physical,
    #[sea_orm(string_value = "dev_specialist")]
    #[serde(rename = "dev_specialist")]
    #[strum(serialize = "dev_specialist", message = "Developmental specialist")]
    DevelopmentalSpecialist,
    #[sea_orm(string_value = "social_worker")]
    #[strum(message = "Social worker")]
    SocialWorker,
    #[sea_orm(string_value = "psychologist")]
    #[strum(message = "Psychologist")]
    Psychologist,
    #[sea_orm(string_value = "nurse")]
    #[strum(message = "Nurse")]
    Nurse,
    #[sea_orm(string_value = "dietitian")]
    #[strum(message = "Dietitian")]
    Dietitian,
    #[sea_orm(string_value = "audiologist")]
    #[strum(message = "Audiologist")]
    Audiologist,
    #[sea_orm(string_value = "vision")]
    #[serde(rename = "vision")]
    #[strum(serialize = "vision", message = "Vision specialist")]
    VisionSpecialist,
    #[sea_orm(string_value = "family_therapist")]
    #[strum(message = "Family therapist")]
    FamilyTherapist,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub discipline: Option<Discipline>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// A staff member as other pages show them: a name, the discipline a provider menu gives,
/// and the e-mail the printed plan gives for the coordinator. Pages read this instead of `Model` so that no password hash leaves
/// `auth` and `account`, and a menu of a thousand coordinators stays a few columns wide.
#[derive(Clone, Debug, PartialEq, Eq, DerivePartialModel)]
#[sea_orm(entity = "Entity")]
pub struct Person {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub discipline: Option<Discipline>,
}

/// A staff member's account as the staff list and the calendar feed read it: every column
/// but the password hash.
#[derive(Clone, Debug, PartialEq, Eq, DerivePartialModel)]
#[sea_orm(entity = "Entity")]
pub struct Staff {
    pub id: i32,
    pub program_id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub discipline: Option<Discipline>,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::program::Entity",
        from = "Column::ProgramId",
        to = "super::program::Column::Id"
    )]
    Program,
}

impl Related<super::program::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Program.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
