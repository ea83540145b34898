//! The indicators of a synthetic county (1,000 children, seed 3, anchored on 1 June 2026)
//! for the federal year 2025-26, counted on 1 June 2026. The expected figures were written
//! out by hand from what the child-by-child loader (the clock loader, before the reports read
//! aggregated facts) gave on this data: the set-based reporting loader must give the same.
use crate::templates::Start;
use chrono::NaiveDate;
use hearth::{
    db,
    entities::program,
    reports::{self, Period, export},
    seed::synthetic::{self, Tier},
};
use sea_orm::EntityTrait;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// The summary CSV, the page's figures row by row (C7 … C4), as the old loader gave them.
pub(super) const SUMMARY_CSV: &str = concat!(
    "indicator,numerator,denominator,percent,family_delays,late,excluded,not_yet_due\n",
    "C7,467,467,100.0,0,0,0,60\n",
    "C1,268,478,56.1,5,210,0,7\n",
    "C8A,0,156,0.0,0,156,0,0\n",
    "C8B,156,156,100.0,0,0,0,0\n",
    "C8C,0,156,0.0,0,156,0,0\n",
    "C2,455,455,100.0,,,189,\n",
    "C5,175,0,—,,,0,\n",
    "C6,644,0,—,,,0,\n",
    "C3A SS1,61,118,51.7,,,0,\n",
    "C3A SS2,47,129,36.4,,,0,\n",
    "C3B SS1,46,118,39.0,,,0,\n",
    "C3B SS2,40,129,31.0,,,0,\n",
    "C3C SS1,35,94,37.2,,,13,\n",
    "C3C SS2,43,116,37.1,,,13,\n",
    "C4A,,0,—,,,0,\n",
    "C4B,,0,—,,,0,\n",
    "C4C,,0,—,,,0,\n",
    "C4 response rate,0,785,0.0,,,0,\n",
);

/// The rest of the page (C3's categories, C2's settings, the 618 counts, C4), likewise.
fn rest() -> serde_json::Value {
    serde_json::json!({
        "as_of": "2026-06-01", "count_date": "2026-06-01", "from": "2025-07-01",
        "to": "2026-06-30", "program": "synthetic-county",
        "c2": {"home": 455, "community": 0, "other": 0, "no_current_service": 189, "excluded": 0},
        "c3": {
            "outcomes": [
                {"outcome": "A", "a": 0, "b": 57, "c": 25, "d": 36, "e": 11, "missing": 0,
                 "ss1": "51.7", "ss2": "36.4"},
                {"outcome": "B", "a": 0, "b": 72, "c": 17, "d": 29, "e": 11, "missing": 0,
                 "ss1": "39.0", "ss2": "31.0"},
                {"outcome": "C", "a": 19, "b": 40, "c": 14, "d": 21, "e": 22, "missing": 13,
                 "ss1": "37.2", "ss2": "37.1"},
            ],
            "served_under_six_months": 12,
        },
        "c4": {"families": 785, "responded": 0, "declined": 0, "with_comment": 0, "not_counted": 0},
        "t618": {
            "child_count_by_age": [175, 237, 232],
            "exits": [
                ["Completed IFSP before age three", 0],
                ["Part B eligible, exiting Part C", 95],
                ["Not eligible for Part B, exited with referrals to other programs", 46],
                ["Not eligible for Part B, exited with no referrals", 0],
                ["Part B eligibility not determined", 0],
                ["Deceased", 0],
                ["Moved out of state", 0],
                ["Withdrawal by parent", 0],
                ["Attempts to contact the family were unsuccessful", 0],
                ["No exit category recorded", 0],
            ],
        },
    })
}

/// The synthetic county of seed 3, anchored on 1 June 2026, in a fresh database (kept while
/// the returned guard lives, on PostgreSQL).
pub(super) async fn seeded(
    dir: &std::path::Path,
) -> (
    sea_orm::DatabaseConnection,
    program::Model,
    Option<crate::pg::PgDatabase>,
) {
    let (url, pg) = crate::templates::database(Start::Migrated, dir).await;
    let conn = db::connect(&url).await.expect("connect");
    let s = synthetic::seed(&conn, Tier::County, 3, day("2026-06-01"), false)
        .await
        .expect("seed");
    assert_eq!(s.children, 1_000);
    let p = program::Entity::find_by_id(s.program_id)
        .one(&conn)
        .await
        .expect("program")
        .expect("seeded");
    (conn, p, pg)
}

#[tokio::test]
async fn a_synthetic_county_gives_the_figures_it_gave_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (conn, p, _pg) = seeded(dir.path()).await;
    let today = day("2026-06-01");
    let period = Period {
        from: day("2025-07-01"),
        to: day("2026-06-30"),
    };
    let r = reports::compute(&conn, &p, period, today, today)
        .await
        .expect("report");
    let csv = export::summary_csv(&r).expect("csv");
    println!("{csv}");
    assert_eq!(csv, SUMMARY_CSV);
    let mut json: serde_json::Value =
        serde_json::from_str(&export::summary_json(&r)).expect("json");
    // The indicators are the CSV's rows, compared above.
    json.as_object_mut()
        .expect("an object")
        .remove("indicators");
    assert_eq!(json, rest());
}
