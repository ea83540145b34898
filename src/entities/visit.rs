use sea_orm::entity::prelude::*;

/// Where a visit stands: booked, logged (the note exists), or did not happen.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    #[sea_orm(string_value = "scheduled")]
    #[strum(message = "Scheduled")]
    Scheduled,
    #[sea_orm(string_value = "completed")]
    #[strum(message = "Completed")]
    Completed,
    #[sea_orm(string_value = "cancelled")]
    #[strum(message = "Cancelled")]
    Cancelled,
}

/// How a visit is delivered, and how a plan's service is planned to be delivered (one list
/// for both, so a visit scheduled from a service takes the service's method as it is).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum VisitMethod {
    #[sea_orm(string_value = "in_person")]
    #[strum(message = "In person")]
    InPerson,
    #[sea_orm(string_value = "telehealth")]
    #[strum(message = "Telehealth (video)")]
    Telehealth,
    #[sea_orm(string_value = "phone")]
    #[strum(message = "Phone")]
    Phone,
}

/// Who called a visit off: only a family's cancellation can excuse a late service start.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CancelledBy {
    #[sea_orm(string_value = "family")]
    #[strum(message = "Cancelled by the family")]
    Family,
    #[sea_orm(string_value = "provider")]
    #[strum(message = "Cancelled by the provider")]
    Provider,
    #[sea_orm(string_value = "no_show")]
    #[strum(message = "Family not home (no-show)")]
    NoShow,
}

/// How coaching worked at a telehealth visit, recorded in its note. `Unset` (stored empty)
/// for other visits and until the note names one.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RemoteCoaching {
    #[sea_orm(string_value = "")]
    #[serde(rename = "")]
    #[strum(serialize = "", message = "Not chosen")]
    Unset,
    #[sea_orm(string_value = "caregiver_hands_on")]
    #[strum(message = "The caregiver did the routine with the child while I watched and coached")]
    CaregiverHandsOn,
    #[sea_orm(string_value = "provider_demonstrated")]
    #[strum(message = "I showed the strategy on camera, then the caregiver tried it")]
    ProviderDemonstrated,
    #[sea_orm(string_value = "talked_through")]
    #[strum(message = "We talked the routine through; no practice on camera")]
    TalkedThrough,
    #[sea_orm(string_value = "other")]
    #[strum(message = "Another way (say how below)")]
    Other,
}

impl RemoteCoaching {
    /// The ways a note form offers: (stored string, label) of every one but `Unset`.
    pub fn offered() -> Vec<(&'static str, &'static str)> {
        <RemoteCoaching as super::Choice>::all()
            .filter(|r| *r != RemoteCoaching::Unset)
            .map(|r| (r.into(), super::Choice::label(r)))
            .collect()
    }
}

/// A daily routine a visit is built around and an activity fits into (one list for both).
/// `Unset` (stored empty) until the visit's note names one.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Routine {
    #[sea_orm(string_value = "")]
    #[serde(rename = "")]
    #[strum(serialize = "", message = "Not chosen")]
    Unset,
    #[sea_orm(string_value = "mealtime")]
    #[strum(message = "Mealtime / snack")]
    Mealtime,
    #[sea_orm(string_value = "bath")]
    #[strum(message = "Bath")]
    Bath,
    #[sea_orm(string_value = "dressing")]
    #[strum(message = "Dressing")]
    Dressing,
    #[sea_orm(string_value = "diapering")]
    #[strum(message = "Diapering / toileting")]
    Diapering,
    #[sea_orm(string_value = "bedtime")]
    #[strum(message = "Bedtime / nap")]
    Bedtime,
    #[sea_orm(string_value = "play")]
    #[strum(message = "Play")]
    Play,
    #[sea_orm(string_value = "outdoors")]
    #[strum(message = "Outdoors")]
    Outdoors,
    #[sea_orm(string_value = "errands")]
    #[strum(message = "Errands / car")]
    Errands,
    #[sea_orm(string_value = "chores")]
    #[strum(message = "Household chores")]
    Chores,
    #[sea_orm(string_value = "books")]
    #[strum(message = "Book sharing")]
    Books,
}

impl Routine {
    /// The routines a form offers: (stored string, label) of every one but `Unset`.
    pub fn offered() -> Vec<(&'static str, &'static str)> {
        <Routine as super::Choice>::all()
            .filter(|r| *r != Routine::Unset)
            .map(|r| (r.into(), super::Choice::label(r)))
            .collect()
    }
}

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
    pub status: Status,
    pub starts_at: DateTime,
    pub ends_at: DateTime,
    pub method: VisitMethod,
    pub location: super::ifsp_service::Setting,
    pub participants: String,
    pub parent_report: String,
    /// JSON array of the outcome origin ids this visit worked on.
    pub outcomes_addressed: String,
    pub routine: Routine,
    pub tried: String,
    pub caregiver_did: String,
    pub child_response: String,
    /// JSON: see `visits::model::Coaching`.
    pub coaching: String,
    pub activities: String,
    pub joint_plan: String,
    /// The joint plan in the family's language, starting as a copy of the English to
    /// translate; empty when it was not translated.
    pub joint_plan_family: String,
    /// The language `joint_plan_family` is in.
    pub joint_plan_lang: Option<super::Lang>,
    pub next_visit_on: Option<Date>,
    /// JSON array of `visits::model::Abc`.
    pub abc_entries: String,
    pub mileage_tenths: i32,
    /// A telehealth visit's video meeting link (https; empty otherwise): `visits::telehealth`.
    pub meeting_link: String,
    /// How coaching worked by video, for a telehealth visit's note.
    pub remote_coaching: RemoteCoaching,
    pub remote_coaching_note: String,
    pub cancelled_by: Option<CancelledBy>,
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

/// A visit as a list shows it (the child page, the agenda): when, for which child and
/// service, and where its note stands; not the note's forty columns.
#[derive(Clone, Debug, PartialEq, Eq, DerivePartialModel)]
#[sea_orm(entity = "Entity")]
pub struct Line {
    pub id: i32,
    pub child_id: i32,
    pub service_id: i32,
    pub status: Status,
    pub starts_at: DateTime,
    pub ends_at: DateTime,
    pub signed_at: Option<DateTimeUtc>,
    pub reviewed_at: Option<DateTimeUtc>,
}

impl From<&Model> for Line {
    fn from(v: &Model) -> Self {
        Line {
            id: v.id,
            child_id: v.child_id,
            service_id: v.service_id,
            status: v.status,
            starts_at: v.starts_at,
            ends_at: v.ends_at,
            signed_at: v.signed_at,
            reviewed_at: v.reviewed_at,
        }
    }
}

impl Model {
    pub fn is_signed(&self) -> bool {
        self.signed_at.is_some()
    }

    pub fn minutes(&self) -> i64 {
        (self.ends_at - self.starts_at).num_minutes()
    }

    /// The outcome origin ids the visit worked on, read from `outcomes_addressed` (the note
    /// and the plan's progress charts both read it; a value that is not a JSON array of ids
    /// reads as none).
    pub fn addressed_outcomes(&self) -> Vec<i32> {
        serde_json::from_str(&self.outcomes_addressed).unwrap_or_default()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
