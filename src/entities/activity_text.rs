use sea_orm::entity::prelude::*;

/// One language's text of an activity.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "activity_texts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub activity_id: i32,
    pub lang: super::Lang,
    pub title: String,
    pub summary: String,
    pub materials: String,
    /// One step per line.
    pub steps: String,
    pub adapt: String,
    pub watch_for: String,
    pub safety: String,
}

impl Model {
    /// Every field a family handout needs is written.
    pub fn is_complete(&self) -> bool {
        [
            &self.title,
            &self.summary,
            &self.materials,
            &self.steps,
            &self.adapt,
            &self.watch_for,
            &self.safety,
        ]
        .iter()
        .all(|t| !t.trim().is_empty())
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
