use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub evaluated_on: Date,
    pub tools: String,
    pub diagnosed_condition: String,
    pub informed_clinical_opinion: bool,
    pub notes: String,
    /// What the program's rule gives for these results.
    pub proposed_eligible: bool,
    /// The rule's reasons, one per line.
    pub reasons: String,
    /// The team's decision, once confirmed.
    pub confirmed_eligible: Option<bool>,
    pub confirmed_on: Option<Date>,
    pub confirmed_by: Option<i32>,
    /// Prior written notice of the eligibility decision.
    pub notice_sent_on: Option<Date>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
