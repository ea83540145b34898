//! Hand-made JWT forgeries for `token_attacks`: built from the raw key (recomputed from the
//! published derivation, not taken from the code under test), so a refusal cannot be an
//! artefact of a broken signer.
use crate::support::SECRET;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD as B64};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Sha256, Sha384, Sha512};

/// Where a token is presented, and what a refusal looks like there.
#[derive(Clone, Copy, Debug)]
pub enum Door {
    /// `hearth_session` cookie on `/`: a refusal sends the browser to sign in.
    Staff,
    /// The e-mailed family link, confirmed (POST): 401 with the calm "link ended" page.
    FamilyLink,
    /// `hearth_family` cookie on `/family`: 401.
    FamilySession,
    /// The e-mailed agency link, confirmed (POST): 401.
    AgencyLink,
    /// `hearth_agency` cookie on `/agency/packet`: 401.
    AgencySession,
    /// An API token as `Authorization: Bearer` on `/api/v1/children`: 401.
    Api,
}

const AUDIENCES: [&str; 6] = [
    "hearth-api",
    "hearth-staff",
    "family",
    "family-session",
    "agency",
    "agency-session",
];

/// The JWT key the app derives from the master secret (`Keys::derive`), recomputed here
/// from its published construction rather than taken from the code under test.
pub fn jwt_key() -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(b"hearth/jwt/v1");
    mac.finalize().into_bytes().to_vec()
}

/// `header.payload.signature`, the signature an HMAC of `bits` under `key`.
pub fn jwt(header: &Value, claims: &Value, bits: u16, key: &[u8]) -> String {
    let signing = format!(
        "{}.{}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    );
    let sig = match bits {
        256 => {
            let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
            m.update(signing.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
        384 => {
            let mut m = Hmac::<Sha384>::new_from_slice(key).unwrap();
            m.update(signing.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
        _ => {
            let mut m = Hmac::<Sha512>::new_from_slice(key).unwrap();
            m.update(signing.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
    };
    format!("{signing}.{}", B64.encode(sig))
}

pub fn claims_of(token: &str) -> Value {
    serde_json::from_slice(&B64.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

pub fn hs256() -> Value {
    json!({"alg": "HS256", "typ": "JWT"})
}

/// The valid token re-signed by this file's signer: the control every forgery departs from.
pub fn resigned(valid: &str) -> String {
    jwt(&hs256(), &claims_of(valid), 256, &jwt_key())
}

/// The forgeries of one valid token presented at `door`.
pub fn forgeries(valid: &str, door: Door) -> Vec<(String, String)> {
    let key = jwt_key();
    let c = claims_of(valid);
    let parts: Vec<&str> = valid.split('.').collect();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = c.clone();
        f(&mut v);
        v
    };
    let far = chrono::Utc::now().timestamp() + 365 * 86_400;
    let mut out: Vec<(String, String)> = Vec::new();
    for alg in ["none", "None", "NONE", "nOnE"] {
        let h = B64.encode(json!({"alg": alg, "typ": "JWT"}).to_string());
        out.push((format!("alg {alg}"), format!("{h}.{}.", parts[1])));
    }
    let h = B64.encode(json!({"alg": "none"}).to_string());
    out.push((
        "alg none, signature kept".into(),
        format!("{h}.{}.{}", parts[1], parts[2]),
    ));
    out.push((
        "HS384 with the right key".into(),
        jwt(&json!({"alg": "HS384"}), &c, 384, &key),
    ));
    out.push((
        "HS512 with the right key".into(),
        jwt(&json!({"alg": "HS512"}), &c, 512, &key),
    ));
    for alg in ["RS256", "ES256", "PS256", "EdDSA"] {
        out.push((
            format!("{alg} header, HMAC with the right key"),
            jwt(&json!({"alg": alg, "typ": "JWT"}), &c, 256, &key),
        ));
    }
    out.push(("wrong key".into(), jwt(&hs256(), &c, 256, b"not-the-key")));
    out.push(("empty key".into(), jwt(&hs256(), &c, 256, b"")));
    out.push((
        "the master secret instead of the derived key".into(),
        jwt(&hs256(), &c, 256, SECRET.as_bytes()),
    ));
    out.push((
        "kid pointing at /dev/null, empty key".into(),
        jwt(
            &json!({"alg": "HS256", "kid": "../../../../dev/null"}),
            &c,
            256,
            b"",
        ),
    ));
    out.push((
        "embedded attacker jwk".into(),
        jwt(
            &json!({"alg": "HS256", "jwk": {"kty": "oct", "k": B64.encode("attacker")}}),
            &c,
            256,
            b"attacker",
        ),
    ));
    // Claims changed, the original signature kept.
    for (name, v) in [
        ("sub changed", with(&|v| v["sub"] = json!("1"))),
        ("exp extended", with(&|v| v["exp"] = json!(far))),
    ] {
        out.push((
            format!("{name}, signature kept"),
            format!("{}.{}.{}", parts[0], B64.encode(v.to_string()), parts[2]),
        ));
    }
    // Signed with the right key, but claims that must not pass.
    let own = c["aud"].as_str().unwrap().to_owned();
    for aud in AUDIENCES.iter().filter(|a| **a != own) {
        out.push((
            format!("audience {aud}"),
            jwt(&hs256(), &with(&|v| v["aud"] = json!(aud)), 256, &key),
        ));
    }
    let now = chrono::Utc::now().timestamp();
    let signed = [
        ("issuer changed", with(&|v| v["iss"] = json!("hearth-evil"))),
        (
            "no issuer",
            with(&|v| _ = v.as_object_mut().unwrap().remove("iss")),
        ),
        (
            "no audience",
            with(&|v| _ = v.as_object_mut().unwrap().remove("aud")),
        ),
        ("expired a second ago", with(&|v| v["exp"] = json!(now - 1))),
        (
            "no expiry",
            with(&|v| _ = v.as_object_mut().unwrap().remove("exp")),
        ),
        (
            "expiry as text",
            with(&|v| v["exp"] = json!(far.to_string())),
        ),
        (
            "no subject",
            with(&|v| _ = v.as_object_mut().unwrap().remove("sub")),
        ),
        ("another subject", with(&|v| v["sub"] = json!("999999"))),
    ];
    for (name, v) in signed {
        out.push((format!("{name}, right key"), jwt(&hs256(), &v, 256, &key)));
    }
    out.push((
        "signature stripped".into(),
        format!("{}.{}.", parts[0], parts[1]),
    ));
    out.push(("truncated".into(), valid[..valid.len() - 5].to_owned()));
    out.push(("an extra segment".into(), format!("{valid}.AAAA")));
    out.push(("garbage".into(), "not.a.token".into()));
    if matches!(
        door,
        Door::Staff | Door::FamilySession | Door::AgencySession | Door::Api
    ) {
        out.push(("empty".into(), String::new()));
    }
    out
}
