use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    /// The day the program received the referral: the 45-day clock starts here.
    pub received_on: Date,
    /// parent, physician, hospital_nicu, child_welfare, other
    pub source: String,
    pub source_name: String,
    pub concerns: String,
    pub first_contact_on: Option<Date>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
