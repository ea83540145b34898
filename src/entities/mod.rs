//! sea-orm entities, one per table. Behaviour lives in each domain's `model.rs`.
pub mod audit_log;
pub mod caregiver;
pub mod child;
pub mod consent;
pub mod credential;
pub mod delay;
pub mod evaluation;
pub mod evaluation_result;
pub mod family;
pub mod login_attempt;
pub mod program;
pub mod referral;
pub mod session;
pub mod user;
