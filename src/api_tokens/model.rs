//! API tokens: issuing (a JWT shown once), verifying a presented one, revoking, and the
//! program's list with when each was last used.
//!
//! The JWT is signed with HS256 (pinned, as the session token is) under its own audience
//! `hearth-api`, so a session cookie or a family link can never be presented as an API
//! token, nor the reverse. It carries a random id (`jti`); the row keeps only that id's
//! SHA-256, so the token cannot be rebuilt from the database, and the row is what makes it
//! revocable before its `exp`.
use crate::{
    audit::{Actor, Change, Event},
    auth::token::ISSUER,
    entities::{
        api_token::{self, Access},
        user::{self, Role},
    },
    state::Keys,
};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, Header, Validation, decode, encode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

pub const AUDIENCE: &str = "hearth-api";

/// Last used is written at most this often, so a busy client costs no write per call.
const TOUCH_EVERY_SECS: i64 = 60;

#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct Claims {
    /// `api_token:<row id>`.
    pub sub: String,
    /// The random id whose hash the row keeps.
    pub jti: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// A token to issue, parsed from the admin's form.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub role: Role,
    pub access: Access,
    /// A staff member of the program with the same role, whom the token acts as.
    pub acts_for: Option<i32>,
    pub valid_for: Duration,
}

pub fn hash(jti: &str) -> String {
    hex::encode(Sha256::digest(jti.as_bytes()))
}

fn encode_claims(keys: &Keys, claims: &Claims) -> String {
    encode(&Header::new(Algorithm::HS256), claims, &keys.jwt_encoding)
        .expect("HS256 encoding with a byte key cannot fail")
}

/// Decodes and checks signature, algorithm, `exp`, `iss` and `aud` (no leeway).
pub fn decode_claims(keys: &Keys, token: &str) -> Option<Claims> {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&[ISSUER]);
    v.set_audience(&[AUDIENCE]);
    v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    v.leeway = 0;
    decode::<Claims>(token, &keys.jwt_decoding, &v)
        .ok()
        .map(|d| d.claims)
}

/// Issues a token for the program: the row and its audit row in one change. Returns the
/// row and the token, which is shown to the admin once and never again.
pub async fn issue(
    db: &DatabaseConnection,
    actor: Actor,
    keys: &Keys,
    program_id: i32,
    by: i32,
    t: NewToken,
) -> Result<(api_token::Model, String), DbErr> {
    let now = Utc::now();
    let expires_at = now + t.valid_for;
    let jti = hex::encode(rand::random::<[u8; 32]>());
    let change = Change::begin(db, actor).await?;
    let row = api_token::ActiveModel {
        program_id: Set(program_id),
        name: Set(t.name.clone()),
        role: Set(t.role),
        access: Set(t.access),
        acts_for: Set(t.acts_for),
        id_hash: Set(hash(&jti)),
        created_by: Set(by),
        created_at: Set(now),
        expires_at: Set(expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    let claims = Claims {
        sub: format!("api_token:{}", row.id),
        jti,
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        iat: now.timestamp(),
        exp: expires_at.timestamp(),
    };
    let ev = Event::new("api_token.issued", "api_token", row.id).detail(json!({
        "name": t.name, "role": t.role.to_string(), "access": t.access.to_string(),
        "acts_for": t.acts_for,
        "expires_at": expires_at.to_rfc3339(),
    }));
    change.commit(ev).await?;
    Ok((row, encode_claims(keys, &claims)))
}

/// Revokes the program's token `id`; `false` when there is no such live token in it.
pub async fn revoke(
    db: &DatabaseConnection,
    actor: Actor,
    program_id: i32,
    id: i32,
) -> Result<bool, DbErr> {
    let change = Change::begin(db, actor).await?;
    let res = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::ProgramId.eq(program_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        change.rollback().await?;
        return Ok(false);
    }
    change
        .commit(Event::new("api_token.revoked", "api_token", id))
        .await?;
    Ok(true)
}

/// The program's active staff, whom a token may act for.
pub async fn active_staff(
    db: &impl ConnectionTrait,
    program_id: i32,
) -> Result<Vec<user::Staff>, DbErr> {
    user::Entity::find()
        .filter(user::Column::ProgramId.eq(program_id))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .into_partial_model()
        .all(db)
        .await
}

/// The program's tokens, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    program_id: i32,
) -> Result<Vec<api_token::Model>, DbErr> {
    api_token::Entity::find()
        .filter(api_token::Column::ProgramId.eq(program_id))
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await
}

/// The live row behind a presented token: signature, audience, issuer and expiry checked,
/// then the row found by the id's hash, not revoked and not past its own expiry. Marks it
/// used (at most once a minute).
pub async fn verify(
    db: &DatabaseConnection,
    keys: &Keys,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<api_token::Model>, DbErr> {
    let Some(claims) = decode_claims(keys, token) else {
        return Ok(None);
    };
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::IdHash.eq(hash(&claims.jti)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let live = claims.sub == format!("api_token:{}", row.id)
        && row.revoked_at.is_none()
        && row.expires_at > now;
    if !live {
        return Ok(None);
    }
    let stale = row
        .last_used_at
        .is_none_or(|t| (now - t).num_seconds() >= TOUCH_EVERY_SECS);
    if stale {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    Ok(Some(row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::derive(b"0123456789abcdef0123456789abcdef")
    }

    fn claims(exp_in: Duration, aud: &str) -> Claims {
        let now = Utc::now();
        Claims {
            sub: "api_token:1".into(),
            jti: "abc".into(),
            iss: ISSUER.into(),
            aud: aud.into(),
            iat: now.timestamp(),
            exp: (now + exp_in).timestamp(),
        }
    }

    #[test]
    fn a_token_decodes_only_with_its_audience_and_before_expiry() {
        let k = keys();
        let good = claims(Duration::minutes(5), AUDIENCE);
        assert_eq!(decode_claims(&k, &encode_claims(&k, &good)), Some(good));
        let expired = claims(Duration::seconds(-5), AUDIENCE);
        assert_eq!(decode_claims(&k, &encode_claims(&k, &expired)), None);
        let staff = claims(Duration::minutes(5), crate::auth::token::STAFF_AUDIENCE);
        assert_eq!(decode_claims(&k, &encode_claims(&k, &staff)), None);
        let other = Keys::derive(b"another-secret-another-secret-xx");
        let forged = claims(Duration::minutes(5), AUDIENCE);
        assert_eq!(decode_claims(&k, &encode_claims(&other, &forged)), None);
    }

    #[test]
    fn only_the_hash_of_the_id_is_kept() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
