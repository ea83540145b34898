//! Where mail goes: an SMTP server (pooled connections, every send under a timeout), `.eml`
//! files in the data directory (the zero-setup default), or memory (unit tests).
use crate::config::Config;
use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::smtp::PoolConfig,
};
use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};

/// The directory the file transport writes to, and the "sent mail" page reads.
pub fn mail_dir(config: &Config) -> PathBuf {
    config.data_dir.join("mail")
}

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
    /// Each sent message, as the bytes that would have gone over the wire.
    Memory(Arc<Mutex<Vec<Vec<u8>>>>),
}

/// Why a send did not go through, classified the way retries need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth trying again later: a 4xx reply, a refused or dropped connection, a timeout.
    Temporary { code: Option<i32>, message: String },
    /// Trying again will not help: a 5xx reply, or an address the server will never take.
    Permanent { code: Option<i32>, message: String },
}

impl SendError {
    pub fn code(&self) -> Option<i32> {
        match self {
            SendError::Temporary { code, .. } | SendError::Permanent { code, .. } => *code,
        }
    }
    pub fn message(&self) -> &str {
        match self {
            SendError::Temporary { message, .. } | SendError::Permanent { message, .. } => message,
        }
    }
}

impl Mailer {
    /// The transport the configuration names: SMTP when `HEARTH_SMTP_URL` is set, files
    /// otherwise.
    pub fn from_config(config: &Config) -> anyhow::Result<Mailer> {
        match &config.mail.smtp_url {
            Some(url) => {
                let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("HEARTH_SMTP_URL: {e}"))?
                    .timeout(Some(config.mail.send_timeout))
                    .pool_config(
                        PoolConfig::new()
                            .max_size(4)
                            .idle_timeout(Duration::from_secs(60)),
                    )
                    .build();
                Ok(Mailer::Smtp(smtp))
            }
            None => {
                let dir = mail_dir(config);
                std::fs::create_dir_all(&dir)?;
                Ok(Mailer::File(AsyncFileTransport::new(dir)))
            }
        }
    }

    pub fn memory() -> (Mailer, Arc<Mutex<Vec<Vec<u8>>>>) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        (Mailer::Memory(sent.clone()), sent)
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Mailer::Smtp(_) => "SMTP",
            Mailer::File(_) => "files in the data directory",
            Mailer::Memory(_) => "memory",
        }
    }

    /// Sends one message. lettre's own timeout covers connecting only, so the whole send
    /// runs under `timeout`: a server that accepts the connection and then stalls is a
    /// temporary failure, not a stuck worker.
    pub async fn send(&self, msg: Message, timeout: Duration) -> Result<(), SendError> {
        match self {
            Mailer::Smtp(smtp) => match tokio::time::timeout(timeout, smtp.send(msg)).await {
                Err(_) => Err(SendError::Temporary {
                    code: None,
                    message: format!("no answer from the mail server within {timeout:?}"),
                }),
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => {
                    let code = e.status().and_then(|c| c.to_string().parse().ok());
                    let message = e.to_string();
                    if e.is_permanent() {
                        Err(SendError::Permanent { code, message })
                    } else {
                        Err(SendError::Temporary { code, message })
                    }
                }
            },
            Mailer::File(f) => f
                .send(msg)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Temporary {
                    code: None,
                    message: format!("could not write the mail file: {e}"),
                }),
            Mailer::Memory(sent) => {
                sent.lock()
                    .expect("memory mailer lock")
                    .push(msg.formatted());
                Ok(())
            }
        }
    }
}
