//! Referral packets: only records a release naming the agency covers; the agency's link
//! opens only its packet, expires, and every record opened is a disclosure.
use crate::support::*;
use hearth::entities::{agency, child, disclosure, ifsp, outbox, referral_packet};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub const DISTRICT: &str = "Riverbend Area School District — Early Childhood Special Education";

/// A child with a signed plan.
pub async fn planned_child(app: &TestApp, nth: usize) -> child::Model {
    let plans = ifsp::Entity::find()
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .all(&app.db)
        .await
        .unwrap();
    let mut ids: Vec<i32> = plans.iter().map(|p| p.child_id).collect();
    ids.dedup();
    child::Entity::find_by_id(ids[nth])
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

pub async fn agency_named(app: &TestApp, name: &str) -> agency::Model {
    agency::Entity::find()
        .filter(agency::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

pub async fn release(b: &Browser, child: i32, agency: &str, records: &[&str]) {
    let mut fields: Vec<(&str, &str)> = vec![
        ("kind", "release_of_information"),
        ("agency", "other"),
        ("given", "yes"),
        ("decided_on", "2026-01-01"),
        ("decided_by", "Parent"),
        ("agency_name", agency),
        ("purpose", "Transition to preschool"),
    ];
    for r in records {
        fields.push(("records", r));
    }
    let res = b
        .post(&format!("/children/{child}/consents"), &fields)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
}

pub async fn send(b: &Browser, child: i32, agency: i32, docs: &[&str]) -> reqwest::Response {
    let a = agency.to_string();
    let mut fields: Vec<(&str, &str)> = vec![
        ("agency_id", &a),
        ("message", "Please see the attached records."),
    ];
    for d in docs {
        fields.push(("documents", d));
    }
    b.post(&format!("/children/{child}/packets"), &fields).await
}

pub async fn link_for(app: &TestApp, child: i32) -> String {
    let m = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq(outbox::Kind::ReferralPacket))
        .filter(outbox::Column::ChildId.eq(child))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let link = m
        .text_body
        .split_whitespace()
        .find(|w| w.contains("/agency/open/"))
        .unwrap();
    link[link.find("/agency/open/").unwrap()..].to_owned()
}

#[tokio::test]
async fn a_packet_holds_only_records_a_release_naming_the_agency_covers() {
    let app = TestApp::spawn().await;
    let c = planned_child(&app, 0).await;
    let b = app.signed_in(ADMIN).await;
    let district = agency_named(&app, DISTRICT).await;
    let head_start = agency_named(&app, "Riverbend Head Start").await;

    // A release must say which records it covers.
    let res = b
        .post(
            &format!("/children/{}/consents", c.id),
            &[
                ("kind", "release_of_information"),
                ("agency", "other"),
                ("given", "yes"),
                ("decided_on", "2026-01-01"),
                ("decided_by", "Parent"),
                ("agency_name", DISTRICT),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    release(&b, c.id, DISTRICT, &["ifsp", "evaluation"]).await;

    let res = send(&b, c.id, district.id, &["ifsp", "visit_notes"]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("covers: Recent home-visit notes"), "{html}");
    let res = send(&b, c.id, head_start.id, &["ifsp"]).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no release names Head Start"
    );
    assert!(
        referral_packet::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        disclosure::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(app.audit_rows("packet.refused").await.len(), 2);

    let res = send(&b, c.id, district.id, &["ifsp", "evaluation"]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let packets = referral_packet::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(packets.len(), 1);
    let mail = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq(outbox::Kind::ReferralPacket))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mail.to_address, district.email);
    let d = disclosure::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (d.kind, d.agency_id, d.packet_id),
        (
            disclosure::Kind::ReferralPacket,
            Some(district.id),
            Some(packets[0].id)
        )
    );
    assert!(d.what.contains("The current IFSP") && d.what.contains("Evaluation"));
}

#[tokio::test]
async fn the_agency_link_opens_only_its_packet_logs_every_record_and_expires() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(ADMIN).await;
    let district = agency_named(&app, DISTRICT).await;
    let first = planned_child(&app, 0).await;
    let second = planned_child(&app, 1).await;
    for c in [&first, &second] {
        release(&b, c.id, DISTRICT, &["ifsp", "cos"]).await;
        assert_eq!(
            send(&b, c.id, district.id, &["ifsp"]).await.status(),
            StatusCode::SEE_OTHER
        );
    }
    let path = link_for(&app, first.id).await;

    // A scanner's GET: a button, no session, nothing about the child.
    let scanner = app.browser();
    let (status, html) = scanner.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Open the packet") && !html.contains(&first.first_name));
    assert_eq!(
        scanner.page("/agency/packet").await.0,
        StatusCode::UNAUTHORIZED
    );

    let agency = app.browser();
    assert_eq!(
        agency.post(&path, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let (status, html) = agency.page("/agency/packet").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&first.full_name()) && !html.contains(&second.full_name()));
    // Only the packet's records: the IFSP opens (a disclosure), COS was not sent.
    let (status, ifsp) = agency.page("/agency/packet/ifsp").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ifsp.contains(&first.first_name));
    assert_eq!(
        agency.page("/agency/packet/cos").await.0,
        StatusCode::NOT_FOUND
    );
    let opened: Vec<disclosure::Model> = disclosure::Entity::find()
        .filter(disclosure::Column::Kind.eq(disclosure::Kind::PacketOpened))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].child_id, first.id);
    assert_eq!(opened[0].by_user, None);

    // Acknowledge, then the outcome (an IEP date is required for "eligible").
    agency.post("/agency/packet/acknowledge", &[]).await;
    let res = agency
        .post(
            "/agency/packet/outcome",
            &[
                ("outcome", "part_b_eligible"),
                ("outcome_on", ""),
                ("outcome_note", "IEP meeting set"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text().await.unwrap().contains("IEP meeting set"),
        "typed text comes back"
    );
    let res = agency
        .post(
            "/agency/packet/outcome",
            &[
                ("outcome", "part_b_eligible"),
                ("outcome_on", "2026-12-15"),
                ("outcome_note", "IEP meeting set"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, confirmed) = agency.page(&location(&res)).await;
    assert_eq!(
        texts(&confirmed, "[role=status]"),
        vec![
            "Saved: Eligible for Part B (IEP date below). The program sees it now; you can correct it below until the link expires."
        ],
        "the agency is told the outcome was saved"
    );
    let (_, ws) = b.page(&format!("/children/{}/transition", first.id)).await;
    assert!(
        ws.contains("Receipt acknowledged")
            && ws.contains("Eligible for Part B")
            && ws.contains("2026-12-15")
    );

    // Tampered and expired links are refused; an expired packet ends the session too.
    let mut bad = path.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(app.browser().page(&bad).await.0, StatusCode::UNAUTHORIZED);
    let p = referral_packet::Entity::find()
        .filter(referral_packet::Column::ChildId.eq(first.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    referral_packet::Entity::update_many()
        .col_expr(
            referral_packet::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(referral_packet::Column::Id.eq(p.id))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(
        agency.page("/agency/packet").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.browser().page(&path).await.0, StatusCode::UNAUTHORIZED);

    // Withdrawn by staff: the second packet's link stops at once.
    let second_path = link_for(&app, second.id).await;
    let other = app.browser();
    assert_eq!(
        other.post(&second_path, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let p2 = referral_packet::Entity::find()
        .filter(referral_packet::Column::ChildId.eq(second.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        b.post(
            &format!("/children/{}/packets/{}/revoke", second.id, p2.id),
            &[]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        other.page("/agency/packet").await.0,
        StatusCode::UNAUTHORIZED
    );
    // Every refusal is audited with its reason.
    let reasons: Vec<String> = app
        .audit_rows("packet.link_refused")
        .await
        .into_iter()
        .map(|r| r.detail)
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("invalid"))
            && reasons.iter().any(|r| r.contains("expired")),
        "{reasons:?}"
    );
}
