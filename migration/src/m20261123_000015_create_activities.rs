use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

/// The activity library: activities with English and Spanish texts, their edit history,
/// what was shared with which child, and a full-text index over an accent-folded copy of
/// every text (SQLite FTS5, or a PostgreSQL tsvector with a GIN index).
#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    name: &'static str,
    table: &'static str,
    col: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("activities")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    // NULL: Hearth's starter library, shared by every program
                    .col(integer_null("program_id"))
                    // stable key of a starter activity, so updates find it
                    .col(string_len_null("slug", 80))
                    // comma-separated: cognitive, physical, communication, social_emotional, adaptive
                    .col(string_len("domains", 120))
                    .col(string_len("cos_outcome", 1))
                    .col(integer("age_min"))
                    .col(integer("age_max"))
                    .col(string_len("routines", 200))
                    // draft, published
                    .col(string_len("status", 12))
                    .col(integer_null("author_id"))
                    .col(date_null("last_reviewed"))
                    // set when staff edit a starter activity: later starter updates leave it alone
                    .col(boolean("edited_locally"))
                    .col(integer("starter_revision"))
                    // accent-folded, lower-case text of both languages, for the search index
                    .col(text("search_text"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("activity_texts")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("activity_id"))
                    .col(string_len("lang", 2))
                    .col(string("title"))
                    .col(text("summary"))
                    .col(text("materials"))
                    .col(text("steps"))
                    .col(text("adapt"))
                    .col(text("watch_for"))
                    .col(text("safety"))
                    .foreign_key(&mut fk(
                        "fk_texts_activity",
                        "activity_texts",
                        "activity_id",
                        "activities",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("activity_history")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("activity_id"))
                    .col(integer("version"))
                    // the activity and its texts as they were before the edit
                    .col(text("snapshot"))
                    .col(integer_null("edited_by"))
                    .col(timestamp_with_time_zone("edited_at"))
                    .foreign_key(&mut fk(
                        "fk_history_activity",
                        "activity_history",
                        "activity_id",
                        "activities",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("activity_shares")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("activity_id"))
                    .col(integer("child_id"))
                    .col(integer_null("visit_id"))
                    .col(integer_null("outcome_origin"))
                    .col(integer("shared_by"))
                    .col(date("shared_on"))
                    .col(text("family_feedback"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_shares_activity",
                        "activity_shares",
                        "activity_id",
                        "activities",
                    ))
                    .foreign_key(&mut fk(
                        "fk_shares_child",
                        "activity_shares",
                        "child_id",
                        "children",
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in [
            (
                "idx_activity_texts",
                "activity_texts",
                &["activity_id", "lang"][..],
            ),
            ("idx_activities_slug", "activities", &["slug"][..]),
            // Covers the ranking query (suggestions for a child's age), so it never reads the
            // wide rows with their search text.
            (
                "idx_activities_rank",
                "activities",
                &[
                    "status",
                    "age_min",
                    "age_max",
                    "program_id",
                    "cos_outcome",
                    "domains",
                    "routines",
                ][..],
            ),
            (
                "idx_history_activity",
                "activity_history",
                &["activity_id"][..],
            ),
            ("idx_shares_child", "activity_shares", &["child_id"][..]),
            ("idx_shares_visit", "activity_shares", &["visit_id"][..]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(table);
            for c in cols {
                idx.col(*c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE activities ADD COLUMN search_tsv tsvector \
                     GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_activities_search ON activities USING GIN (search_tsv)",
                )
                .await?;
            }
            _ => {
                // Contentless: the app writes each activity's folded text under its id.
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE activity_search USING fts5(search_text, content='', \
                     contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS activity_search")
                .await?;
        }
        for t in [
            "activity_shares",
            "activity_history",
            "activity_texts",
            "activities",
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
