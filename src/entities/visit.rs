use sea_orm::entity::prelude::*;

/// A home visit. `starts_at`/`ends_at` are the program's local wall-clock times: scheduled
/// times until the visit is logged, then the exact times the provider recorded.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "visits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub child_id: i32,
    pub service_id: i32,
    pub provider_id: i32,
    /// scheduled, completed, cancelled
    pub status: String,
    pub starts_at: DateTime,
    pub ends_at: DateTime,
    /// in_person, telehealth, phone
    pub method: String,
    pub location: String,
    pub participants: String,
    pub parent_report: String,
    /// JSON array of the outcome origin ids this visit worked on.
    pub outcomes_addressed: String,
    pub routine: String,
    pub tried: String,
    pub caregiver_did: String,
    pub child_response: String,
    /// JSON: see `visits::model::Coaching`.
    pub coaching: String,
    pub activities: String,
    pub joint_plan: String,
    pub next_visit_on: Option<Date>,
    /// JSON array of `visits::model::Abc`.
    pub abc_entries: String,
    pub mileage_tenths: i32,
    /// family, provider, no_show
    pub cancelled_by: Option<String>,
    pub cancel_reason: String,
    pub makeup_due: Option<Date>,
    /// For a make-up visit: the missed visit it makes up.
    pub makeup_of_id: Option<i32>,
    pub logged_at: Option<DateTimeUtc>,
    pub signed_at: Option<DateTimeUtc>,
    pub signed_name: Option<String>,
    pub signed_credential: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i32>,
    pub review_comment: String,
    /// Coaching fidelity 1–5, from the supervisor's review.
    pub fidelity: Option<i32>,
    /// Optimistic-lock counter for the note.
    pub version: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn is_signed(&self) -> bool {
        self.signed_at.is_some()
    }

    pub fn minutes(&self) -> i64 {
        (self.ends_at - self.starts_at).num_minutes()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
