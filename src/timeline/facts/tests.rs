//! The loader's pure rules.
use super::*;
use chrono::Utc;

fn referral(id: i32, received: &str) -> referral::Model {
    referral::Model {
        id,
        child_id: 1,
        received_on: received.parse().unwrap(),
        source: crate::entities::referral::Source::Physician,
        source_name: String::new(),
        concerns: String::new(),
        first_contact_on: None,
        created_by: 1,
        created_at: Utc::now(),
    }
}

#[test]
fn the_latest_referral_runs_the_clocks() {
    let rs = [
        referral(1, "2026-01-05"),
        referral(2, "2026-09-01"),
        referral(3, "2026-03-01"),
    ];
    assert_eq!(latest_referral(&rs).map(|r| r.id), Some(2));
    // Two on the same day: the later record.
    let rs = [referral(4, "2026-09-01"), referral(5, "2026-09-01")];
    assert_eq!(latest_referral(&rs).map(|r| r.id), Some(5));
    assert!(latest_referral(&[]).is_none());
}
