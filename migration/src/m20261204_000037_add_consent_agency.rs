use sea_orm_migration::prelude::*;

/// A release of information names a directory agency by id (issue #17): `consents.agency_id`,
/// nullable, a foreign key to `agencies`. `agency_name` stays: it is the name of an agency
/// not in the directory, and what older rows typed. Rows whose typed name is exactly the name
/// of one agency of the child's program get that agency's id here; the rest stay NULL and are
/// matched by name as before.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // SQLite adds a column with a REFERENCES clause (NULL default) in place; PostgreSQL too.
        db.execute_unprepared(
            "ALTER TABLE consents ADD COLUMN agency_id INTEGER NULL \
             REFERENCES agencies (id) ON DELETE RESTRICT",
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_consents_agency")
                    .table("consents")
                    .col("agency_id")
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "UPDATE consents SET agency_id = ( \
               SELECT a.id FROM agencies a JOIN children c ON c.program_id = a.program_id \
               WHERE c.id = consents.child_id AND a.name = consents.agency_name) \
             WHERE kind = 'release_of_information' AND agency_name <> '' \
               AND (SELECT COUNT(*) FROM agencies a JOIN children c ON c.program_id = a.program_id \
                    WHERE c.id = consents.child_id AND a.name = consents.agency_name) = 1",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_consents_agency")
                    .table("consents")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("consents")
                    .drop_column("agency_id")
                    .to_owned(),
            )
            .await
    }
}
