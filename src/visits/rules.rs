//! The rules a home visit is checked against, as pure functions with table tests.
use crate::{
    entities::ifsp_service::Period,
    program::rules::{ProgramRules, UnitRounding},
    timeline::{add_business_days, add_days},
};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// Billable units for a visit's minutes under the payer's rounding rule.
pub fn units(minutes: i64, rules: &ProgramRules) -> i64 {
    let unit = rules.unit_minutes.max(1);
    if minutes < rules.min_billable_minutes || minutes <= 0 {
        return 0;
    }
    let (whole, rest) = (minutes / unit, minutes % unit);
    let partial = match rules.unit_rounding {
        UnitRounding::Nearest => i64::from(rest * 2 >= unit),
        UnitRounding::Up => i64::from(rest > 0),
        UnitRounding::Down => 0,
    };
    // A visit at or above the minimum always bills at least one unit.
    (whole + partial).max(1)
}

/// Minutes between a start and an end; `None` when the end is not after the start.
pub fn minutes(start: NaiveDateTime, end: NaiveDateTime) -> Option<i64> {
    let m = (end - start).num_minutes();
    (m > 0).then_some(m)
}

/// Whether two visits of one provider overlap. Back-to-back visits (one ends as the next
/// starts) do not.
pub fn overlaps(a: (NaiveDateTime, NaiveDateTime), b: (NaiveDateTime, NaiveDateTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Why a visit does not fit what the IFSP authorizes. Warnings, not refusals: the team may
/// have good reason, but the supervisor and the payer will ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    LongerThanAuthorized {
        minutes: i64,
        authorized: i64,
    },
    MoreOftenThanAuthorized {
        in_period: usize,
        authorized: i64,
        period: Period,
    },
}

impl Warning {
    pub fn message(&self) -> String {
        match self {
            Warning::LongerThanAuthorized {
                minutes,
                authorized,
            } => {
                format!(
                    "This visit lasted {minutes} minutes; the IFSP authorizes {authorized} per session."
                )
            }
            Warning::MoreOftenThanAuthorized {
                in_period,
                authorized,
                period,
            } => {
                format!(
                    "This is visit {in_period} this {period}; the IFSP authorizes {authorized} per {period}."
                )
            }
        }
    }
}

/// Checks one visit against its service. `same_period` are the dates of the service's other
/// delivered visits; the period is the calendar month or the ISO week.
pub fn authorization_warnings(
    date: NaiveDate,
    minutes: i64,
    authorized_minutes: i64,
    frequency: i64,
    period: Period,
    other_visits: &[NaiveDate],
) -> Vec<Warning> {
    let mut out = Vec::new();
    if minutes > authorized_minutes {
        out.push(Warning::LongerThanAuthorized {
            minutes,
            authorized: authorized_minutes,
        });
    }
    // The period a date falls in: its ISO week, or its calendar month.
    let key = |d: &NaiveDate| match period {
        Period::Week => (d.iso_week().year(), d.iso_week().week()),
        Period::Month => (d.year(), d.month()),
    };
    let in_period = other_visits.iter().filter(|d| key(d) == key(&date)).count() + 1;
    if in_period as i64 > frequency {
        out.push(Warning::MoreOftenThanAuthorized {
            in_period,
            authorized: frequency,
            period,
        });
    }
    out
}

/// The day a visit note is due (business days after the visit).
pub fn note_due(visit: NaiveDate, rules: &ProgramRules) -> NaiveDate {
    add_business_days(visit, rules.note_due_business_days)
}

/// The day a missed visit's make-up is due.
pub fn makeup_due(missed: NaiveDate, rules: &ProgramRules) -> NaiveDate {
    add_days(missed, rules.makeup_due_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn units_under_each_rounding_rule() {
        let mut r = ProgramRules::default();
        // (minutes, nearest, up, down) with 15-minute units and an 8-minute minimum.
        let cases = [
            (0, 0, 0, 0),
            (7, 0, 0, 0),
            (8, 1, 1, 1),
            (15, 1, 1, 1),
            (22, 1, 2, 1),
            (23, 2, 2, 1),
            (37, 2, 3, 2),
            (38, 3, 3, 2),
            (60, 4, 4, 4),
            (61, 4, 5, 4),
        ];
        for (m, nearest, up, down) in cases {
            r.unit_rounding = UnitRounding::Nearest;
            assert_eq!(units(m, &r), nearest, "nearest {m}");
            r.unit_rounding = UnitRounding::Up;
            assert_eq!(units(m, &r), up, "up {m}");
            r.unit_rounding = UnitRounding::Down;
            assert_eq!(units(m, &r), down, "down {m}");
        }
        r.unit_minutes = 60;
        r.min_billable_minutes = 1;
        r.unit_rounding = UnitRounding::Nearest;
        assert_eq!(units(45, &r), 1);
        assert_eq!(units(90, &r), 2);
    }

    #[test]
    fn visit_length_and_overlaps() {
        assert_eq!(
            minutes(at("2026-11-23 09:00"), at("2026-11-23 10:05")),
            Some(65)
        );
        assert_eq!(
            minutes(at("2026-11-23 10:00"), at("2026-11-23 09:00")),
            None
        );
        let a = (at("2026-11-23 09:00"), at("2026-11-23 10:00"));
        assert!(overlaps(
            a,
            (at("2026-11-23 09:30"), at("2026-11-23 10:30"))
        ));
        assert!(overlaps(
            a,
            (at("2026-11-23 08:00"), at("2026-11-23 11:00"))
        ));
        assert!(
            !overlaps(a, (at("2026-11-23 10:00"), at("2026-11-23 11:00"))),
            "back to back"
        );
        assert!(!overlaps(
            a,
            (at("2026-11-24 09:00"), at("2026-11-24 10:00"))
        ));
    }

    #[test]
    fn warnings_for_length_and_frequency() {
        // Twice a month, 60 minutes.
        assert!(
            authorization_warnings(
                d("2026-11-23"),
                60,
                60,
                2,
                Period::Month,
                &[d("2026-11-09")]
            )
            .is_empty()
        );
        let w = authorization_warnings(
            d("2026-11-23"),
            75,
            60,
            2,
            Period::Month,
            &[d("2026-11-02"), d("2026-11-09"), d("2026-10-30")],
        );
        assert_eq!(
            w,
            vec![
                Warning::LongerThanAuthorized {
                    minutes: 75,
                    authorized: 60
                },
                Warning::MoreOftenThanAuthorized {
                    in_period: 3,
                    authorized: 2,
                    period: Period::Month
                },
            ]
        );
        assert_eq!(
            w[1].message(),
            "This is visit 3 this month; the IFSP authorizes 2 per month."
        );
        // Weekly: ISO weeks (Mon 2026-11-23 to Sun 2026-11-29); last Sunday is another week.
        assert!(
            authorization_warnings(d("2026-11-23"), 45, 60, 1, Period::Week, &[d("2026-11-22")])
                .is_empty()
        );
        assert_eq!(
            authorization_warnings(d("2026-11-29"), 45, 60, 1, Period::Week, &[d("2026-11-23")])
                .len(),
            1
        );
    }

    #[test]
    fn note_and_makeup_due_dates() {
        let r = ProgramRules::default();
        // A Friday visit's note is due the next Friday (5 business days).
        assert_eq!(note_due(d("2026-11-20"), &r), d("2026-11-27"));
        assert_eq!(note_due(d("2026-11-23"), &r), d("2026-11-30"));
        assert_eq!(makeup_due(d("2026-11-23"), &r), d("2026-12-07"));
    }
}
