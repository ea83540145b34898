//! The program (tenant)'s configurable rules, with the federal defaults: every clock and
//! check reads its numbers from here. The admin edits them on the settings page
//! (`crate::admin`).
pub mod rules;
