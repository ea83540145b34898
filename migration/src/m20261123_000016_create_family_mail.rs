use sea_orm_migration::{prelude::*, schema::*};

/// Coaching notes e-mailed to families: the note composed from a signed visit, a durable
/// outbox (one row per recipient, written in the same transaction as the note's status), every
/// delivery attempt, and the signed links families open their page with (stored hashed).
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
                    .table("coaching_notes")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer_uniq("visit_id"))
                    .col(integer("child_id"))
                    // en, es: the language of the text and of the e-mail around it
                    .col(string_len("language", 8))
                    .col(text("body"))
                    // draft, sent
                    .col(string_len("status", 12))
                    .col(integer("version"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .col(integer_null("sent_by"))
                    .foreign_key(&mut fk(
                        "fk_notes_visit",
                        "coaching_notes",
                        "visit_id",
                        "visits",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("outbox")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(integer_null("child_id"))
                    .col(integer_null("note_id"))
                    .col(integer_null("caregiver_id"))
                    .col(string_len("kind", 24))
                    .col(string("to_address"))
                    .col(string("to_name"))
                    .col(string_len("language", 8))
                    .col(text("subject"))
                    .col(text("text_body"))
                    .col(text("html_body"))
                    // The same Message-ID on every attempt: a retry is the same message
                    .col(string_uniq("message_id"))
                    // queued, sending, sent, failed
                    .col(string_len("status", 12))
                    .col(integer("attempts"))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    // A claimed row belongs to one worker until then; a crashed worker's
                    // rows become claimable again when it passes
                    .col(timestamp_with_time_zone_null("lease_until"))
                    .col(timestamp_with_time_zone("give_up_at"))
                    .col(text("last_error"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("outbox_attempts")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("outbox_id"))
                    .col(timestamp_with_time_zone("started_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    // sent, temporary, permanent; empty while the attempt runs (or if the
                    // worker died during it)
                    .col(string_len("outcome", 12))
                    .col(integer_null("smtp_code"))
                    .col(text("detail"))
                    .foreign_key(&mut fk(
                        "fk_attempts_outbox",
                        "outbox_attempts",
                        "outbox_id",
                        "outbox",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("family_links")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("family_id"))
                    .col(integer("child_id"))
                    .col(integer("caregiver_id"))
                    .col(integer_null("note_id"))
                    // SHA-256 of the link's random identifier; the link itself is never stored
                    .col(string_len_uniq("token_hash", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(timestamp_with_time_zone_null("last_used_at"))
                    .foreign_key(&mut fk(
                        "fk_links_child",
                        "family_links",
                        "child_id",
                        "children",
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in [
            (
                "idx_outbox_due",
                "outbox",
                &["status", "next_attempt_at"][..],
            ),
            ("idx_outbox_note", "outbox", &["note_id"][..]),
            ("idx_attempts_outbox", "outbox_attempts", &["outbox_id"][..]),
            ("idx_links_child", "family_links", &["child_id"][..]),
            ("idx_notes_child", "coaching_notes", &["child_id"][..]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(table);
            for c in cols {
                idx.col(*c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "family_links",
            "outbox_attempts",
            "outbox",
            "coaching_notes",
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
