//! Hearth's integration tests: one binary, the real router on a fresh database per test,
//! driven over HTTP. SQLite by default; PostgreSQL when `TEST_DATABASE_URL` is set.
mod support;

mod activities;
mod activity_authoring;
mod agencies;
mod audit;
mod auth;
mod browser;
mod caseload;
mod children;
mod coaching_notes;
mod concurrency;
mod cos;
mod csrf;
mod drafts;
mod family_links;
mod family_mail;
mod ifsp;
mod ifsp_helpers;
mod note_helpers;
mod packets;
mod pages;
mod print;
mod program;
mod progress;
mod records;
mod smtp;
mod staff;
mod states;
mod tokens;
mod transition;
mod transition_helpers;
mod visit_edges;
mod visit_feeds;
mod visit_helpers;
mod visits;
