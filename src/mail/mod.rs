//! Outgoing e-mail: a durable outbox, a worker that sends it over SMTP (or into files). The
//! admin's E-mail page, where staff see what was sent and retry what failed, is in
//! `crate::admin`.
pub mod files;
pub mod outbox;
pub mod transport;
pub mod views;
pub mod worker;
