use sea_orm_migration::prelude::*;

/// Indexes for the statements of the busiest pages, each named for the page it serves and
/// checked against the plan SQLite chooses (`tests/query_plans.rs`):
/// - the agenda's notes still to sign (a provider's visits with no signature, oldest first)
///   and past visits never logged (a provider's scheduled visits before today): both were
///   read through (provider, time), every visit the provider ever made;
/// - the child page's next and newest visits: (child, time) gives them in order;
/// - a provider's caseload and home page start from the services assigned to them (the
///   table was scanned);
/// - the supervisor's home page lists refused signings: (program, action, time) instead of
///   every audit row of the last 30 days.
#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[(&str, &str, &[&str])] = &[
    (
        "idx_visits_provider_unsigned",
        "visits",
        &["provider_id", "status", "signed_at", "starts_at"],
    ),
    (
        "idx_visits_provider_status",
        "visits",
        &["provider_id", "status", "starts_at"],
    ),
    (
        "idx_visits_child_time",
        "visits",
        &["child_id", "starts_at"],
    ),
    ("idx_services_provider", "ifsp_services", &["provider_id"]),
    (
        "idx_audit_program_action",
        "audit_log",
        &["program_id", "action", "created_at"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, cols) in INDEXES {
            let mut idx = Index::create();
            idx.name(*name).table(*table);
            for c in *cols {
                idx.col(*c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES.iter().rev() {
            manager
                .drop_index(Index::drop().name(*name).table(*table).to_owned())
                .await?;
        }
        Ok(())
    }
}
