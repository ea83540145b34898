//! The audit log: recording (used by every domain) and verifying its keyed hash chain, whose
//! head is also kept outside the table (`anchor`). The admin reads and verifies it on the
//! audit page (`crate::admin`); `hearth audit verify` checks it against the anchor.
pub mod anchor;
pub mod change;
pub mod cli;
pub mod key;
pub mod model;
pub mod report;
pub mod verify;
pub mod writer;

pub use change::Change;
pub use model::{Actor, Event, record, record_in};
pub use verify::{ChainStatus, verify_chain};
pub use writer::Writer;
