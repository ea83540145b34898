use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ifsps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub program_id: i32,
    /// initial, interim, review, annual, amendment
    pub kind: String,
    /// draft, signed, superseded
    pub status: String,
    pub meeting_date: Option<Date>,
    pub participants: String,
    pub present_cognitive: String,
    pub present_physical: String,
    pub present_communication: String,
    pub present_social_emotional: String,
    pub present_adaptive: String,
    /// Concerns, priorities and resources are included only with the family's agreement.
    pub family_agrees: bool,
    pub family_concerns: String,
    pub family_priorities: String,
    pub family_resources: String,
    pub routines: String,
    pub other_services: String,
    pub transition_steps: String,
    pub behavior_patterns: String,
    pub behavior_function: String,
    pub replacement_skills: String,
    pub caregiver_responses: String,
    pub supersedes_id: Option<i32>,
    pub signed_at: Option<DateTimeUtc>,
    /// Optimistic-lock counter for the draft.
    pub version: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn is_draft(&self) -> bool {
        self.status == "draft"
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
