use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ifsp_services")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ifsp_id: i32,
    /// One of the Part C service types (303.13).
    pub service_type: String,
    pub discipline: Option<String>,
    pub provider_id: Option<i32>,
    /// Sessions per `period`.
    pub frequency: i32,
    /// week or month
    pub period: String,
    /// individual or group
    pub mode: String,
    /// Minutes per session.
    pub minutes: i32,
    /// in_person, telehealth
    pub method: String,
    /// home, community, or a setting that needs a justification
    pub location: String,
    pub justification: String,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub payer: String,
    /// The parent's consent to this service: given, declined, or not yet asked.
    pub consent_given: Option<bool>,
    pub consent_date: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
