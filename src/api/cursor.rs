//! Paging by opaque cursor: a page ends with `next`, which the client sends back as
//! `cursor` to read on. It is the last row's id, wrapped so that clients do not build
//! their own (the order may change; the cursor's meaning goes with it).
use super::problem::Problem;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::Deserialize;
use utoipa::IntoParams;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

/// `?cursor=&limit=` as sent (strings, so a bad value is a 422 naming the field).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The `next` of the previous page; absent for the first page.
    pub cursor: Option<String>,
    /// Rows per page, 1 to 200 (50 by default).
    pub limit: Option<String>,
}

/// Where to start and how many to give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub after: i64,
    pub limit: u64,
}

impl PageQuery {
    pub fn parse(&self) -> Result<Paging, Problem> {
        let after = match self.cursor.as_deref().map(str::trim) {
            None | Some("") => 0,
            Some(c) => decode(c).ok_or_else(|| {
                Problem::field(
                    "cursor",
                    "Send back the `next` of a previous page as it was.",
                )
            })?,
        };
        let limit = match self.limit.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_LIMIT,
            Some(l) => l
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    Problem::field("limit", format!("Use a number from 1 to {MAX_LIMIT}."))
                })?,
        };
        Ok(Paging { after, limit })
    }
}

pub fn encode(last_id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("hearth:v1:{last_id}"))
}

pub fn decode(cursor: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix("hearth:v1:")?
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
}

/// One page of `query`'s rows: those after the cursor, by `id` ascending, at most `limit`.
/// Every list reads its page this way, so the cursor means the same on each.
pub async fn fetch<E>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    id: E::Column,
    paging: Paging,
) -> Result<Vec<E::Model>, DbErr>
where
    E: EntityTrait,
{
    query
        .filter(id.gt(paging.after))
        .order_by_asc(id)
        .limit(paging.limit)
        .all(db)
        .await
}

/// The `next` cursor when a page came back full (there may be more), else none.
pub fn next<T>(rows: &[T], limit: u64, id: impl Fn(&T) -> i64) -> Option<String> {
    (rows.len() as u64 == limit)
        .then(|| rows.last().map(|r| encode(id(r))))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_junk_is_refused() {
        assert_eq!(decode(&encode(41)), Some(41));
        assert_eq!(decode("41"), None);
        assert_eq!(decode(&URL_SAFE_NO_PAD.encode("hearth:v1:-3")), None);
        let q = PageQuery {
            cursor: None,
            limit: Some("201".into()),
        };
        assert_eq!(q.parse().unwrap_err().errors[0].field, "limit");
        let q = PageQuery {
            cursor: Some(encode(7)),
            limit: Some("2".into()),
        };
        assert_eq!(q.parse().unwrap(), Paging { after: 7, limit: 2 });
    }
}
