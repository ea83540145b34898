//! The audit log: recording (used by every domain) and verifying its hash chain. The
//! admin reads and verifies it on the audit page (`crate::admin`).
pub mod change;
pub mod model;

pub use change::Change;
pub use model::{Actor, ChainStatus, Event, record, record_in, verify_chain};
