//! Helpers of the interchange tests of visits, addenda, packets and disclosures: the records
//! the demo has none of, and (until the merge with the `ifsp` branch) the plans a visit is
//! delivered under, carried to the receiver beside the file.
use crate::interchange_helpers::{hearth, ok};
use crate::support::{COORDINATOR, TestApp};
use chrono::{DateTime, Duration, Utc};
use hearth::entities::{
    agency, consent, disclosure, ifsp, ifsp_outcome, ifsp_service, referral_packet, visit,
    visit_addendum,
};
use hearth::interchange::{Kind, ids};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, NotSet,
    QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;
use std::path::Path;

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

async fn local(app: &TestApp, kind: Kind, ext: String) -> i32 {
    ids::local_of(&app.db, kind, std::slice::from_ref(&ext))
        .await
        .unwrap()[&ext]
}

async fn remember(app: &TestApp, ty: &str, ext: String, local: i32) {
    let sql = format!(
        "INSERT INTO interchange_ids (kind, external_id, local_id) VALUES ('{ty}', '{ext}', {local})"
    );
    app.db.execute_unprepared(&sql).await.unwrap();
}

/// TODO(merge): with the `ifsp` branch the plans are records of the file and this goes (the
/// test imports the file in one go). Until then: imports the file's records of the types
/// before visits, copies the demo's plans with their outcomes and services to `fresh` as an
/// import of them would (their ids remembered under the demo's names), then imports the whole
/// file. Returns what the first import printed.
pub(crate) async fn import_with_plans(demo: &TestApp, fresh: &TestApp, file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let tag = tag_of(&text);
    let core: String = text
        .lines()
        .filter(|l| {
            !TYPES
                .iter()
                .any(|t| l.starts_with(&format!("{{\"type\":\"{t}\"")))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let core_file = file.with_file_name("core.jsonl");
    std::fs::write(&core_file, core).unwrap();
    let out = ok(&hearth(fresh, &["import", core_file.to_str().unwrap()]));
    let mut plans = HashMap::new();
    for p in ifsp::Entity::find()
        .order_by_asc(ifsp::Column::Id)
        .all(&demo.db)
        .await
        .unwrap()
    {
        let mut am = p.clone().into_active_model();
        am.id = NotSet;
        am.child_id = Set(local(fresh, Kind::Child, format!("child-{}@{tag}", p.child_id)).await);
        am.program_id = Set(local(
            fresh,
            Kind::Program,
            format!("program-{}@{tag}", p.program_id),
        )
        .await);
        am.created_by =
            Set(local(fresh, Kind::Staff, format!("staff-{}@{tag}", p.created_by)).await);
        am.supersedes_id = Set(p.supersedes_id.map(|s| plans[&s]));
        plans.insert(p.id, am.insert(&fresh.db).await.unwrap().id);
    }
    let mut outcomes = HashMap::new();
    for o in ifsp_outcome::Entity::find()
        .order_by_asc(ifsp_outcome::Column::Id)
        .all(&demo.db)
        .await
        .unwrap()
    {
        let mut am = o.clone().into_active_model();
        am.id = NotSet;
        am.ifsp_id = Set(plans[&o.ifsp_id]);
        am.origin_id = Set(o.origin_id.map(|x| outcomes[&x]));
        let id = am.insert(&fresh.db).await.unwrap().id;
        outcomes.insert(o.id, id);
        remember(
            fresh,
            ids::OUTCOME,
            format!("{}-{}@{tag}", ids::OUTCOME, o.id),
            id,
        )
        .await;
    }
    for s in ifsp_service::Entity::find()
        .order_by_asc(ifsp_service::Column::Id)
        .all(&demo.db)
        .await
        .unwrap()
    {
        let mut am = s.clone().into_active_model();
        am.id = NotSet;
        am.ifsp_id = Set(plans[&s.ifsp_id]);
        let mut provider = None;
        if let Some(p) = s.provider_id {
            provider = Some(local(fresh, Kind::Staff, format!("staff-{p}@{tag}")).await);
        }
        am.provider_id = Set(provider);
        let id = am.insert(&fresh.db).await.unwrap().id;
        remember(
            fresh,
            ids::SERVICE,
            format!("{}-{}@{tag}", ids::SERVICE, s.id),
            id,
        )
        .await;
    }
    let all = ok(&hearth(fresh, &["import", file.to_str().unwrap()]));
    // The second import adds this branch's records and nothing else.
    for line in all.lines().filter(|l| l.contains(" created, ")) {
        let ty = line.split_whitespace().next().unwrap();
        if TYPES.contains(&ty) {
            assert!(!line.contains(" 0 created"), "{all}");
        } else {
            assert!(line.contains(" 0 created, 0 updated, "), "{all}");
        }
    }
    out
}
