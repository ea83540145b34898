use sea_orm_migration::{prelude::*, schema::*};

/// The case: a family, its caregivers, and the child. `version` on children supports
/// optimistic locking (two coordinators editing at once).
#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    name: &'static str,
    from: (&'static str, &'static str),
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("families")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(string("address_line").default(""))
                    .col(string("city").default(""))
                    .col(string("county").default(""))
                    .col(string_len("postal_code", 16).default(""))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_families_program",
                        ("families", "program_id"),
                        "programs",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("caregivers")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("family_id"))
                    .col(string("name"))
                    .col(string_len("relationship", 32))
                    .col(string_null("email"))
                    .col(string_len_null("phone", 40))
                    .col(string_len("preferred_contact", 16))
                    .col(string_len("language", 8))
                    .col(boolean("interpreter_needed").default(false))
                    .col(boolean("is_primary").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_caregivers_family",
                        ("caregivers", "family_id"),
                        "families",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("children")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(integer("family_id"))
                    .col(string("first_name"))
                    .col(string("last_name"))
                    .col(date("date_of_birth"))
                    .col(integer_null("gestational_weeks"))
                    .col(string_len_null("sex", 16))
                    .col(integer_null("coordinator_id"))
                    .col(string_len("status", 16))
                    .col(string_len_null("exit_category", 48))
                    .col(date_null("exit_date"))
                    .col(date_null("initial_ifsp_on"))
                    .col(integer("version").default(1))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_children_program",
                        ("children", "program_id"),
                        "programs",
                    ))
                    .foreign_key(&mut fk(
                        "fk_children_family",
                        ("children", "family_id"),
                        "families",
                    ))
                    .foreign_key(&mut fk(
                        "fk_children_coordinator",
                        ("children", "coordinator_id"),
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in [
            (
                "idx_children_program_coord",
                "children",
                vec!["program_id", "coordinator_id"],
            ),
            (
                "idx_children_dup",
                "children",
                vec!["program_id", "date_of_birth"],
            ),
            ("idx_caregivers_family", "caregivers", vec!["family_id"]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(table);
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["children", "caregivers", "families"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
