use sea_orm::entity::prelude::*;

/// How the caregiver confirmed a visit: a signature drawn on the device, or their name
/// typed where drawing is not possible (no script, no touch screen).
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
pub enum ConfirmationMethod {
    #[sea_orm(string_value = "drawn")]
    #[strum(message = "Signature drawn on the device")]
    Drawn,
    #[sea_orm(string_value = "typed")]
    #[strum(message = "Name typed")]
    Typed,
}

/// The verification of one signed visit (issue 17), written in the signing transaction:
/// the caregiver's confirmation (when given), the actual times as signed, and the location
/// where the program allows it and the provider shared it. Positions are microdegrees
/// (1e-6°, about 11 cm) so the row stays exact on both engines.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_confirmations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub visit_id: i32,
    pub signer_name: Option<String>,
    pub method: Option<ConfirmationMethod>,
    /// SVG path data (only `MmLlHhVvCcQqZz`, digits, space, `.,-`), for a drawn signature.
    pub signature_path: Option<String>,
    /// Server time of the signing.
    pub signed_at: DateTimeUtc,
    /// The device's IANA time zone as its browser reported it.
    pub device_time_zone: Option<String>,
    pub actual_starts_at: DateTime,
    pub actual_ends_at: DateTime,
    /// The provider chose to share the location with this note (remembered for the next).
    pub location_shared: bool,
    pub start_lat_e6: Option<i32>,
    pub start_lon_e6: Option<i32>,
    pub start_accuracy_m: Option<i32>,
    pub end_lat_e6: Option<i32>,
    pub end_lon_e6: Option<i32>,
    pub end_accuracy_m: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
