//! Family links: a JWT (HS256, audience "family") naming one family and carrying a random
//! identifier whose SHA-256 is a `family_links` row. The signature makes the link
//! unforgeable; the row makes it expire, be revoked and be audited. Opening the link only
//! shows a confirm button; confirming exchanges it for a short session cookie (audience
//! "family-session"), so a mail scanner that fetches the link neither uses it nor signs in.
use crate::{
    auth::token::ISSUER,
    entities::{caregiver, child, family_link},
    state::Keys,
};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, Header, Validation, decode, encode, errors::ErrorKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const AUDIENCE: &str = "family";
pub const SESSION_AUDIENCE: &str = "family-session";
/// A confirmed family session lasts this long (less if the link ends sooner).
pub const SESSION_HOURS: i64 = 2;

#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct Claims {
    /// The family's id.
    pub sub: String,
    /// The link's random identifier (only its hash is stored).
    pub jti: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// Why a link or session was refused. The family sees one calm page for all of them; the
/// reason goes to the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a token we signed for this purpose (tampered, other audience, garbage).
    Invalid,
    Expired,
    Revoked,
    /// Signed by us, but the row does not match (another family's claims, a deleted row).
    Unknown,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Invalid => "invalid",
            Refusal::Expired => "expired",
            Refusal::Revoked => "revoked",
            Refusal::Unknown => "unknown",
        }
    }
}

fn hash(jti: &str) -> String {
    hex::encode(Sha256::digest(jti.as_bytes()))
}

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
    let jti = hex::encode(rand::random::<[u8; 16]>());
    family_link::ActiveModel {
        family_id: Set(c.family_id),
        child_id: Set(c.id),
        caregiver_id: Set(caregiver.id),
        note_id: Set(note_id),
        token_hash: Set(hash(&jti)),
        created_at: Set(now),
        expires_at: Set(exp),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(sign(keys, c.family_id, &jti, AUDIENCE, now, exp))
}

fn sign(
    keys: &Keys,
    family: i32,
    jti: &str,
    aud: &str,
    now: DateTime<Utc>,
    exp: DateTime<Utc>,
) -> String {
    let claims = Claims {
        sub: family.to_string(),
        jti: jti.to_owned(),
        iss: ISSUER.into(),
        aud: aud.into(),
        iat: now.timestamp(),
        exp: exp.timestamp(),
    };
    encode(&Header::new(Algorithm::HS256), &claims, &keys.jwt_encoding)
        .expect("HS256 encoding with a byte key cannot fail")
}

fn decode_for(keys: &Keys, token: &str, aud: &str) -> Result<Claims, Refusal> {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&[ISSUER]);
    v.set_audience(&[aud]);
    v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    v.leeway = 0;
    decode::<Claims>(token, &keys.jwt_decoding, &v)
        .map(|d| d.claims)
        .map_err(|e| match e.kind() {
            ErrorKind::ExpiredSignature => Refusal::Expired,
            _ => Refusal::Invalid,
        })
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
            link.family_id,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::derive(b"0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn audiences_do_not_cross() {
        let k = keys();
        let now = Utc::now();
        let link = sign(&k, 4, "abc", AUDIENCE, now, now + Duration::days(1));
        assert_eq!(decode_for(&k, &link, AUDIENCE).unwrap().sub, "4");
        assert_eq!(
            decode_for(&k, &link, SESSION_AUDIENCE),
            Err(Refusal::Invalid)
        );
        // A staff session token is not a family link either.
        let staff = crate::auth::token::issue(
            &k,
            &crate::auth::token::Claims::staff(1, "s", now, now + Duration::days(1)),
        );
        assert_eq!(decode_for(&k, &staff, AUDIENCE), Err(Refusal::Invalid));
    }

    #[test]
    fn expired_and_tampered_links_are_refused() {
        let k = keys();
        let now = Utc::now();
        let old = sign(
            &k,
            4,
            "abc",
            AUDIENCE,
            now - Duration::days(2),
            now - Duration::seconds(1),
        );
        assert_eq!(decode_for(&k, &old, AUDIENCE), Err(Refusal::Expired));
        let good = sign(&k, 4, "abc", AUDIENCE, now, now + Duration::days(1));
        let mut bad = good.clone();
        bad.pop();
        bad.push(if good.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(decode_for(&k, &bad, AUDIENCE), Err(Refusal::Invalid));
    }
}
