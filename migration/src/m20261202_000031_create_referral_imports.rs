use sea_orm_migration::{prelude::*, schema::*};

/// Two tables for referrals that arrive from outside the intake form:
///
/// - `referral_imports`: a spreadsheet of referrals staged between its upload and its
///   commit, so the file stays on the server (scoped to the program and the uploader, and
///   expiring) instead of travelling through hidden fields. `mapping` is the chosen column of
///   each intake field (JSON); `state` turns to `committed` in the same transaction that
///   creates the referrals, and `result` lists the children created, so a second commit (a
///   double click, the back button) finds nothing left to do and shows the same result.
/// - `referral_identifiers`: the `ServiceRequest.identifier` (system and value) a FHIR
///   referral came with, per API token, so a retry of the same request answers with the
///   Task it created the first time instead of a duplicate.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("referral_imports")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(integer("uploaded_by"))
                    .col(text("content"))
                    .col(string_len("delimiter", 1))
                    .col(text_null("mapping"))
                    .col(string_len("state", 16))
                    .col(text_null("result"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("committed_at"))
                    .check(Expr::col("state").is_in(["uploaded", "committed"]))
                    .check(Expr::col("delimiter").is_in([",", ";"]))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_referral_imports_program")
                            .from("referral_imports", "program_id")
                            .to("programs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_referral_imports_user")
                            .from("referral_imports", "uploaded_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_referral_imports_owner")
                    .table("referral_imports")
                    .col("program_id")
                    .col("uploaded_by")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("referral_identifiers")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("token_id"))
                    .col(string_len("system", 200))
                    .col(string_len("value", 200))
                    .col(integer("referral_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_referral_identifiers_token")
                            .from("referral_identifiers", "token_id")
                            .to("api_tokens", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_referral_identifiers_referral")
                            .from("referral_identifiers", "referral_id")
                            .to("referrals", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_referral_identifiers_token_ident")
                    .table("referral_identifiers")
                    .col("token_id")
                    .col("system")
                    .col("value")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("referral_identifiers").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("referral_imports").to_owned())
            .await
    }
}
