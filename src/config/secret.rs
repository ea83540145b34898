//! Secrets: the master secret and the audit key, never printed; development's generated
//! keys kept in the data directory.
use super::{ConfigError, MIN_SECRET_LEN};
use std::{fmt, path::Path};

/// The master secret. Never printed: `Debug` shows a placeholder.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

static AUDIT_KEY: std::sync::OnceLock<Secret> = std::sync::OnceLock::new();

/// Installs the process's audit key (reading a configuration does it). The first one stays:
/// rows signed with two keys in one process could not all verify, so a second, different key
/// is refused with a warning. Returns whether `key` is the one in use.
pub fn install_audit_key(key: Secret) -> bool {
    let used = AUDIT_KEY.get_or_init(|| key.clone());
    if used.expose() != key.expose() {
        tracing::warn!("a second, different HEARTH_AUDIT_KEY in one process; keeping the first");
        return false;
    }
    true
}

/// The installed audit key (`None` until a configuration was read).
pub fn audit_key() -> Option<&'static Secret> {
    AUDIT_KEY.get()
}

/// Development keeps one generated secret in the data directory so sessions survive restarts.
pub(super) fn dev_secret(dir: &Path) -> Result<Secret, ConfigError> {
    dev_key(dir, "secret.key")
}

/// A generated key kept in the data directory as `file` (development only).
pub(super) fn dev_key(dir: &Path, file: &str) -> Result<Secret, ConfigError> {
    let path = dir.join(file);
    let io = |source| ConfigError::DataDir {
        path: path.display().to_string(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(s) if s.trim().len() >= MIN_SECRET_LEN => Ok(Secret(s.trim().as_bytes().to_vec())),
        _ => {
            let key = hex::encode(rand::random::<[u8; 32]>());
            std::fs::write(&path, &key).map_err(io)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                    .map_err(io)?;
            }
            Ok(Secret(key.into_bytes()))
        }
    }
}
