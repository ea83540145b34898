//! Hearth's schema, one change per file, applied in the order listed here.
//! Usable from the app (`hearth migrate`) and from `sea-orm-cli migrate`.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_programs;
mod m20261123_000002_create_users;
mod m20261123_000003_create_sessions;
mod m20261123_000004_create_login_attempts;
mod m20261123_000005_create_audit_log;
mod m20261123_000006_add_program_rules;
mod m20261123_000007_create_families_and_children;
mod m20261123_000008_create_referrals_and_consents;
mod m20261123_000009_create_evaluations_and_delays;
mod m20261123_000010_create_credentials;
mod m20261123_000011_create_ifsps;
mod m20261123_000012_create_cos_ratings;
mod m20261123_000013_create_outcome_progress;
mod m20261123_000014_create_visits;
mod m20261123_000015_create_activities;
mod m20261123_000016_create_family_mail;
mod m20261123_000017_create_agencies_and_transition;
mod m20261123_000018_add_consent_records;
mod m20261123_000019_guard_states;
mod m20261123_000020_add_child_race_ethnicity;
mod m20261123_000020_create_program_populations;
mod m20261201_000021_index_busy_pages;
mod m20261201_000023_add_outbox_reply_to;
mod m20261201_000024_keyed_audit_and_immutable_records;
mod m20261201_000025_create_api_tokens;
mod m20261201_000026_create_interchange_ids;
mod m20261202_000028_create_family_surveys;
mod m20261202_000029_add_evaluation_withdrawal;
mod m20261202_000030_create_indicator_targets;
mod m20261202_000031_create_referral_imports;
mod m20261203_000032_add_lead_agency_role;
mod m20261203_000033_index_first_visits;
mod m20261203_000034_create_note_submissions;
mod m20261204_000035_create_visit_confirmations;
mod m20261204_000036_add_telehealth;
mod m20261204_000037_add_consent_agency;
mod m20261204_000038_add_family_language_texts;
pub mod m20261206_000039_create_report_rows;
mod m20261206_000040_index_children_by_program;
mod m20261206_000041_guard_new_visit_columns;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_programs::Migration),
            Box::new(m20261123_000002_create_users::Migration),
            Box::new(m20261123_000003_create_sessions::Migration),
            Box::new(m20261123_000004_create_login_attempts::Migration),
            Box::new(m20261123_000005_create_audit_log::Migration),
            Box::new(m20261123_000006_add_program_rules::Migration),
            Box::new(m20261123_000007_create_families_and_children::Migration),
            Box::new(m20261123_000008_create_referrals_and_consents::Migration),
            Box::new(m20261123_000009_create_evaluations_and_delays::Migration),
            Box::new(m20261123_000010_create_credentials::Migration),
            Box::new(m20261123_000011_create_ifsps::Migration),
            Box::new(m20261123_000012_create_cos_ratings::Migration),
            Box::new(m20261123_000013_create_outcome_progress::Migration),
            Box::new(m20261123_000014_create_visits::Migration),
            Box::new(m20261123_000015_create_activities::Migration),
            Box::new(m20261123_000016_create_family_mail::Migration),
            Box::new(m20261123_000017_create_agencies_and_transition::Migration),
            Box::new(m20261123_000018_add_consent_records::Migration),
            Box::new(m20261123_000019_guard_states::Migration),
            Box::new(m20261123_000020_add_child_race_ethnicity::Migration),
            Box::new(m20261123_000020_create_program_populations::Migration),
            Box::new(m20261201_000021_index_busy_pages::Migration),
            Box::new(m20261201_000023_add_outbox_reply_to::Migration),
            Box::new(m20261201_000024_keyed_audit_and_immutable_records::Migration),
            Box::new(m20261201_000025_create_api_tokens::Migration),
            Box::new(m20261201_000026_create_interchange_ids::Migration),
            Box::new(m20261202_000028_create_family_surveys::Migration),
            Box::new(m20261202_000029_add_evaluation_withdrawal::Migration),
            Box::new(m20261202_000030_create_indicator_targets::Migration),
            Box::new(m20261202_000031_create_referral_imports::Migration),
            Box::new(m20261203_000032_add_lead_agency_role::Migration),
            Box::new(m20261203_000033_index_first_visits::Migration),
            Box::new(m20261203_000034_create_note_submissions::Migration),
            Box::new(m20261204_000035_create_visit_confirmations::Migration),
            Box::new(m20261204_000036_add_telehealth::Migration),
            Box::new(m20261204_000037_add_consent_agency::Migration),
            Box::new(m20261204_000038_add_family_language_texts::Migration),
            Box::new(m20261206_000039_create_report_rows::Migration),
            Box::new(m20261206_000040_index_children_by_program::Migration),
            Box::new(m20261206_000041_guard_new_visit_columns::Migration),
        ]
    }
}
