//! The stored answers never go stale (issue #14 at state scale, `reports::store`): on the
//! synthetic county, a report read from stored answers gives the hand-written figures of
//! `synthetic_county.rs`, a second read recomputes nobody, and after each kind of change to
//! the record (made in SQL, as any writer could) and as days pass, every figure and every
//! drill-down row equals the report computed from the facts read afresh.
use super::synthetic_county::SUMMARY_CSV;
use chrono::NaiveDate;
use hearth::{
    entities::program,
    reports::{self, Indicator, Period, Report, Timings, export},
};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// Everything a report shows, child by child, as text.
fn shown(r: &Report) -> String {
    let mut out = vec![
        export::summary_csv(r).expect("csv"),
        export::summary_json(r),
        export::c2_csv(r).expect("c2"),
        export::c3_csv(r).expect("c3"),
        export::c4_csv(r).expect("c4"),
        export::t618_csv(r).expect("618"),
    ];
    for i in Indicator::ALL {
        out.push(export::detail_csv(r, i).expect("detail"));
    }
    out.join("\n")
}

struct County {
    conn: DatabaseConnection,
    program: program::Model,
    period: Period,
    /// Fixed while the days pass: the same report, judged on a later day.
    count_date: NaiveDate,
}

impl County {
    /// The stored report on `today`, and whether it wrote any answers.
    async fn stored(&self, today: NaiveDate) -> (Report, bool) {
        let mut t = Timings::default();
        let r = reports::compute_timed(
            &self.conn,
            &self.program,
            self.period,
            self.count_date,
            today,
            &mut t,
        )
        .await
        .expect("stored report");
        let wrote = t.parts.iter().any(|(p, _)| p == "stored: writing answers");
        (r, wrote)
    }

    async fn live(&self, today: NaiveDate) -> Report {
        reports::compute_live(
            &self.conn,
            &self.program,
            self.period,
            self.count_date,
            today,
            &mut Timings::default(),
        )
        .await
        .expect("live report")
    }

    /// The stored report equals the live one; whether any answer was recomputed.
    async fn agree(&self, today: NaiveDate, after: &str) -> bool {
        let (stored, wrote) = self.stored(today).await;
        assert_eq!(
            shown(&stored),
            shown(&self.live(today).await),
            "stored and live reports differ on {today} after {after}"
        );
        wrote
    }

    async fn sql(&self, sql: &str) {
        self.conn
            .execute_raw(Statement::from_string(
                self.conn.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

#[tokio::test]
async fn stored_answers_follow_every_change_and_every_day() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (conn, program, _pg) = super::synthetic_county::seeded(dir.path()).await;
    let today = day("2026-06-01");
    let county = County {
        conn,
        program,
        period: Period {
            from: day("2025-07-01"),
            to: day("2026-06-30"),
        },
        count_date: today,
    };

    // First read: every child computed and stored; the hand-written figures.
    let (first, wrote) = county.stored(today).await;
    assert!(wrote, "the first report stores every child's answers");
    assert_eq!(export::summary_csv(&first).expect("csv"), SUMMARY_CSV);
    // Second read: nothing changed, nothing recomputed, the same report.
    let (second, wrote) = county.stored(today).await;
    assert!(!wrote, "nothing changed: no answer is recomputed");
    assert_eq!(shown(&second), shown(&first));

    // Each kind of fact the indicators read, changed behind the app's back.
    let changes = [
        (
            "a child's exit",
            "UPDATE children SET exit_date = '2026-01-15', status = 'exited', exit_category = 'moved_out_of_state' \
             WHERE id IN (SELECT id FROM children WHERE exit_date IS NULL ORDER BY id LIMIT 3)",
        ),
        (
            "a referral's date",
            "UPDATE referrals SET received_on = '2025-11-03' WHERE id IN (SELECT id FROM referrals ORDER BY id LIMIT 5)",
        ),
        (
            "visits undone",
            "UPDATE visits SET status = 'cancelled', cancelled_by = 'family' \
             WHERE id IN (SELECT id FROM visits WHERE signed_at IS NULL ORDER BY id LIMIT 40)",
        ),
        (
            "a service added",
            "INSERT INTO ifsp_services (ifsp_id, service_type, discipline, provider_id, frequency, period, mode, \
             minutes, method, location, justification, start_date, end_date, payer, consent_given, consent_date) \
             SELECT ifsp_id, service_type, discipline, provider_id, frequency, period, mode, minutes, method, \
             location, justification, start_date, end_date, payer, consent_given, '2026-05-20' \
             FROM ifsp_services WHERE id = (SELECT MIN(id) FROM ifsp_services)",
        ),
        (
            "COS ratings removed",
            "DELETE FROM cos_ratings WHERE id IN (SELECT id FROM cos_ratings ORDER BY id LIMIT 10)",
        ),
        (
            "transitions recorded",
            "UPDATE transitions SET conference_held_on = '2026-02-02' WHERE id IN (SELECT id FROM transitions ORDER BY id LIMIT 10)",
        ),
        (
            "the program's rules",
            "UPDATE programs SET rules = '{\"timely_services_days\": 14}'",
        ),
    ];
    for (what, sql) in changes {
        county.sql(sql).await;
        // Each table's trigger marked the children it changed.
        assert!(county.agree(today, what).await, "{what}: nobody recomputed");
    }
    // A note's words are not an indicator's fact: nobody is recomputed.
    county
        .sql("UPDATE visits SET tried = 'Singing at bath time' WHERE id IN (SELECT id FROM visits WHERE signed_at IS NULL ORDER BY id LIMIT 5)")
        .await;
    assert!(!county.agree(today, "a note's words").await);
    // Days passing: open clocks fall due, with no change to the record; only the children
    // whose answers could change are recomputed.
    for d in ["2026-06-04", "2026-06-11", "2026-06-20", "2026-06-30"] {
        assert!(county.agree(day(d), "days passing").await);
    }
}
