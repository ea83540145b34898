//! The program (tenant) and its configurable rules.
pub mod rules;
