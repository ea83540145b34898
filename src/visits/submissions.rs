//! The keys visit notes are sent with (issue 17, the note offline). The page script gives
//! each send a fresh UUID; a note queued on a phone may be sent twice (the answer to the
//! first send was lost on the way back). The key is stored with the note in one transaction,
//! so the second send finds it and is answered like the first instead of saving again. A key
//! belongs to one visit: the same key sent for another visit is a different send.
use crate::entities::note_submission;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use uuid::Uuid;

/// The key as sent: a UUID, or none (no script, or not a UUID: then the send is only
/// guarded by the version, as without JavaScript).
pub fn key(raw: &str) -> Option<Uuid> {
    Uuid::parse_str(raw.trim()).ok()
}

/// Whether `key` was already saved for `visit`, and if so whether that send signed it.
pub async fn earlier(
    db: &impl ConnectionTrait,
    visit: i32,
    key: Uuid,
) -> Result<Option<bool>, DbErr> {
    Ok(note_submission::Entity::find()
        .filter(note_submission::Column::VisitId.eq(visit))
        .filter(note_submission::Column::Key.eq(key.to_string()))
        .one(db)
        .await?
        .map(|s| s.signed))
}

/// Records the send in the note's transaction; a key already there is a unique violation.
pub async fn record(
    db: &impl ConnectionTrait,
    visit: i32,
    key: Uuid,
    signed: bool,
) -> Result<(), DbErr> {
    note_submission::ActiveModel {
        visit_id: Set(visit),
        key: Set(key.to_string()),
        signed: Set(signed),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_uuid_is_a_key() {
        assert_eq!(
            key(" 0b8f6c1e-3a52-4c1d-9f0e-2d6a7b8c9d01 ").map(|k| k.to_string()),
            Some("0b8f6c1e-3a52-4c1d-9f0e-2d6a7b8c9d01".to_owned())
        );
        assert_eq!(key(""), None);
        assert_eq!(key("1; DROP TABLE visits"), None);
    }
}
