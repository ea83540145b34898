use sea_orm_migration::{prelude::*, schema::*};

/// Families read their plan in their language (issue 17): each IFSP outcome and each visit
/// note's joint plan keep a family-language text beside the English, and the language it is
/// in. The text starts as a copy of the English for the provider to translate; an empty text
/// means "not translated", and the family page shows the English marked as English. The
/// language is the app's `Lang` (`en`, `es`), guarded by a CHECK on both engines (SQLite
/// accepts a CHECK on an added column). Outcomes are part of a plan version, so a signed
/// version keeps the text it was signed with.
#[derive(DeriveMigrationName)]
pub struct Migration;

const OUTCOME_LANG: &str = "ALTER TABLE ifsp_outcomes ADD COLUMN family_lang VARCHAR(8) NULL \
     CONSTRAINT ck_ifsp_outcomes_family_lang CHECK (family_lang IN ('en', 'es'))";
const VISIT_LANG: &str = "ALTER TABLE visits ADD COLUMN joint_plan_lang VARCHAR(8) NULL \
     CONSTRAINT ck_visits_joint_plan_lang CHECK (joint_plan_lang IN ('en', 'es'))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(OUTCOME_LANG).await?;
        db.execute_unprepared(VISIT_LANG).await?;
        // SQLite takes one added column per statement.
        for (table, col) in [
            ("ifsp_outcomes", "family_statement"),
            ("visits", "joint_plan_family"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(text(col).default("").to_owned())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, col) in [
            ("visits", "joint_plan_family"),
            ("visits", "joint_plan_lang"),
            ("ifsp_outcomes", "family_statement"),
            ("ifsp_outcomes", "family_lang"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
