//! The dashboard's monthly trends, counted in the database: one `GROUP BY` month statement
//! per chart over the program's rows in the last twelve months (an indexed date range), so
//! the cost does not grow with the program's history. Months are calendar months of the
//! stored dates: a visit's local start, a referral's day received, a note's send time in UTC.
use crate::entities::{child, coaching_note, referral, visit};
use chrono::{Datelike, Months, NaiveDate, NaiveTime, Utc};
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr,
    sea_query::{Expr, ExprTrait, Func, Query, SelectStatement},
};
use std::collections::HashMap;

/// A calendar month, by its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month(NaiveDate);

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month(d.with_day(1).expect("every month has a first day"))
    }

    pub fn first(self) -> NaiveDate {
        self.0
    }

    pub fn next(self) -> Month {
        Month(self.0 + Months::new(1))
    }

    /// "2026-12", as the statements group by.
    pub fn key(self) -> String {
        self.0.format("%Y-%m").to_string()
    }

    /// "Dec 2026".
    pub fn label(self) -> String {
        self.0.format("%b %Y").to_string()
    }

    /// "Dec", under a bar.
    pub fn short(self) -> String {
        self.0.format("%b").to_string()
    }

    /// The twelve months ending with the one containing `today`, oldest first.
    pub fn last_twelve(today: NaiveDate) -> Vec<Month> {
        let first = Month(Month::of(today).0 - Months::new(11));
        std::iter::successors(Some(first), |m| Some(m.next()))
            .take(12)
            .collect()
    }
}

/// One counted line of a chart: its name and a number per month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub key: &'static str,
    pub name: &'static str,
    pub values: Vec<u64>,
}

/// What a chart and its table both show: the months and each line's number per month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub id: &'static str,
    pub title: &'static str,
    pub months: Vec<Month>,
    pub lines: Vec<Line>,
}

impl Series {
    /// The line's number for the last month (the current one).
    pub fn this_month(&self, key: &str) -> u64 {
        self.lines
            .iter()
            .find(|l| l.key == key)
            .and_then(|l| l.values.last().copied())
            .unwrap_or(0)
    }
}

/// How a column is stored, which decides how its month is read.
#[derive(Clone, Copy)]
enum Stored {
    /// A date or a local date and time.
    Local,
    /// A time with its zone: the month in UTC.
    Utc,
}

/// The month of `col` as "YYYY-MM" in SQL. SQLite keeps dates and times as ISO text.
fn month_of(backend: DbBackend, col: &str, stored: Stored) -> Expr {
    match (backend, stored) {
        (DbBackend::Postgres, Stored::Local) => Expr::cust(format!("to_char({col}, 'YYYY-MM')")),
        (DbBackend::Postgres, Stored::Utc) => {
            Expr::cust(format!("to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM')"))
        }
        _ => Expr::cust(format!("substr({col}, 1, 7)")),
    }
}

/// Runs `q` (a month column then `names`' counts) and lays the rows out over `months`.
async fn run(
    db: &impl ConnectionTrait,
    q: &SelectStatement,
    months: &[Month],
    lines: &[(&'static str, &'static str)],
) -> Result<Vec<Line>, DbErr> {
    let mut by_month: HashMap<String, Vec<u64>> = HashMap::new();
    for row in db.query_all(q).await? {
        let month: String = row.try_get("", "month")?;
        let mut counts = Vec::with_capacity(lines.len());
        for (key, _) in lines {
            let n: Option<i64> = row.try_get("", key)?;
            counts.push(u64::try_from(n.unwrap_or(0)).unwrap_or(0));
        }
        by_month.insert(month, counts);
    }
    Ok(lines
        .iter()
        .enumerate()
        .map(|(i, (key, name))| Line {
            key,
            name,
            values: months
                .iter()
                .map(|m| by_month.get(&m.key()).map_or(0, |c| c[i]))
                .collect(),
        })
        .collect())
}

fn count_where(cond: Expr) -> Expr {
    Func::sum(Expr::case(cond, 1).finally(0)).into()
}

/// Referrals received per month.
pub async fn referrals(
    db: &impl ConnectionTrait,
    program_id: i32,
    months: &[Month],
) -> Result<Series, DbErr> {
    let (from, until) = span(months);
    let month = month_of(
        db.get_database_backend(),
        "referrals.received_on",
        Stored::Local,
    );
    let q = Query::select()
        .expr_as(month.clone(), "month")
        .expr_as(Expr::cust("COUNT(*)"), "received")
        .from(referral::Entity)
        .inner_join(
            child::Entity,
            Expr::col((child::Entity, child::Column::Id))
                .equals((referral::Entity, referral::Column::ChildId)),
        )
        .and_where(Expr::col((child::Entity, child::Column::ProgramId)).eq(program_id))
        .and_where(Expr::col((referral::Entity, referral::Column::ReceivedOn)).gte(from))
        .and_where(Expr::col((referral::Entity, referral::Column::ReceivedOn)).lt(until))
        .add_group_by([month])
        .to_owned();
    Ok(Series {
        id: "referrals",
        title: "Referrals received",
        months: months.to_vec(),
        lines: run(db, &q, months, &[("received", "Referrals")]).await?,
    })
}

/// Visits planned (every visit scheduled in the month, whatever became of it) and
/// delivered (completed) per month.
pub async fn visits(
    db: &impl ConnectionTrait,
    program_id: i32,
    months: &[Month],
) -> Result<Series, DbErr> {
    let (from, until) = span(months);
    let (from, until) = (
        from.and_time(NaiveTime::MIN),
        until.and_time(NaiveTime::MIN),
    );
    let month = month_of(db.get_database_backend(), "visits.starts_at", Stored::Local);
    let q = Query::select()
        .expr_as(month.clone(), "month")
        .expr_as(Expr::cust("COUNT(*)"), "planned")
        .expr_as(
            count_where(
                Expr::col((visit::Entity, visit::Column::Status)).eq(visit::Status::Completed),
            ),
            "delivered",
        )
        .from(visit::Entity)
        .and_where(Expr::col((visit::Entity, visit::Column::ProgramId)).eq(program_id))
        .and_where(Expr::col((visit::Entity, visit::Column::StartsAt)).gte(from))
        .and_where(Expr::col((visit::Entity, visit::Column::StartsAt)).lt(until))
        .add_group_by([month])
        .to_owned();
    Ok(Series {
        id: "visits",
        title: "Visits delivered and planned",
        months: months.to_vec(),
        lines: run(
            db,
            &q,
            months,
            &[("planned", "Planned"), ("delivered", "Delivered")],
        )
        .await?,
    })
}

/// Coaching notes sent per month, and of them those a family opened (pressed the button
/// of a link that came with the note).
pub async fn notes(
    db: &impl ConnectionTrait,
    program_id: i32,
    months: &[Month],
) -> Result<Series, DbErr> {
    let (from, until) = span(months);
    let utc = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc();
    let month = month_of(
        db.get_database_backend(),
        "coaching_notes.sent_at",
        Stored::Utc,
    );
    let opened = Expr::cust(
        "SUM(CASE WHEN EXISTS (SELECT 1 FROM family_links \
         WHERE family_links.note_id = coaching_notes.id \
         AND family_links.last_used_at IS NOT NULL) THEN 1 ELSE 0 END)",
    );
    let q = Query::select()
        .expr_as(month.clone(), "month")
        .expr_as(Expr::cust("COUNT(*)"), "sent")
        .expr_as(opened, "opened")
        .from(coaching_note::Entity)
        .inner_join(
            child::Entity,
            Expr::col((child::Entity, child::Column::Id))
                .equals((coaching_note::Entity, coaching_note::Column::ChildId)),
        )
        .and_where(Expr::col((child::Entity, child::Column::ProgramId)).eq(program_id))
        .and_where(
            Expr::col((coaching_note::Entity, coaching_note::Column::Status))
                .eq(coaching_note::Status::Sent),
        )
        .and_where(Expr::col((coaching_note::Entity, coaching_note::Column::SentAt)).gte(utc(from)))
        .and_where(Expr::col((coaching_note::Entity, coaching_note::Column::SentAt)).lt(utc(until)))
        .add_group_by([month])
        .to_owned();
    Ok(Series {
        id: "notes",
        title: "Coaching notes sent and opened",
        months: months.to_vec(),
        lines: run(db, &q, months, &[("sent", "Sent"), ("opened", "Opened")]).await?,
    })
}

/// The first day of the first month and of the month after the last.
fn span(months: &[Month]) -> (NaiveDate, NaiveDate) {
    let first = months
        .first()
        .map_or_else(|| Utc::now().date_naive(), |m| m.first());
    let until = months.last().map_or(first, |m| m.next().first());
    (first, until)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_twelve_months_end_with_this_one() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let m = Month::last_twelve(d("2026-03-31"));
        assert_eq!(m.len(), 12);
        assert_eq!(m[0].key(), "2025-04");
        assert_eq!(m[11].key(), "2026-03");
        assert_eq!(m[11].label(), "Mar 2026");
        assert_eq!(span(&m), (d("2025-04-01"), d("2026-04-01")));
        let dec = Month::last_twelve(d("2026-12-02"));
        assert_eq!(
            (dec[0].key(), dec[11].next().key()),
            ("2026-01".into(), "2027-01".into())
        );
    }
}
