//! The session token: a JWT signed with HS256 (pinned; `alg: none` and every other
//! algorithm are refused), carrying the session row's id. The row is what makes the
//! token revocable; the signature is what makes it unforgeable.
use crate::state::Keys;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "hearth";
pub const STAFF_AUDIENCE: &str = "hearth-staff";

#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    /// The session row's id.
    pub sid: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn staff(user_id: i32, session_id: &str, now: DateTime<Utc>, exp: DateTime<Utc>) -> Self {
        Claims {
            sub: user_id.to_string(),
            sid: session_id.to_owned(),
            iss: ISSUER.into(),
            aud: STAFF_AUDIENCE.into(),
            iat: now.timestamp(),
            exp: exp.timestamp(),
        }
    }
}

pub fn issue(keys: &Keys, claims: &Claims) -> String {
    encode(&Header::new(Algorithm::HS256), claims, &keys.jwt_encoding)
        .expect("HS256 encoding with a byte key cannot fail")
}

/// Decodes and checks signature, algorithm, `exp`, `iss` and `aud`.
pub fn verify(keys: &Keys, token: &str) -> Option<Claims> {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&[ISSUER]);
    v.set_audience(&[STAFF_AUDIENCE]);
    v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    v.leeway = 0;
    decode::<Claims>(token, &keys.jwt_decoding, &v)
        .ok()
        .map(|d| d.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    use chrono::Duration;

    fn keys() -> Keys {
        Keys::derive(b"0123456789abcdef0123456789abcdef")
    }

    fn claims(exp_in: Duration) -> Claims {
        let now = Utc::now();
        Claims::staff(7, "sid", now, now + exp_in)
    }

    #[test]
    fn round_trip() {
        let k = keys();
        let c = claims(Duration::minutes(5));
        assert_eq!(verify(&k, &issue(&k, &c)), Some(c));
    }

    #[test]
    fn expired_wrong_key_tampered_and_none_are_refused() {
        let k = keys();
        assert!(verify(&k, &issue(&k, &claims(Duration::seconds(-5)))).is_none());

        let other = Keys::derive(b"another-secret-another-secret-xx");
        assert!(verify(&k, &issue(&other, &claims(Duration::minutes(5)))).is_none());

        let good = issue(&k, &claims(Duration::minutes(5)));
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        let mut payload: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        payload["sub"] = "1".into();
        parts[1] = URL_SAFE_NO_PAD.encode(payload.to_string());
        assert!(verify(&k, &parts.join(".")).is_none());

        let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let unsigned = format!("{none_header}.{}.", good.split('.').nth(1).unwrap());
        assert!(verify(&k, &unsigned).is_none());
    }

    #[test]
    fn wrong_audience_is_refused() {
        let k = keys();
        let mut c = claims(Duration::minutes(5));
        c.aud = "family".into();
        assert!(verify(&k, &issue(&k, &c)).is_none());
    }
}
