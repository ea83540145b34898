//! Hearth: case management for IDEA Part C early-intervention programs.
//!
//! `router` builds the whole application from an [`AppState`]; `hearth serve` and the
//! integration tests use the same function, so tests drive exactly what runs.
pub mod account;
pub mod activities;
pub mod admin;
pub mod agencies;
pub mod api;
pub mod api_tokens;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bench;
pub mod children;
pub mod config;
pub mod db;
pub mod entities;
pub mod error;
pub mod family;
pub mod health;
pub mod i18n;
pub mod ifsp;
pub mod interchange;
#[cfg(test)]
mod layers;
pub mod mail;
pub mod meta;
pub mod metrics;
pub mod notes;
pub mod packets;
pub mod pages;
pub mod policy;
pub mod program;
pub mod reports;
pub mod seed;
pub mod server;
pub mod shell;
pub mod staff;
pub mod state;
pub mod timeline;
pub mod transition;
pub mod views;
pub mod visits;

rust_i18n::i18n!("assets/locales");

pub use config::Config;
pub use server::{router, serve};
pub use state::AppState;
