use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DbBackend},
};

/// Stored indicator answers (issue #14: the indicators at state scale).
///
/// `report_rows` keeps, per child and report (period and count date), that child's answers
/// to every indicator as the one clock engine gave them (`answers`, JSON), the day they were
/// judged (`as_of`) and the last day they hold while nothing changes (`valid_through`; empty:
/// a past period, for good). `report_versions` counts the changes to each child's record: the
/// triggers below bump it in the same transaction as any change to a fact the indicators read
/// (the child, referrals, evaluations, delays, plans and their services, transitions,
/// consents, referral packets and their agency's kind, visits, COS ratings, the program's
/// rules and time zone). A stored row is current when its `version` is the child's; the report
/// recomputes only the children whose row is missing, changed or past `valid_through`, so a
/// report and a child page can never disagree, and nothing the app writes has to remember to
/// invalidate anything.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// One table whose rows feed the indicators: which children a row concerns (`{R}` is `NEW`
/// or `OLD`), and which updated columns matter (`None`: every update).
pub struct Source {
    pub table: &'static str,
    pub update_of: Option<&'static [&'static str]>,
    pub children: &'static str,
}

const BY_CHILD_ID: &str = "SELECT {R}.child_id AS child_id WHERE {R}.child_id IS NOT NULL";

pub const SOURCES: &[Source] = &[
    Source {
        table: "children",
        update_of: None,
        children: "SELECT {R}.id AS child_id WHERE {R}.id IS NOT NULL",
    },
    Source {
        table: "referrals",
        update_of: None,
        children: BY_CHILD_ID,
    },
    Source {
        table: "evaluations",
        update_of: None,
        children: BY_CHILD_ID,
    },
    Source {
        table: "delays",
        update_of: None,
        children: BY_CHILD_ID,
    },
    Source {
        table: "ifsps",
        update_of: None,
        children: BY_CHILD_ID,
    },
    Source {
        table: "ifsp_services",
        update_of: None,
        children: "SELECT DISTINCT p.child_id AS child_id FROM ifsps p WHERE p.id = {R}.ifsp_id",
    },
    Source {
        table: "transitions",
        update_of: None,
        children: BY_CHILD_ID,
    },
    Source {
        table: "consents",
        update_of: None,
        children: BY_CHILD_ID,
    },
    Source {
        table: "referral_packets",
        update_of: None,
        children: BY_CHILD_ID,
    },
    Source {
        table: "cos_ratings",
        update_of: None,
        children: BY_CHILD_ID,
    },
    // A note's text changes often and matters to no indicator: only what decides a first
    // delivered or first missed visit.
    Source {
        table: "visits",
        update_of: Some(&[
            "child_id",
            "service_id",
            "status",
            "signed_at",
            "starts_at",
            "cancelled_by",
        ]),
        children: BY_CHILD_ID,
    },
    Source {
        table: "programs",
        update_of: Some(&["rules", "timezone"]),
        children: "SELECT c.id AS child_id FROM children c WHERE c.program_id = {R}.id",
    },
    Source {
        table: "agencies",
        update_of: Some(&["kind"]),
        children: "SELECT DISTINCT k.child_id AS child_id FROM referral_packets k WHERE k.agency_id = {R}.id",
    },
];

/// The statement that bumps the children `s` names for row `r` (`NEW` or `OLD`).
fn bump(s: &Source, r: &str, pg: bool) -> String {
    let set = if pg {
        "version = report_versions.version + 1"
    } else {
        "version = version + 1"
    };
    // SQLite reads `ON CONFLICT` after a bare `SELECT … FROM t` as a join's `ON`: the
    // outer query always has a `WHERE`.
    format!(
        "INSERT INTO report_versions (child_id, version) SELECT x.child_id, 1 FROM ({}) x WHERE x.child_id IS NOT NULL \
         ON CONFLICT (child_id) DO UPDATE SET {set}",
        s.children.replace("{R}", r)
    )
}

/// The statements creating the triggers of every source, for `backend`.
pub fn create_triggers(backend: DbBackend) -> Vec<String> {
    let pg = backend == DbBackend::Postgres;
    let mut out = Vec::new();
    for s in SOURCES {
        let t = s.table;
        let of = s
            .update_of
            .map(|cols| format!(" OF {}", cols.join(", ")))
            .unwrap_or_default();
        if pg {
            out.push(format!(
                "CREATE OR REPLACE FUNCTION report_version_{t}() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF TG_OP <> 'INSERT' THEN {}; END IF; \
                   IF TG_OP <> 'DELETE' THEN {}; END IF; \
                   RETURN NULL; \
                 END $$",
                bump(s, "OLD", true),
                bump(s, "NEW", true)
            ));
            out.push(format!(
                "CREATE TRIGGER report_version_{t} AFTER INSERT OR DELETE OR UPDATE{of} ON {t} \
                 FOR EACH ROW EXECUTE FUNCTION report_version_{t}()"
            ));
        } else {
            out.push(format!(
                "CREATE TRIGGER report_version_{t}_insert AFTER INSERT ON {t} FOR EACH ROW \
                 BEGIN {}; END",
                bump(s, "NEW", false)
            ));
            out.push(format!(
                "CREATE TRIGGER report_version_{t}_delete AFTER DELETE ON {t} FOR EACH ROW \
                 BEGIN {}; END",
                bump(s, "OLD", false)
            ));
            out.push(format!(
                "CREATE TRIGGER report_version_{t}_update AFTER UPDATE{of} ON {t} FOR EACH ROW \
                 BEGIN {}; {}; END",
                bump(s, "OLD", false),
                bump(s, "NEW", false)
            ));
        }
    }
    out
}

/// The statements dropping them.
pub fn drop_triggers(backend: DbBackend) -> Vec<String> {
    let mut out = Vec::new();
    for s in SOURCES {
        let t = s.table;
        if backend == DbBackend::Postgres {
            out.push(format!("DROP TRIGGER IF EXISTS report_version_{t} ON {t}"));
            out.push(format!("DROP FUNCTION IF EXISTS report_version_{t}()"));
        } else {
            for op in ["insert", "delete", "update"] {
                out.push(format!("DROP TRIGGER IF EXISTS report_version_{t}_{op}"));
            }
        }
    }
    out
}

#[derive(DeriveIden)]
enum ReportVersions {
    Table,
    ChildId,
    Version,
}

#[derive(DeriveIden)]
enum ReportRows {
    Table,
    Id,
    ChildId,
    PeriodFrom,
    PeriodTo,
    CountDate,
    AsOf,
    ValidThrough,
    Version,
    Answers,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReportVersions::Table)
                    .col(
                        ColumnDef::new(ReportVersions::ChildId)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ReportVersions::Version)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportRows::Table)
                    .col(
                        ColumnDef::new(ReportRows::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ReportRows::ChildId).integer().not_null())
                    .col(ColumnDef::new(ReportRows::PeriodFrom).date().not_null())
                    .col(ColumnDef::new(ReportRows::PeriodTo).date().not_null())
                    .col(ColumnDef::new(ReportRows::CountDate).date().not_null())
                    .col(ColumnDef::new(ReportRows::AsOf).date().not_null())
                    .col(ColumnDef::new(ReportRows::ValidThrough).date().null())
                    .col(ColumnDef::new(ReportRows::Version).big_integer().not_null())
                    .col(ColumnDef::new(ReportRows::Answers).text().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_report_rows_child_report")
                    .table(ReportRows::Table)
                    .col(ReportRows::ChildId)
                    .col(ReportRows::PeriodFrom)
                    .col(ReportRows::PeriodTo)
                    .col(ReportRows::CountDate)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for sql in create_triggers(db.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in drop_triggers(db.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        manager
            .drop_table(Table::drop().table(ReportRows::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ReportVersions::Table).to_owned())
            .await
    }
}
