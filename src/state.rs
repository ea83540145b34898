//! AppState: what every handler may reach. Cheap to clone (everything is behind `Arc`).
use crate::config::Config;
use hmac::{Hmac, Mac};
use jsonwebtoken::{DecodingKey, EncodingKey};
use sea_orm::DatabaseConnection;
use sha2::Sha256;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub keys: Arc<Keys>,
    /// Wakes this process's mail worker when a message is queued, so it goes out at once
    /// instead of at the next poll.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// When this process's mail worker last finished a round, for `/readyz`.
    pub mail_heartbeat: Arc<Heartbeat>,
    /// Requests to the link routes per client address (`auth::link_limit`), in this process.
    pub link_limiter: Arc<governor::DefaultKeyedRateLimiter<std::net::IpAddr>>,
    /// Appends this process's stand-alone audit rows (views, refusals) by group commit.
    pub audit: crate::audit::Writer,
}

/// The time of a loop's last round, in Unix milliseconds (0: it has not run).
#[derive(Debug, Default)]
pub struct Heartbeat(std::sync::atomic::AtomicI64);

impl Heartbeat {
    pub fn beat(&self, at: chrono::DateTime<chrono::Utc>) {
        self.0
            .store(at.timestamp_millis(), std::sync::atomic::Ordering::Relaxed);
    }
    pub fn last(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        match self.0.load(std::sync::atomic::Ordering::Relaxed) {
            0 => None,
            ms => chrono::DateTime::from_timestamp_millis(ms),
        }
    }
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        let keys = Keys::derive(config.secret_key.expose());
        let per_minute =
            std::num::NonZeroU32::new(config.link_rate_per_minute.max(1)).expect("at least one");
        let link_limiter = governor::RateLimiter::keyed(governor::Quota::per_minute(per_minute));
        Self {
            audit: crate::audit::Writer::new(db.clone()),
            db,
            config: Arc::new(config),
            keys: Arc::new(keys),
            mail_wake: Arc::new(tokio::sync::Notify::new()),
            mail_heartbeat: Arc::new(Heartbeat::default()),
            link_limiter: Arc::new(link_limiter),
        }
    }
}

/// Keys derived from the one master secret, each for a single purpose, so that a token
/// signed for one use (a session) can never be replayed as another (a CSRF token).
pub struct Keys {
    pub jwt_encoding: EncodingKey,
    pub jwt_decoding: DecodingKey,
    pub csrf: [u8; 32],
    pub flash: [u8; 32],
}

impl Keys {
    pub fn derive(master: &[u8]) -> Self {
        let sub = |label: &str| -> [u8; 32] {
            let mut mac = Hmac::<Sha256>::new_from_slice(master).expect("hmac takes any key");
            mac.update(label.as_bytes());
            mac.finalize().into_bytes().into()
        };
        let jwt = sub("hearth/jwt/v1");
        Self {
            jwt_encoding: EncodingKey::from_secret(&jwt),
            jwt_decoding: DecodingKey::from_secret(&jwt),
            csrf: sub("hearth/csrf/v1"),
            flash: sub("hearth/flash/v1"),
        }
    }
}

/// HMAC-SHA256 of `msg` under `key`, hex-encoded.
pub fn sign(key: &[u8; 32], msg: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac takes any key");
    mac.update(msg.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Constant-time check of a hex signature made by [`sign`].
pub fn verify(key: &[u8; 32], msg: &str, signature: &str) -> bool {
    let Ok(bytes) = hex::decode(signature) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac takes any key");
    mac.update(msg.as_bytes());
    mac.verify_slice(&bytes).is_ok()
}
