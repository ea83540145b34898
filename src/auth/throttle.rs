//! Sign-in throttling: after repeated failures an account (or an address) must wait.
//! Counting starts afresh after a successful sign-in.
use crate::entities::login_attempt::{self, Entity as Attempt};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, sea_query::Expr,
};

pub const WINDOW_MINUTES: i64 = 15;
pub const MAX_PER_ACCOUNT: usize = 5;
pub const MAX_PER_ADDRESS: usize = 20;

/// When the caller may try again, if they are throttled now.
pub async fn locked_until(
    db: &impl ConnectionTrait,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let by_email = recent(db, login_attempt::Column::Email, email, since).await?;
    let by_ip = recent(db, login_attempt::Column::Ip, ip, since).await?;
    Ok([(by_email, MAX_PER_ACCOUNT), (by_ip, MAX_PER_ADDRESS)]
        .into_iter()
        .filter_map(|(fails, max)| retry_at(&fails, max))
        .max())
}

/// Failures since the window began and since the last success, newest first.
async fn recent(
    db: &impl ConnectionTrait,
    col: login_attempt::Column,
    value: &str,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, DbErr> {
    let rows = Attempt::find()
        .filter(col.eq(value))
        .filter(login_attempt::Column::CreatedAt.gte(since))
        .order_by_desc(login_attempt::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .take_while(|a| !a.succeeded)
        .map(|a| a.created_at)
        .collect())
}

/// With `max` failures in the window the caller waits until the oldest counted one leaves it.
fn retry_at(failures_newest_first: &[DateTime<Utc>], max: usize) -> Option<DateTime<Utc>> {
    (failures_newest_first.len() >= max)
        .then(|| failures_newest_first[max - 1] + Duration::minutes(WINDOW_MINUTES))
}

/// Counts this attempt before its password is checked, so that attempts running at once (in
/// one process or several) cannot all pass `locked_until` before any is counted: the row is
/// inserted first (as a failure), then the failures are counted with it. Of attempts racing
/// at the limit, the one inserted last sees all the others, so no more than the limit get
/// their password checked. Returns the row to mark `succeeded` on a good password, or, when
/// this attempt is one too many, removes it again (a refused attempt is not counted, as in
/// `locked_until`) and says when to retry.
pub async fn reserve(
    db: &impl ConnectionTrait,
    email: &str,
    ip: &str,
) -> Result<Result<i64, DateTime<Utc>>, DbErr> {
    let now = Utc::now();
    let row = login_attempt::ActiveModel {
        email: Set(email.to_owned()),
        ip: Set(ip.to_owned()),
        succeeded: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let by_email = recent(db, login_attempt::Column::Email, email, since).await?;
    let by_ip = recent(db, login_attempt::Column::Ip, ip, since).await?;
    if by_email.len() <= MAX_PER_ACCOUNT && by_ip.len() <= MAX_PER_ADDRESS {
        return Ok(Ok(row.id));
    }
    Attempt::delete_by_id(row.id).exec(db).await?;
    let until = locked_until(db, email, ip, now).await?;
    Ok(Err(until.unwrap_or(now + Duration::minutes(WINDOW_MINUTES))))
}

/// Marks a reserved attempt as the successful sign-in it turned out to be (counting starts
/// afresh after it).
pub async fn succeeded(db: &impl ConnectionTrait, attempt: i64) -> Result<(), DbErr> {
    let res = Attempt::update_many()
        .col_expr(login_attempt::Column::Succeeded, Expr::value(true))
        .filter(login_attempt::Column::Id.eq(attempt))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Err(DbErr::RecordNotUpdated);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_time_is_counted_from_the_oldest_failure_that_counts() {
        let t0 = Utc::now();
        let fails: Vec<_> = (0..5).map(|i| t0 - Duration::minutes(i)).collect();
        assert_eq!(
            retry_at(&fails, 5),
            Some(t0 - Duration::minutes(4) + Duration::minutes(15))
        );
        assert_eq!(retry_at(&fails[..4], 5), None);
    }
}
