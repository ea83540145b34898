use sea_orm::entity::prelude::*;

/// A play- or routine-based activity. Its texts (English and Spanish) are `activity_text`
/// rows; `program_id` NULL marks Hearth's starter library, shared by every program.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: Option<i32>,
    pub slug: Option<String>,
    /// Comma-separated domain keys.
    pub domains: String,
    /// A, B or C.
    pub cos_outcome: String,
    pub age_min: i32,
    pub age_max: i32,
    /// Comma-separated routine keys.
    pub routines: String,
    /// draft, published
    pub status: String,
    pub author_id: Option<i32>,
    pub last_reviewed: Option<Date>,
    pub edited_locally: bool,
    pub starter_revision: i32,
    pub search_text: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn domain_list(&self) -> Vec<&str> {
        self.domains.split(',').filter(|s| !s.is_empty()).collect()
    }

    pub fn routine_list(&self) -> Vec<&str> {
        self.routines.split(',').filter(|s| !s.is_empty()).collect()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
