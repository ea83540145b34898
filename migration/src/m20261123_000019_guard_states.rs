use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

/// Every state, kind and method column accepts only the values of its enum in the app
/// (`src/entities/`), so a typo in raw SQL or a stray script cannot store a value no code
/// matches. PostgreSQL gets a `CHECK` constraint per column. SQLite cannot add a `CHECK` to an
/// existing table without rebuilding it (and rebuilding twenty-odd tables with their indexes,
/// foreign keys and the FTS index is a larger risk than the guard is worth), so it gets a
/// `BEFORE INSERT` and a `BEFORE UPDATE OF` trigger per column that abort the statement.
/// NULL passes both guards, so nullable columns stay nullable.
///
/// The lists are written out here, not taken from the app: a migration must keep meaning what
/// it meant when it ran. An integration test inserts every enum value and one value outside
/// it into each column, so the lists and the enums cannot drift apart unnoticed.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, column, allowed values)
const GUARDS: &[(&str, &str, &[&str])] = &[
    (
        "children",
        "status",
        &["referred", "evaluating", "active", "not_eligible", "exited"],
    ),
    ("children", "sex", &["female", "male", "unknown"]),
    (
        "children",
        "exit_category",
        &[
            "completed_before_3",
            "part_b_eligible",
            "not_part_b_eligible_referred",
            "not_part_b_eligible_no_referrals",
            "part_b_not_determined",
            "deceased",
            "moved_out_of_state",
            "withdrawn_by_parent",
            "unable_to_contact",
        ],
    ),
    (
        "users",
        "role",
        &["admin", "supervisor", "coordinator", "provider"],
    ),
    ("users", "discipline", DISCIPLINES),
    (
        "caregivers",
        "relationship",
        &[
            "mother",
            "father",
            "grandparent",
            "foster_parent",
            "guardian",
            "other",
        ],
    ),
    (
        "caregivers",
        "preferred_contact",
        &["phone", "text", "email"],
    ),
    ("caregivers", "language", LANGUAGES),
    (
        "referrals",
        "source",
        &[
            "parent",
            "physician",
            "hospital_nicu",
            "child_welfare",
            "other",
        ],
    ),
    (
        "consents",
        "kind",
        &[
            "evaluation",
            "release_of_information",
            "email",
            "lea_opt_out",
        ],
    ),
    (
        "credentials",
        "kind",
        &["license", "endorsement", "certification"],
    ),
    ("delays", "clock", &["initial_ifsp"]),
    (
        "delays",
        "reason",
        &[
            "exceptional_family_circumstances",
            "consent_attempts",
            "agency",
        ],
    ),
    ("evaluation_results", "domain", DOMAINS),
    (
        "ifsps",
        "kind",
        &["initial", "interim", "review", "annual", "amendment"],
    ),
    ("ifsps", "status", &["draft", "signed", "superseded"]),
    ("ifsp_outcomes", "kind", &["child", "family"]),
    ("ifsp_outcomes", "cos_outcome", COS_OUTCOMES),
    (
        "ifsp_services",
        "service_type",
        &[
            "assistive_technology",
            "audiology",
            "family_training",
            "health",
            "medical",
            "nursing",
            "nutrition",
            "occupational_therapy",
            "physical_therapy",
            "psychological",
            "service_coordination",
            "sign_language",
            "social_work",
            "special_instruction",
            "speech_language",
            "transportation",
            "vision",
        ],
    ),
    ("ifsp_services", "discipline", DISCIPLINES),
    ("ifsp_services", "period", &["week", "month"]),
    ("ifsp_services", "mode", &["individual", "group"]),
    ("ifsp_services", "method", VISIT_METHODS),
    ("ifsp_services", "location", SETTINGS),
    (
        "ifsp_services",
        "payer",
        &[
            "part_c",
            "medicaid",
            "private_insurance",
            "family_fee",
            "other",
        ],
    ),
    ("ifsp_signatures", "role", &["parent", "coordinator"]),
    ("ifsp_signatures", "method", &["in_person", "remote"]),
    ("cos_ratings", "phase", &["entry", "exit"]),
    (
        "outcome_progress",
        "rating",
        &[
            "achieved",
            "progressing",
            "not_yet",
            "revise",
            "discontinue",
        ],
    ),
    ("visits", "status", &["scheduled", "completed", "cancelled"]),
    ("visits", "method", VISIT_METHODS),
    ("visits", "location", SETTINGS),
    ("visits", "cancelled_by", &["family", "provider", "no_show"]),
    // Empty until the note names the routine.
    (
        "visits",
        "routine",
        &[
            "",
            "mealtime",
            "bath",
            "dressing",
            "diapering",
            "bedtime",
            "play",
            "outdoors",
            "errands",
            "chores",
            "books",
        ],
    ),
    ("activities", "status", &["draft", "published"]),
    ("activities", "cos_outcome", COS_OUTCOMES),
    ("activity_texts", "lang", LANGUAGES),
    ("coaching_notes", "status", &["draft", "sent"]),
    ("coaching_notes", "language", LANGUAGES),
    (
        "outbox",
        "kind",
        &["coaching_note", "lea_notification", "referral_packet"],
    ),
    ("outbox", "status", &["queued", "sending", "sent", "failed"]),
    ("outbox", "language", LANGUAGES),
    // Empty while the attempt runs (and for good if its worker died).
    (
        "outbox_attempts",
        "outcome",
        &["", "sent", "temporary", "permanent", "interrupted"],
    ),
    (
        "agencies",
        "kind",
        &[
            "lea",
            "sea",
            "head_start",
            "early_head_start",
            "child_care",
            "medical_home",
            "wic",
            "child_welfare",
            "other",
        ],
    ),
    (
        "agencies",
        "preferred_channel",
        &["email", "fax", "mail", "portal", "phone"],
    ),
    (
        "disclosures",
        "kind",
        &["lea_notification", "referral_packet", "packet_opened"],
    ),
    ("disclosures", "channel", &["email", "document", "link"]),
    // Empty until the agency answers.
    (
        "referral_packets",
        "outcome",
        &[
            "",
            "part_b_eligible",
            "not_eligible",
            "evaluation_pending",
            "enrolled",
            "family_declined",
        ],
    ),
];

/// How a column holds its value: one value, a comma-separated list, or a JSON array.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    One,
    Commas,
    JsonArray,
}

/// (table, column, allowed items, shape) for columns holding a list.
const LIST_GUARDS: &[(&str, &str, &[&str], Shape)] = &[
    ("activities", "domains", DOMAINS, Shape::Commas),
    ("activities", "routines", ROUTINES, Shape::Commas),
    ("consents", "records", DOCUMENTS, Shape::Commas),
    ("referral_packets", "documents", DOCUMENTS, Shape::JsonArray),
];

const LANGUAGES: &[&str] = &["en", "es"];
const ROUTINES: &[&str] = &[
    "mealtime",
    "bath",
    "dressing",
    "diapering",
    "bedtime",
    "play",
    "outdoors",
    "errands",
    "chores",
    "books",
];
const DOCUMENTS: &[&str] = &["ifsp", "evaluation", "visit_notes", "cos"];
const COS_OUTCOMES: &[&str] = &["A", "B", "C"];
const VISIT_METHODS: &[&str] = &["in_person", "telehealth", "phone"];
const SETTINGS: &[&str] = &["home", "community", "clinic", "center", "other"];
const DOMAINS: &[&str] = &[
    "cognitive",
    "physical",
    "communication",
    "social_emotional",
    "adaptive",
];
const DISCIPLINES: &[&str] = &[
    "slp",
    "ot",
    "pt",
    "dev_specialist",
    "social_worker",
    "psychologist",
    "nurse",
    "dietitian",
    "audiologist",
    "vision",
    "family_therapist",
];

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The condition a column's value must meet, over `expr` (the column, or `NEW.column` in a
/// trigger). NULL makes it NULL, which passes both a CHECK and a trigger's `WHEN NOT (…)`.
fn allowed(expr: &str, values: &[&str], shape: Shape) -> String {
    let strip = |start: String, token: &dyn Fn(&str) -> String| {
        values.iter().fold(start, |inner, v| {
            format!("replace({inner}, '{}', '')", token(v))
        })
    };
    match shape {
        Shape::One => format!("{expr} IN ({})", quoted(values)),
        // Each item is wrapped in its own pair of commas, the allowed items are removed
        // (`replace` is the same on both engines), and only commas may be left. An empty
        // list passes.
        Shape::Commas => {
            let wrapped = format!("',' || replace({expr}, ',', ',,') || ','");
            let stripped = strip(wrapped, &|v| format!(",{v},"));
            format!("replace({stripped}, ',', '') = ''")
        }
        // `["ifsp","cos"]`: once the quoted allowed items are removed, only brackets,
        // commas and spaces may be left.
        Shape::JsonArray => {
            let stripped = strip(expr.to_owned(), &|v| format!("\"{v}\""));
            let rest = ["[", "]", ",", " "]
                .iter()
                .fold(stripped, |inner, c| format!("replace({inner}, '{c}', '')"));
            format!("({expr} LIKE '[%]' AND {rest} = '')")
        }
    }
}

/// (table, column, allowed values, shape)
type Guard = (&'static str, &'static str, &'static [&'static str], Shape);

fn guards() -> impl DoubleEndedIterator<Item = Guard> {
    GUARDS
        .iter()
        .map(|(t, c, v)| (*t, *c, *v, Shape::One))
        .chain(LIST_GUARDS.iter().map(|(t, c, v, s)| (*t, *c, *v, *s)))
}

fn name(table: &str, column: &str) -> String {
    format!("ck_{table}_{column}")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        for (table, column, values, shape) in guards() {
            let name = name(table, column);
            if postgres {
                // Checks the rows already there, too: the migration fails on a bad value.
                let check = allowed(column, values, shape);
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({check})"
                ))
                .await?;
                continue;
            }
            // Triggers only see new writes: refuse to start guarding a column that already
            // holds a value outside its list, as PostgreSQL does.
            let bad = db
                .query_one_raw(sea_orm_migration::sea_orm::Statement::from_string(
                    DatabaseBackend::Sqlite,
                    format!(
                        "SELECT COUNT(*) AS n FROM {table} WHERE NOT ({})",
                        allowed(column, values, shape)
                    ),
                ))
                .await?
                .map(|r| r.try_get::<i64>("", "n"))
                .transpose()?
                .unwrap_or(0);
            if bad > 0 {
                return Err(DbErr::Migration(format!(
                    "{bad} row(s) of {table} have a {column} outside {}",
                    quoted(values)
                )));
            }
            let message = format!(
                "{name}: {table}.{column} must be one of {}",
                values.join(", ")
            );
            for (when, event) in [
                ("insert", "INSERT"),
                ("update", &format!("UPDATE OF {column}")),
            ] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {name}_{when} BEFORE {event} ON {table} \
                     WHEN NOT ({}) \
                     BEGIN SELECT RAISE(ABORT, '{message}'); END",
                    allowed(&format!("NEW.{column}"), values, shape)
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        for (table, column, _, _) in guards().rev() {
            let name = name(table, column);
            if postgres {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
                ))
                .await?;
            } else {
                for when in ["update", "insert"] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}_{when}"))
                        .await?;
                }
            }
        }
        Ok(())
    }
}
