use sea_orm_migration::{prelude::*, schema::*};

/// Community agencies and the transition at age three: the agency directory, each child's
/// transition record (Part B potential, opt-out notice, conference), done dates for the IFSP's
/// transition steps, referral packets to agencies, and the disclosure log (303.406) every
/// release to an outside party is written to.
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
                    .table("agencies")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(string("name"))
                    // lea, sea, head_start, early_head_start, child_care, medical_home, wic,
                    // child_welfare, other
                    .col(string_len("kind", 24))
                    // Counties or districts served, one per line
                    .col(text("service_area"))
                    .col(string("contact_name"))
                    .col(string("email"))
                    .col(string("phone"))
                    .col(string("fax"))
                    .col(text("address"))
                    // email, fax, mail, portal, phone
                    .col(string_len("preferred_channel", 12))
                    .col(boolean("active"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("transitions")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer_uniq("child_id"))
                    .col(boolean_null("potentially_eligible"))
                    .col(text("eligibility_reason"))
                    // The day the family was told of the SEA/LEA notification and their right
                    // to object; the opt-out period runs from it
                    .col(date_null("opt_out_informed_on"))
                    .col(date_null("notified_on"))
                    .col(date_null("conference_on"))
                    // JSON array of {name, role}
                    .col(text("participants"))
                    .col(date_null("family_approved_on"))
                    .col(boolean("family_declined_conference"))
                    .col(date_null("conference_held_on"))
                    .col(text("conference_notes"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_transitions_child",
                        "transitions",
                        "child_id",
                        "children",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("transition_steps")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("child_id"))
                    .col(integer("ifsp_id"))
                    .col(integer("position"))
                    .col(text("step"))
                    .col(date_null("done_on"))
                    .col(integer_null("recorded_by"))
                    .foreign_key(&mut fk(
                        "fk_steps_child",
                        "transition_steps",
                        "child_id",
                        "children",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("referral_packets")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("child_id"))
                    .col(integer("agency_id"))
                    .col(integer("consent_id"))
                    // JSON array of document keys: ifsp, evaluation, visit_notes, cos
                    .col(text("documents"))
                    .col(text("message"))
                    .col(string_len_uniq("token_hash", 64))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(timestamp_with_time_zone_null("opened_at"))
                    .col(timestamp_with_time_zone_null("acknowledged_at"))
                    // part_b_eligible, not_eligible, evaluation_pending, enrolled,
                    // family_declined
                    .col(string_len("outcome", 24))
                    .col(date_null("outcome_on"))
                    .col(text("outcome_note"))
                    .foreign_key(&mut fk(
                        "fk_packets_child",
                        "referral_packets",
                        "child_id",
                        "children",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("disclosures")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("child_id"))
                    .col(integer_null("agency_id"))
                    // Who received it, as named at the time (the agency may be renamed)
                    .col(string("recipient"))
                    // lea_notification, referral_packet, packet_opened
                    .col(string_len("kind", 24))
                    .col(text("what"))
                    .col(text("purpose"))
                    // email, document, link
                    .col(string_len("channel", 12))
                    // JSON: exactly the fields released
                    .col(text("content"))
                    .col(integer_null("by_user"))
                    .col(integer_null("packet_id"))
                    .col(timestamp_with_time_zone("at"))
                    .foreign_key(&mut fk(
                        "fk_disclosures_child",
                        "disclosures",
                        "child_id",
                        "children",
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in [
            (
                "idx_agencies_program",
                "agencies",
                &["program_id", "kind"][..],
            ),
            ("idx_steps_child", "transition_steps", &["child_id"][..]),
            ("idx_packets_child", "referral_packets", &["child_id"][..]),
            (
                "idx_disclosures_child",
                "disclosures",
                &["child_id", "at"][..],
            ),
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
            "disclosures",
            "referral_packets",
            "transition_steps",
            "transitions",
            "agencies",
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
