use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a staff member may do is decided by role (and caseload): see `crate::policy`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[sea_orm(string_value = "admin")]
    Admin,
    #[sea_orm(string_value = "supervisor")]
    Supervisor,
    #[sea_orm(string_value = "coordinator")]
    Coordinator,
    #[sea_orm(string_value = "provider")]
    Provider,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Supervisor,
        Role::Coordinator,
        Role::Provider,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Coordinator => "coordinator",
            Role::Provider => "provider",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Program admin",
            Role::Supervisor => "Supervisor",
            Role::Coordinator => "Service coordinator",
            Role::Provider => "Provider",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A provider's discipline (34 CFR 303.119 qualified personnel).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum Discipline {
    #[sea_orm(string_value = "slp")]
    SpeechLanguage,
    #[sea_orm(string_value = "ot")]
    Occupational,
    #[sea_orm(string_value = "pt")]
    Physical,
    #[sea_orm(string_value = "dev_specialist")]
    DevelopmentalSpecialist,
    #[sea_orm(string_value = "social_worker")]
    SocialWorker,
    #[sea_orm(string_value = "psychologist")]
    Psychologist,
    #[sea_orm(string_value = "nurse")]
    Nurse,
    #[sea_orm(string_value = "dietitian")]
    Dietitian,
    #[sea_orm(string_value = "audiologist")]
    Audiologist,
    #[sea_orm(string_value = "vision")]
    VisionSpecialist,
    #[sea_orm(string_value = "family_therapist")]
    FamilyTherapist,
}

impl Discipline {
    pub const ALL: [Discipline; 11] = [
        Discipline::SpeechLanguage,
        Discipline::Occupational,
        Discipline::Physical,
        Discipline::DevelopmentalSpecialist,
        Discipline::SocialWorker,
        Discipline::Psychologist,
        Discipline::Nurse,
        Discipline::Dietitian,
        Discipline::Audiologist,
        Discipline::VisionSpecialist,
        Discipline::FamilyTherapist,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Discipline::SpeechLanguage => "slp",
            Discipline::Occupational => "ot",
            Discipline::Physical => "pt",
            Discipline::DevelopmentalSpecialist => "dev_specialist",
            Discipline::SocialWorker => "social_worker",
            Discipline::Psychologist => "psychologist",
            Discipline::Nurse => "nurse",
            Discipline::Dietitian => "dietitian",
            Discipline::Audiologist => "audiologist",
            Discipline::VisionSpecialist => "vision",
            Discipline::FamilyTherapist => "family_therapist",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Discipline::SpeechLanguage => "Speech-language pathologist",
            Discipline::Occupational => "Occupational therapist",
            Discipline::Physical => "Physical therapist",
            Discipline::DevelopmentalSpecialist => "Developmental specialist",
            Discipline::SocialWorker => "Social worker",
            Discipline::Psychologist => "Psychologist",
            Discipline::Nurse => "Nurse",
            Discipline::Dietitian => "Dietitian",
            Discipline::Audiologist => "Audiologist",
            Discipline::VisionSpecialist => "Vision specialist",
            Discipline::FamilyTherapist => "Family therapist",
        }
    }

    pub fn parse(s: &str) -> Option<Discipline> {
        Discipline::ALL.into_iter().find(|d| d.as_str() == s)
    }
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
