use sea_orm::entity::prelude::*;

/// A child's transition at age three: Part B potential, the opt-out notice, the SEA/LEA
/// notification date and the transition conference.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "transitions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub potentially_eligible: Option<bool>,
    pub eligibility_reason: String,
    /// The day the family was told of the notification and their right to object.
    pub opt_out_informed_on: Option<Date>,
    pub notified_on: Option<Date>,
    pub conference_on: Option<Date>,
    /// JSON array of `transition::model::Participant`.
    pub participants: String,
    pub family_approved_on: Option<Date>,
    pub family_declined_conference: bool,
    pub conference_held_on: Option<Date>,
    pub conference_notes: String,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
