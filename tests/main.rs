//! Hearth's integration tests: one binary, the real router on a fresh database per test,
//! driven over HTTP. SQLite by default; PostgreSQL when `TEST_DATABASE_URL` is set.
mod support;

mod audit;
mod auth;
mod children;
mod csrf;
mod pages;
mod staff;
mod tokens;
