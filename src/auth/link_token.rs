//! Signed links for people without accounts (a family, an agency): an HS256 JWT naming the
//! record it opens (`sub`) and a random identifier (`jti`) whose SHA-256 is kept on that
//! record. The signature makes a link unforgeable; the stored hash makes it expire, be
//! revoked and be audited. Each use has its own audience, so a link for one purpose never
//! opens another, and none is a staff session.
use super::token::ISSUER;
use crate::state::Keys;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, Header, Validation, decode, encode, errors::ErrorKind};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct Claims {
    pub sub: String,
    pub jti: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// Why a link or session was refused. People see one calm page for all of them; the reason
/// goes to the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a token we signed for this purpose (tampered, other audience, garbage).
    Invalid,
    Expired,
    Revoked,
    /// Signed by us, but the stored record does not match (another record's claims).
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

/// A new random identifier and the hash to store for it.
pub fn new_id() -> (String, String) {
    let jti = hex::encode(rand::random::<[u8; 16]>());
    let h = hash(&jti);
    (jti, h)
}

pub fn hash(jti: &str) -> String {
    hex::encode(Sha256::digest(jti.as_bytes()))
}

pub fn sign(
    keys: &Keys,
    sub: &str,
    jti: &str,
    aud: &str,
    now: DateTime<Utc>,
    exp: DateTime<Utc>,
) -> String {
    let claims = Claims {
        sub: sub.to_owned(),
        jti: jti.to_owned(),
        iss: ISSUER.into(),
        aud: aud.into(),
        iat: now.timestamp(),
        exp: exp.timestamp(),
    };
    encode(&Header::new(Algorithm::HS256), &claims, &keys.jwt_encoding)
        .expect("HS256 encoding with a byte key cannot fail")
}

/// Checks signature (HS256 only), issuer, audience and expiry (no leeway).
pub fn decode_for(keys: &Keys, token: &str, aud: &str) -> Result<Claims, Refusal> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn keys() -> Keys {
        Keys::derive(b"0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn audiences_do_not_cross() {
        let k = keys();
        let now = Utc::now();
        let link = sign(&k, "4", "abc", "family", now, now + Duration::days(1));
        assert_eq!(decode_for(&k, &link, "family").unwrap().sub, "4");
        assert_eq!(decode_for(&k, &link, "agency"), Err(Refusal::Invalid));
        let staff = crate::auth::token::issue(
            &k,
            &crate::auth::token::Claims::staff(1, "s", now, now + Duration::days(1)),
        );
        assert_eq!(decode_for(&k, &staff, "family"), Err(Refusal::Invalid));
    }

    #[test]
    fn expired_and_tampered_links_are_refused() {
        let k = keys();
        let now = Utc::now();
        let old = sign(
            &k,
            "4",
            "abc",
            "family",
            now - Duration::days(2),
            now - Duration::seconds(1),
        );
        assert_eq!(decode_for(&k, &old, "family"), Err(Refusal::Expired));
        let good = sign(&k, "4", "abc", "family", now, now + Duration::days(1));
        let mut bad = good.clone();
        bad.pop();
        bad.push(if good.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(decode_for(&k, &bad, "family"), Err(Refusal::Invalid));
    }
}
