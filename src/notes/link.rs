//! Family links, the personal link each coaching note carries: issued and ended here, with
//! the note, and checked by the family's pages (`family`). A JWT (HS256, audience "family")
//! names one family and carries a random identifier whose SHA-256 is a `family_links` row.
//! The signature makes the link unforgeable; the row makes it expire, be revoked and be
//! audited. Opening the link only shows a confirm button; confirming exchanges it for a short
//! session cookie (audience "family-session"), so a mail scanner that fetches the link
//! neither uses it nor signs in.
pub use crate::auth::link_token::Refusal;
use crate::{
    auth::link_token::{decode_for, hash, new_id, sign},
    entities::{caregiver, child, family_link},
    state::Keys,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

pub const AUDIENCE: &str = "family";
pub const SESSION_AUDIENCE: &str = "family-session";
/// A confirmed family session lasts this long (less if the link ends sooner).
pub const SESSION_HOURS: i64 = 2;

/// Creates a link row for `caregiver` of `c`'s family and returns the token for the URL.
pub async fn issue(
    txn: &impl ConnectionTrait,
    keys: &Keys,
    c: &child::Model,
    caregiver: &caregiver::Model,
    note_id: Option<i32>,
    days: i64,
) -> Result<String, DbErr> {
    let now = Utc::now();
    let exp = now + Duration::days(days);
    let (jti, token_hash) = new_id();
    family_link::ActiveModel {
        family_id: Set(c.family_id),
        child_id: Set(c.id),
        caregiver_id: Set(caregiver.id),
        note_id: Set(note_id),
        token_hash: Set(token_hash),
        created_at: Set(now),
        expires_at: Set(exp),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(sign(
        keys,
        &c.family_id.to_string(),
        &jti,
        AUDIENCE,
        now,
        exp,
    ))
}

/// Checks a token of audience `aud` and its row: signed by us, not expired, not revoked,
/// and the row belongs to the family the token names.
async fn check(
    db: &impl ConnectionTrait,
    keys: &Keys,
    token: &str,
    aud: &str,
) -> Result<family_link::Model, Refusal> {
    let claims = decode_for(keys, token, aud)?;
    let row = family_link::Entity::find()
        .filter(family_link::Column::TokenHash.eq(hash(&claims.jti)))
        .one(db)
        .await
        .map_err(|_| Refusal::Unknown)?
        .ok_or(Refusal::Unknown)?;
    if row.family_id.to_string() != claims.sub {
        return Err(Refusal::Unknown);
    }
    if row.revoked_at.is_some() {
        return Err(Refusal::Revoked);
    }
    if row.expires_at <= Utc::now() {
        return Err(Refusal::Expired);
    }
    Ok(row)
}

/// The link from an e-mail.
pub async fn check_link(
    db: &impl ConnectionTrait,
    keys: &Keys,
    token: &str,
) -> Result<family_link::Model, Refusal> {
    check(db, keys, token, AUDIENCE).await
}

/// The session cookie's value after a family confirmed `token` (already checked).
pub fn session_for(
    keys: &Keys,
    link: &family_link::Model,
    token: &str,
) -> Result<(String, Duration), Refusal> {
    let claims = decode_for(keys, token, AUDIENCE)?;
    let now = Utc::now();
    let exp = (now + Duration::hours(SESSION_HOURS)).min(link.expires_at);
    Ok((
        sign(
            keys,
            &link.family_id.to_string(),
            &claims.jti,
            SESSION_AUDIENCE,
            now,
            exp,
        ),
        exp - now,
    ))
}

/// The link behind a session cookie, checked again on every request (so revoking the link
/// ends the session at once).
pub async fn check_session(
    db: &impl ConnectionTrait,
    keys: &Keys,
    value: &str,
) -> Result<family_link::Model, Refusal> {
    check(db, keys, value, SESSION_AUDIENCE).await
}

/// Revokes every live link of a child's family (staff action, e.g. an address typed wrong).
pub async fn revoke_all(db: &impl ConnectionTrait, child_id: i32) -> Result<u64, DbErr> {
    use sea_orm::sea_query::Expr;
    Ok(family_link::Entity::update_many()
        .col_expr(family_link::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(family_link::Column::ChildId.eq(child_id))
        .filter(family_link::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}
