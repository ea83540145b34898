use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement},
};

/// Two guarantees about the record's history.
///
/// 1. The audit chain is keyed: `audit_log.alg` says how each row's hash was made. Rows
///    already there were plain SHA-256 (`sha256`); every row the app writes from now on is
///    HMAC-SHA256 under `HEARTH_AUDIT_KEY` (`hmac-sha256`), and verification accepts unkeyed
///    rows only before the first keyed one.
/// 2. What is signed or disclosed stays as it was: triggers refuse a direct UPDATE or DELETE
///    of a signed visit note, a signed or superseded plan version and its outcomes, services
///    and signatures, a note's addenda, a disclosure, and an audit row (on PostgreSQL,
///    TRUNCATE of those tables too; on SQLite an `INSERT OR REPLACE` over such a row). What the app itself writes stays allowed: an audit row's
///    hashes are set once after its insert; a signed note is reviewed once; a signed plan is
///    superseded (its status only). The column lists are read from the schema when this runs.
///    Anyone who can drop triggers can still edit rows; the keyed chain is what shows that.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// One guarded table: when an UPDATE and when a DELETE is refused. Migration 000041 builds
/// the same triggers again over the columns a table has by then.
pub(crate) struct Guard {
    pub(crate) table: &'static str,
    /// Columns an allowed update may change (the rest must stay as they were).
    may_change: &'static [&'static str],
    /// `{changed}` stands for "a column outside `may_change` changed".
    refuse_update: &'static str,
    refuse_delete: &'static str,
    why: &'static str,
}

impl Guard {
    /// Whether the refused update is written over the table's columns (so a column added
    /// later is guarded only once the triggers are built again).
    pub(crate) fn lists_columns(&self) -> bool {
        self.refuse_update.contains("{changed}")
    }
}

const PLAN_NOT_DRAFT_OLD: &str =
    "EXISTS (SELECT 1 FROM ifsps p WHERE p.id = OLD.ifsp_id AND p.status <> 'draft')";
const PLAN_NOT_DRAFT_EITHER: &str = "EXISTS (SELECT 1 FROM ifsps p WHERE p.id IN (OLD.ifsp_id, NEW.ifsp_id) AND p.status <> 'draft')";

pub(crate) const GUARDS: &[Guard] = &[
    Guard {
        table: "audit_log",
        may_change: &["prev_hash", "hash"],
        refuse_update: "OLD.hash <> '' OR {changed}",
        refuse_delete: "1 = 1",
        why: "audit rows cannot be changed or deleted",
    },
    Guard {
        table: "visits",
        may_change: &["reviewed_at", "reviewed_by", "review_comment", "fidelity"],
        refuse_update: "OLD.signed_at IS NOT NULL AND (OLD.reviewed_at IS NOT NULL OR {changed})",
        refuse_delete: "OLD.signed_at IS NOT NULL",
        why: "a signed visit note cannot be changed or deleted (add an addendum)",
    },
    Guard {
        table: "visit_addenda",
        may_change: &[],
        refuse_update: "1 = 1",
        refuse_delete: "1 = 1",
        why: "an addendum cannot be changed or deleted",
    },
    Guard {
        table: "disclosures",
        may_change: &[],
        refuse_update: "1 = 1",
        refuse_delete: "1 = 1",
        why: "a disclosure record cannot be changed or deleted",
    },
    Guard {
        table: "ifsps",
        may_change: &["status"],
        refuse_update: "OLD.status <> 'draft' AND NOT (OLD.status = 'signed' AND NEW.status = 'superseded' AND NOT {changed})",
        refuse_delete: "OLD.status <> 'draft'",
        why: "a signed plan version cannot be changed or deleted (only superseded)",
    },
    Guard {
        table: "ifsp_outcomes",
        may_change: &[],
        refuse_update: PLAN_NOT_DRAFT_EITHER,
        refuse_delete: PLAN_NOT_DRAFT_OLD,
        why: "the outcomes of a signed plan cannot be changed or deleted",
    },
    Guard {
        table: "ifsp_services",
        may_change: &[],
        refuse_update: PLAN_NOT_DRAFT_EITHER,
        refuse_delete: PLAN_NOT_DRAFT_OLD,
        why: "the services of a signed plan cannot be changed or deleted",
    },
    Guard {
        table: "ifsp_signatures",
        may_change: &[],
        refuse_update: PLAN_NOT_DRAFT_EITHER,
        refuse_delete: PLAN_NOT_DRAFT_OLD,
        why: "the signatures of a signed plan cannot be changed or deleted",
    },
];

/// The table's columns as the schema has them now.
pub(crate) async fn columns(
    db: &SchemaManagerConnection<'_>,
    table: &str,
) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let (sql, col) = match backend {
        DbBackend::Postgres => (
            format!(
                "SELECT column_name::text AS name FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = '{table}' \
                 ORDER BY ordinal_position"
            ),
            "name",
        ),
        _ => (
            format!("SELECT name FROM pragma_table_info('{table}')"),
            "name",
        ),
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    let cols = rows
        .iter()
        .map(|r| r.try_get::<String>("", col))
        .collect::<Result<Vec<_>, _>>()?;
    if cols.is_empty() {
        return Err(DbErr::Migration(format!("table {table} has no columns")));
    }
    Ok(cols)
}

fn condition(g: &Guard, cols: &[String], pg: bool) -> String {
    let distinct = if pg { "IS DISTINCT FROM" } else { "IS NOT" };
    let changed = cols
        .iter()
        .filter(|c| !g.may_change.contains(&c.as_str()))
        .map(|c| format!("NEW.\"{c}\" {distinct} OLD.\"{c}\""))
        .collect::<Vec<_>>()
        .join(" OR ");
    format!(
        "({})",
        g.refuse_update
            .replace("{changed}", &format!("({changed})"))
    )
}

/// Builds guard `g`'s triggers (PostgreSQL: its function, row trigger and TRUNCATE trigger;
/// SQLite: its UPDATE, DELETE and `INSERT OR REPLACE` triggers), an update being refused when
/// it changes one of `cols` outside the guard's list.
pub(crate) async fn install(
    db: &SchemaManagerConnection<'_>,
    g: &Guard,
    cols: &[String],
    pg: bool,
) -> Result<(), DbErr> {
    let update = condition(g, cols, pg);
    let (t, why, delete) = (g.table, g.why, g.refuse_delete);
    if pg {
        db.execute_unprepared(&format!(
            "CREATE OR REPLACE FUNCTION hearth_guard_{t}() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF TG_OP = 'DELETE' THEN \
                 IF {delete} THEN RAISE EXCEPTION 'hearth: {why}'; END IF; \
                 RETURN OLD; \
               END IF; \
               IF {update} THEN RAISE EXCEPTION 'hearth: {why}'; END IF; \
               RETURN NEW; \
             END $$"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TRIGGER hearth_guard_{t} BEFORE UPDATE OR DELETE ON {t} \
             FOR EACH ROW EXECUTE FUNCTION hearth_guard_{t}()"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TRIGGER hearth_guard_{t}_truncate BEFORE TRUNCATE ON {t} \
             FOR EACH STATEMENT EXECUTE FUNCTION hearth_refuse_truncate()"
        ))
        .await?;
    } else {
        db.execute_unprepared(&format!(
            "CREATE TRIGGER hearth_guard_{t}_update BEFORE UPDATE ON {t} \
             FOR EACH ROW WHEN {update} \
             BEGIN SELECT RAISE(ABORT, 'hearth: {why}'); END"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TRIGGER hearth_guard_{t}_delete BEFORE DELETE ON {t} \
             FOR EACH ROW WHEN ({delete}) \
             BEGIN SELECT RAISE(ABORT, 'hearth: {why}'); END"
        ))
        .await?;
        // `INSERT OR REPLACE` deletes the row it replaces without firing DELETE
        // triggers (recursive_triggers is off): refuse the insert that would.
        let existing = delete.replace("OLD.", "o.");
        db.execute_unprepared(&format!(
            "CREATE TRIGGER hearth_guard_{t}_replace BEFORE INSERT ON {t} \
             FOR EACH ROW WHEN EXISTS (SELECT 1 FROM {t} o WHERE o.id = NEW.id AND ({existing})) \
             BEGIN SELECT RAISE(ABORT, 'hearth: {why}'); END"
        ))
        .await?;
    }
    Ok(())
}

/// Drops guard `g`'s triggers (and, on PostgreSQL, its function), one statement at a time:
/// SQLite runs only the first of several sent together.
pub(crate) async fn remove(
    db: &SchemaManagerConnection<'_>,
    g: &Guard,
    pg: bool,
) -> Result<(), DbErr> {
    let t = g.table;
    let drops = if pg {
        vec![
            format!("DROP TRIGGER IF EXISTS hearth_guard_{t} ON {t}"),
            format!("DROP TRIGGER IF EXISTS hearth_guard_{t}_truncate ON {t}"),
            format!("DROP FUNCTION IF EXISTS hearth_guard_{t}()"),
        ]
    } else {
        ["update", "delete", "replace"]
            .iter()
            .map(|w| format!("DROP TRIGGER IF EXISTS hearth_guard_{t}_{w}"))
            .collect()
    };
    for sql in drops {
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Existing rows were plain SHA-256; the app names the algorithm of every new row.
        db.execute_unprepared(
            "ALTER TABLE audit_log ADD COLUMN alg VARCHAR(16) NOT NULL DEFAULT 'sha256'",
        )
        .await?;
        let pg = db.get_database_backend() == DbBackend::Postgres;
        if pg {
            db.execute_unprepared(
                "CREATE OR REPLACE FUNCTION hearth_refuse_truncate() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN \
                 RAISE EXCEPTION 'hearth: % cannot be truncated: it holds signed history', TG_TABLE_NAME; \
                 END $$",
            )
            .await?;
        }
        for g in GUARDS {
            let cols = columns(db, g.table).await?;
            install(db, g, &cols, pg).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let pg = db.get_database_backend() == DbBackend::Postgres;
        for g in GUARDS {
            remove(db, g, pg).await?;
        }
        if pg {
            db.execute_unprepared("DROP FUNCTION IF EXISTS hearth_refuse_truncate()")
                .await?;
        }
        db.execute_unprepared("ALTER TABLE audit_log DROP COLUMN alg")
            .await?;
        Ok(())
    }
}
