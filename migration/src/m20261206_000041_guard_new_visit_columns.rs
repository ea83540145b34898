use crate::m20261201_000024_keyed_audit_and_immutable_records::{self as guards, Guard};
use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

/// The signed-record guards cover the columns added since they were built (issue 17).
///
/// Migration 000024's triggers refuse an UPDATE of a signed visit note (and of an audit row,
/// and of a signed plan beyond superseding it) by naming every column it may not change, as
/// the schema had them when it ran. Columns added since, on `visits` the telehealth fields
/// (000036: `meeting_link`, `remote_coaching`, `remote_coaching_note`) and the family's joint
/// plan (000038: `joint_plan_family`, `joint_plan_lang`), were not named, so a signed note's
/// could be changed directly. This builds those guards again, with 000024's own code, over
/// the columns the tables have now. The other guards (an addendum, a disclosure, a signed
/// plan's outcomes, services and signatures) refuse any update whatever its columns, and so
/// already cover `ifsp_outcomes.family_statement` and `family_lang`.
///
/// What the app writes to a signed note stays allowed: its review, once (the same list as
/// before); the signing itself is an update of a note not yet signed; the caregiver's
/// confirmation is a row of `visit_confirmations`, beside the note.
///
/// `down` builds them over the columns less those added since 000024, as they were: SQLite
/// cannot drop a column a trigger names, so 000038's and 000036's `down` need that.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns added to guarded tables after 000024 built their triggers.
const ADDED_SINCE: &[&str] = &[
    "meeting_link",
    "remote_coaching",
    "remote_coaching_note",
    "joint_plan_family",
    "joint_plan_lang",
];

/// Builds again every guard written over its table's columns, over `keep` of them.
async fn rebuild(manager: &SchemaManager<'_>, keep: impl Fn(&str) -> bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let pg = db.get_database_backend() == DbBackend::Postgres;
    for g in guards::GUARDS.iter().filter(|g: &&Guard| g.lists_columns()) {
        let cols: Vec<String> = guards::columns(db, g.table)
            .await?
            .into_iter()
            .filter(|c| keep(c))
            .collect();
        guards::remove(db, g, pg).await?;
        guards::install(db, g, &cols, pg).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on both engines: the guards are dropped and built on one connection
    /// and no note is ever unguarded between the two (on SQLite the pool's other connections
    /// could otherwise run the drop and the build apart).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, |_| true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, |c| !ADDED_SINCE.contains(&c)).await
    }
}
