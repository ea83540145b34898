//! The audit key: what makes the chain's hashes unforgeable by someone who can write to the
//! database but does not hold `HEARTH_AUDIT_KEY`.
//!
//! The key is process-wide. Every domain appends through [`super::record_in`] inside its own
//! transaction, with no application state at hand, so reading the configuration installs
//! the secret once (`config::install_audit_key`; the first one stays for the life of the
//! process) and the chain's key is derived from it here, under a label of its own.
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::OnceLock;

/// The key derived from `HEARTH_AUDIT_KEY` for the audit chain only.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; 32]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

impl AuditKey {
    pub fn derive(secret: &[u8]) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("hmac takes any key");
        mac.update(b"hearth/audit-chain/v1");
        AuditKey(mac.finalize().into_bytes().into())
    }

    pub(crate) fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.0).expect("hmac takes any key")
    }
}

static DERIVED: OnceLock<AuditKey> = OnceLock::new();

/// The process's chain key, or an error naming what is missing (no configuration was read).
pub fn current() -> Result<&'static AuditKey, sea_orm::DbErr> {
    if let Some(k) = DERIVED.get() {
        return Ok(k);
    }
    let secret = crate::config::audit_key().ok_or_else(|| {
        sea_orm::DbErr::Custom(
            "the audit key is not installed: read the configuration (Config::from_env) first"
                .into(),
        )
    })?;
    Ok(DERIVED.get_or_init(|| AuditKey::derive(secret.expose())))
}
