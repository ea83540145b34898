//! Helpers of the interchange tests of visits, addenda, packets and disclosures: the records
//! the demo has none of.
use crate::support::{COORDINATOR, TestApp};
use chrono::{DateTime, Duration, Utc};
use hearth::entities::{agency, consent, disclosure, referral_packet, visit, visit_addendum};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, QueryOrder, Set};

/// The record types of this branch, in file order.
pub(crate) const TYPES: [&str; 4] = ["visit", "visit_addendum", "referral_packet", "disclosure"];

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Adds what the demo has none of: an addendum to the first signed note, and a referral
/// packet with the two disclosures it made (the packet sent, an LEA notice).
pub(crate) async fn add_sharing(app: &TestApp) {
    let db = &app.db;
    let note = visit::Entity::find()
        .filter(visit::Column::SignedAt.is_not_null())
        .order_by_asc(visit::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("a signed demo note");
    visit_addendum::ActiveModel {
        id: NotSet,
        visit_id: Set(note.id),
        body: Set("The session ran 10 minutes longer than recorded.".into()),
        reason: Set("Time misrecorded".into()),
        signed_by: Set(note.provider_id),
        signed_name: Set(note.signed_name.clone().unwrap()),
        created_at: Set(at("2026-11-25T18:00:00.123456Z")),
    }
    .insert(db)
    .await
    .unwrap();
    let release = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(note.child_id))
        .order_by_asc(consent::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("a consent of the child");
    let lea = agency::Entity::find()
        .filter(agency::Column::ProgramId.eq(note.program_id))
        .order_by_asc(agency::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("a demo agency");
    let by = app.user_id(COORDINATOR).await;
    let sent = at("2026-11-26T15:30:00Z");
    let packet = referral_packet::ActiveModel {
        id: NotSet,
        child_id: Set(note.child_id),
        agency_id: Set(lea.id),
        consent_id: Set(release.id),
        documents: Set(referral_packet::Documents(vec![
            referral_packet::Document::Ifsp,
            referral_packet::Document::Cos,
        ])),
        message: Set("Transition referral: please call the family.".into()),
        token_hash: Set(hex::encode([7u8; 32])),
        created_by: Set(by),
        created_at: Set(sent),
        expires_at: Set(sent + Duration::days(14)),
        revoked_at: Set(None),
        opened_at: Set(Some(at("2026-11-27T09:15:00Z"))),
        acknowledged_at: Set(None),
        outcome: Set(referral_packet::Outcome::Unanswered),
        outcome_on: Set(None),
        outcome_note: Set(String::new()),
    }
    .insert(db)
    .await
    .unwrap();
    for (kind, channel, by_user, packet_id, content) in [
        (
            disclosure::Kind::ReferralPacket,
            disclosure::Channel::Link,
            Some(by),
            Some(packet.id),
            r#"{"documents":["ifsp","cos"],"consent":1}"#,
        ),
        (
            disclosure::Kind::LeaNotification,
            disclosure::Channel::Document,
            None,
            None,
            r#"{"name":"Mateo Reyes","date_of_birth":"2025-09-27"}"#,
        ),
    ] {
        disclosure::ActiveModel {
            id: NotSet,
            child_id: Set(note.child_id),
            agency_id: Set(Some(lea.id)),
            recipient: Set(lea.name.clone()),
            kind: Set(kind),
            what: Set("Name, date of birth, plan".into()),
            purpose: Set("Transition to Part B".into()),
            channel: Set(channel),
            content: Set(content.into()),
            by_user: Set(by_user),
            packet_id: Set(packet_id),
            at: Set(sent),
        }
        .insert(db)
        .await
        .unwrap();
    }
}

/// The exporting installation's tag, from a file's first id.
pub(crate) fn tag_of(text: &str) -> String {
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    first["id"]
        .as_str()
        .unwrap()
        .split('@')
        .nth(1)
        .unwrap()
        .to_owned()
}
