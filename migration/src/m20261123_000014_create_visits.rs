use sea_orm_migration::{prelude::*, schema::*};

/// Home visits: scheduled from an IFSP service, logged with coaching practices, signed and
/// locked, corrected only by addenda, reviewed by a supervisor. Times are the program's local
/// wall-clock times (a visit happens in a family's living room, not in UTC).
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
                    .table("visits")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(integer("child_id"))
                    .col(integer("service_id"))
                    .col(integer("provider_id"))
                    // scheduled, completed, cancelled
                    .col(string_len("status", 12))
                    .col(date_time("starts_at"))
                    .col(date_time("ends_at"))
                    .col(string_len("method", 16))
                    .col(string_len("location", 16))
                    .col(text("participants"))
                    .col(text("parent_report"))
                    // JSON array of outcome origin ids
                    .col(text("outcomes_addressed"))
                    .col(string_len("routine", 32))
                    .col(text("tried"))
                    .col(text("caregiver_did"))
                    .col(text("child_response"))
                    // JSON: the five coaching practices, each done yes/no with a note
                    .col(text("coaching"))
                    .col(text("activities"))
                    .col(text("joint_plan"))
                    .col(date_null("next_visit_on"))
                    // JSON array of antecedent-behaviour-consequence entries
                    .col(text("abc_entries"))
                    // tenths of a mile, so totals add up exactly
                    .col(integer("mileage_tenths"))
                    .col(string_len_null("cancelled_by", 16))
                    .col(text("cancel_reason"))
                    .col(date_null("makeup_due"))
                    .col(integer_null("makeup_of_id"))
                    .col(timestamp_with_time_zone_null("logged_at"))
                    .col(timestamp_with_time_zone_null("signed_at"))
                    .col(string_null("signed_name"))
                    .col(string_null("signed_credential"))
                    .col(timestamp_with_time_zone_null("reviewed_at"))
                    .col(integer_null("reviewed_by"))
                    .col(text("review_comment"))
                    .col(integer_null("fidelity"))
                    .col(integer("version"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("fk_visits_child", "visits", "child_id", "children"))
                    .foreign_key(&mut fk(
                        "fk_visits_service",
                        "visits",
                        "service_id",
                        "ifsp_services",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("visit_addenda")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("visit_id"))
                    .col(text("body"))
                    .col(text("reason"))
                    .col(integer("signed_by"))
                    .col(string("signed_name"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_addenda_visit",
                        "visit_addenda",
                        "visit_id",
                        "visits",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("calendar_feeds")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    // SHA-256 of the secret in the URL; the secret itself is never stored
                    .col(string_len_uniq("token_hash", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut fk(
                        "fk_feeds_user",
                        "calendar_feeds",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in [
            (
                "idx_visits_provider_time",
                "visits",
                &["provider_id", "starts_at"][..],
            ),
            ("idx_visits_child", "visits", &["child_id"][..]),
            (
                "idx_visits_service",
                "visits",
                &["service_id", "starts_at"][..],
            ),
            ("idx_addenda_visit", "visit_addenda", &["visit_id"][..]),
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
        for t in ["calendar_feeds", "visit_addenda", "visits"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
