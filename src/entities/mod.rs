//! sea-orm entities, one per table. Behaviour lives in each domain's `model.rs`.
pub mod audit_log;
pub mod login_attempt;
pub mod program;
pub mod session;
pub mod user;
