//! The visit's verification, stored in the signing's transaction: the caregiver's
//! confirmation, the actual times as signed, and the shared location (issue 17).
use crate::{
    entities::visit_confirmation,
    visits::{log_form::LogInput, verification::Position},
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde_json::{Value, json};

/// Inserts the verification of the note `visit` being signed with `input`.
pub async fn record(db: &impl ConnectionTrait, visit: i32, input: &LogInput) -> Result<(), DbErr> {
    let v = &input.verification;
    let c = v.caregiver.as_ref();
    let part = |p: Option<Position>, f: fn(Position) -> i32| Set(p.map(f));
    visit_confirmation::ActiveModel {
        visit_id: Set(visit),
        signer_name: Set(c.map(|c| c.name.clone())),
        method: Set(c.map(|c| c.method)),
        signature_path: Set(c.and_then(|c| c.path.clone())),
        signed_at: Set(Utc::now()),
        device_time_zone: Set(v.device_tz.clone()),
        actual_starts_at: Set(input.starts_at),
        actual_ends_at: Set(input.ends_at),
        location_shared: Set(v.share_location),
        start_lat_e6: part(v.start, |p| p.lat_e6),
        start_lon_e6: part(v.start, |p| p.lon_e6),
        start_accuracy_m: part(v.start, |p| p.accuracy_m),
        end_lat_e6: part(v.end, |p| p.lat_e6),
        end_lon_e6: part(v.end, |p| p.lon_e6),
        end_accuracy_m: part(v.end, |p| p.accuracy_m),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// What the signing's audit row says of the verification (never the drawing itself).
pub fn detail(input: &LogInput) -> Value {
    let v = &input.verification;
    json!({
        "method": v.caregiver.as_ref().map(|c| c.method),
        "signer": v.caregiver.as_ref().map(|c| c.name.as_str()),
        "device_time_zone": v.device_tz,
        "location": { "start": v.start.is_some(), "end": v.end.is_some() },
    })
}
