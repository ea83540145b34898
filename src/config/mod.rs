//! Typed configuration, read once from the environment (and an optional `.env`).
//!
//! Development gets safe defaults (a data directory beside the binary, a generated secret
//! kept in that directory); production refuses to start without the secrets it needs and
//! names the variable that is missing.
use std::{net::SocketAddr, path::PathBuf, time::Duration};
use url::Url;

mod secret;
pub use secret::{Secret, audit_key, install_audit_key};
use secret::{dev_key, dev_secret};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Env {
    Development,
    Production,
}

impl Env {
    /// The mode when `HEARTH_ENV` is unset: development in a debug build (`cargo run`, the
    /// tests), production in a release build. Development seeds demo accounts with a
    /// published password into an empty database and accepts the request's own `Host` as
    /// an origin; a release binary copied to a server must never do that by accident.
    /// `hearth serve --demo` or `HEARTH_ENV=development` asks for it explicitly.
    pub const UNSET: Env = if cfg!(debug_assertions) {
        Env::Development
    } else {
        Env::Production
    };

    fn parse(value: Option<&str>, unset: Env) -> Result<Env, ConfigError> {
        match value {
            None => Ok(unset),
            Some("development") | Some("dev") => Ok(Env::Development),
            Some("production") | Some("prod") => Ok(Env::Production),
            Some(other) => Err(ConfigError::Invalid {
                var: "HEARTH_ENV",
                reason: format!("'{other}' (use development or production)"),
            }),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub env: Env,
    pub database_url: String,
    pub bind: SocketAddr,
    pub base_url: Url,
    pub secret_key: Secret,
    pub mail: MailConfig,
    pub data_dir: PathBuf,
    /// A session unused for this long must sign in again.
    pub session_idle: Duration,
    /// A session older than this must sign in again, however active.
    pub session_absolute: Duration,
    /// Reverse proxies (addresses or ranges) whose `X-Forwarded-For` names the client; from
    /// anyone else the header is ignored, so it cannot be forged to dodge throttling.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Requests a minute one address may make to the link routes (family, agency, calendar).
    pub link_rate_per_minute: u32,
    /// `HEARTH_METRICS_TOKEN`: a bearer token that opens `/metrics` to a caller elsewhere.
    pub metrics_token: Option<Secret>,
    /// `HEARTH_AUDIT_KEY`: keys the audit chain (`crate::audit::key`). Separate from the
    /// session secret and from the database, so database access alone cannot rewrite it.
    pub audit_key: Secret,
    /// `HEARTH_AUDIT_ANCHOR`: where the audit chain's head is kept (`crate::audit::anchor`).
    pub audit_anchor: PathBuf,
}

/// Outgoing mail: where it goes, how long one send may take, how long to keep retrying.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `HEARTH_SMTP_URL` (`smtp://host:port` plain for a local server, `smtps://…` or
    /// `smtp://…?tls=required` otherwise). `None` means the zero-setup file transport:
    /// `.eml` files in `<data dir>/mail`.
    pub smtp_url: Option<String>,
    /// `HEARTH_MAIL_FROM`, e.g. `Riverbend Early Intervention <notes@ei.example.org>`.
    pub from: String,
    /// One SMTP send (connect + transaction) may take this long before it counts as a
    /// temporary failure. A claimed message is leased for this plus a margin.
    pub send_timeout: Duration,
    /// Temporary failures are retried (exponential backoff with jitter) for this long.
    pub retry_for: Duration,
    /// The first retry waits about this long; each later one twice as long (capped at 1 h).
    pub backoff_base: Duration,
    /// How often an idle worker looks for due mail (it is also woken when mail is queued).
    pub poll: Duration,
    /// A family's signed link works for this many days.
    pub family_link_days: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} must be set when HEARTH_ENV=production")]
    Missing(&'static str),
    #[error("{var} is not valid: {reason}")]
    Invalid { var: &'static str, reason: String },
    #[error("cannot use data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
}

const MIN_SECRET_LEN: usize = 32;

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(Env::UNSET)
    }

    /// Reads the process environment with `unset` as the mode when `HEARTH_ENV` is not set.
    pub fn from_env_with(unset: Env) -> Result<Self, ConfigError> {
        Self::from_lookup_with(
            |k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()),
            unset,
        )
    }

    /// Reads the configuration through `get`, so tests can supply their own variables.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::from_lookup_with(get, Env::UNSET)
    }

    /// The same, with `unset` as the mode when `HEARTH_ENV` is not given (`serve --demo`
    /// passes development; the tests pass each build's default).
    pub fn from_lookup_with(
        get: impl Fn(&str) -> Option<String>,
        unset: Env,
    ) -> Result<Self, ConfigError> {
        let env = Env::parse(get("HEARTH_ENV").as_deref(), unset)?;
        let prod = env == Env::Production;

        let data_dir = PathBuf::from(get("HEARTH_DATA_DIR").unwrap_or_else(|| "data".into()));
        std::fs::create_dir_all(&data_dir).map_err(|source| ConfigError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let data_dir = data_dir
            .canonicalize()
            .map_err(|source| ConfigError::DataDir {
                path: data_dir.display().to_string(),
                source,
            })?;

        let database_url = match get("DATABASE_URL") {
            Some(url) => url,
            None if prod => return Err(ConfigError::Missing("DATABASE_URL")),
            None => format!("sqlite://{}?mode=rwc", data_dir.join("hearth.db").display()),
        };

        let bind: SocketAddr = get("HEARTH_BIND")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| ConfigError::Invalid {
                var: "HEARTH_BIND",
                reason: format!("{e} (expected host:port, e.g. 0.0.0.0:3000)"),
            })?;

        let base_url = match get("HEARTH_BASE_URL") {
            Some(u) => Url::parse(&u).map_err(|e| ConfigError::Invalid {
                var: "HEARTH_BASE_URL",
                reason: e.to_string(),
            })?,
            None if prod => return Err(ConfigError::Missing("HEARTH_BASE_URL")),
            None => Url::parse(&format!("http://{bind}")).expect("socket address is a valid host"),
        };

        let secret_key = match get("HEARTH_SECRET_KEY") {
            Some(s) if s.len() >= MIN_SECRET_LEN => Secret::new(s.into_bytes()),
            Some(_) => {
                return Err(ConfigError::Invalid {
                    var: "HEARTH_SECRET_KEY",
                    reason: format!("must be at least {MIN_SECRET_LEN} characters"),
                });
            }
            None if prod => return Err(ConfigError::Missing("HEARTH_SECRET_KEY")),
            None => dev_secret(&data_dir)?,
        };

        let audit_key = match get("HEARTH_AUDIT_KEY") {
            Some(s) if s.len() < MIN_SECRET_LEN => {
                return Err(ConfigError::Invalid {
                    var: "HEARTH_AUDIT_KEY",
                    reason: format!("must be at least {MIN_SECRET_LEN} characters"),
                });
            }
            Some(s) if s.as_bytes() == secret_key.expose() => {
                return Err(ConfigError::Invalid {
                    var: "HEARTH_AUDIT_KEY",
                    reason: "must differ from HEARTH_SECRET_KEY".into(),
                });
            }
            Some(s) => Secret::new(s.into_bytes()),
            None if prod => return Err(ConfigError::Missing("HEARTH_AUDIT_KEY")),
            None => dev_key(&data_dir, "audit.key")?,
        };
        // Every append signs with it, from any domain's transaction: see `audit::key`.
        install_audit_key(audit_key.clone());
        let audit_anchor = get("HEARTH_AUDIT_ANCHOR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("audit.anchor"));

        let minutes = |var: &'static str, default: u64| -> Result<Duration, ConfigError> {
            match get(var) {
                None => Ok(Duration::from_secs(default * 60)),
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|m| *m > 0)
                    .map(|m| Duration::from_secs(m * 60))
                    .ok_or(ConfigError::Invalid {
                        var,
                        reason: format!("'{v}' is not a positive number of minutes"),
                    }),
            }
        };

        let number = |var: &'static str, default: u64| -> Result<u64, ConfigError> {
            match get(var) {
                None => Ok(default),
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(ConfigError::Invalid {
                        var,
                        reason: format!("'{v}' is not a positive whole number"),
                    }),
            }
        };
        let mail = MailConfig {
            smtp_url: get("HEARTH_SMTP_URL"),
            from: get("HEARTH_MAIL_FROM")
                .unwrap_or_else(|| "Hearth Early Intervention <no-reply@localhost>".into()),
            send_timeout: Duration::from_secs(number("HEARTH_SMTP_TIMEOUT_SECS", 30)?),
            retry_for: Duration::from_secs(number("HEARTH_MAIL_RETRY_HOURS", 48)? * 3600),
            backoff_base: Duration::from_millis(number("HEARTH_MAIL_BACKOFF_MS", 30_000)?),
            poll: Duration::from_millis(number("HEARTH_MAIL_POLL_MS", 2_000)?),
            family_link_days: number("HEARTH_FAMILY_LINK_DAYS", 30)? as i64,
        };
        if let Some(u) = &mail.smtp_url
            && !(u.starts_with("smtp://") || u.starts_with("smtps://"))
        {
            return Err(ConfigError::Invalid {
                var: "HEARTH_SMTP_URL",
                reason: "use smtp://host:port or smtps://user:pass@host:port".into(),
            });
        }
        if mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::Invalid {
                var: "HEARTH_MAIL_FROM",
                reason: format!("'{}' is not an e-mail address", mail.from),
            });
        }

        Ok(Config {
            env,
            database_url,
            bind,
            base_url,
            secret_key,
            mail,
            data_dir,
            session_idle: minutes("HEARTH_SESSION_IDLE_MINUTES", 60)?,
            session_absolute: minutes("HEARTH_SESSION_MAX_MINUTES", 12 * 60)?,
            trusted_proxies: proxies(get("HEARTH_TRUSTED_PROXIES").as_deref().unwrap_or(""))?,
            link_rate_per_minute: number("HEARTH_LINK_RATE_PER_MINUTE", 60)?.min(100_000) as u32,
            metrics_token: get("HEARTH_METRICS_TOKEN")
                .filter(|t| !t.is_empty())
                .map(|t| Secret::new(t.into_bytes())),
            audit_key,
            audit_anchor,
        })
    }

    /// Cookies get `Secure` and the `__Host-` prefix whenever Hearth is served over https.
    pub fn https(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    /// The origin browsers send in `Origin` for requests from our own pages.
    pub fn origin(&self) -> String {
        self.base_url.origin().ascii_serialization()
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

/// `10.0.0.0/8, 127.0.0.1`: ranges, or single addresses.
fn proxies(list: &str) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    list.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<ipnet::IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError::Invalid {
                    var: "HEARTH_TRUSTED_PROXIES",
                    reason: format!("'{p}' is not an address or a range like 10.0.0.0/8"),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests;
