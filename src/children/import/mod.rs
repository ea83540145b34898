//! Referrals imported from a spreadsheet (issue #15): an intake list that arrives as a CSV
//! file is uploaded (`file`), staged on the server for its uploader, its columns mapped onto
//! the intake form's fields (`fields`), every row previewed through the intake's own parse
//! and duplicate check (`preview`), and committed all or nothing with the intake's own
//! command (`commands`). There is no second copy of the intake rules here: a row becomes a
//! `ReferralForm` and is judged exactly as one typed on `/children/new`.
pub mod cells;
pub mod commands;
pub mod fields;
pub mod file;
pub(super) mod handlers;
pub mod preview;
mod views;
