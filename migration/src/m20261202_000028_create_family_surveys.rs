use sea_orm_migration::{prelude::*, schema::*};

/// The C4 family outcomes survey: one row per family and reporting year (1 July – 30 June,
/// `year` is the year it begins), so two submissions at once keep one (the second's insert
/// does nothing). A family that declines has a row too (`declined`, no answers), so it is not
/// asked again that year. Each area's answer is one point of the agreement scale or
/// `prefer_not`; the comment is the family's own words, capped in the app and here.
#[derive(DeriveMigrationName)]
pub struct Migration;

const SCALE: [&str; 6] = [
    "strongly_disagree",
    "disagree",
    "neutral",
    "agree",
    "strongly_agree",
    "prefer_not",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let answer = |c: &'static str| Expr::col(c).is_null().or(Expr::col(c).is_in(SCALE));
        manager
            .create_table(
                Table::create()
                    .table("family_surveys")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(integer("family_id"))
                    .col(integer("year"))
                    .col(string_len("status", 16))
                    .col(string_len_null("know_rights", 24))
                    .col(string_len_null("communicate_needs", 24))
                    .col(string_len_null("help_develop", 24))
                    .col(string_len("comment", 1000))
                    .col(string_len("language", 8))
                    .col(date("answered_on"))
                    .col(timestamp_with_time_zone("created_at"))
                    .check(Expr::col("status").is_in(["answered", "declined"]))
                    .check(answer("know_rights"))
                    .check(answer("communicate_needs"))
                    .check(answer("help_develop"))
                    .check(Expr::col("language").is_in(["en", "es"]))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_family_surveys_program")
                            .from("family_surveys", "program_id")
                            .to("programs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_family_surveys_family")
                            .from("family_surveys", "family_id")
                            .to("families", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_family_surveys_family_year")
                    .table("family_surveys")
                    .col("family_id")
                    .col("year")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_family_surveys_program_answered")
                    .table("family_surveys")
                    .col("program_id")
                    .col("answered_on")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("family_surveys").to_owned())
            .await
    }
}
