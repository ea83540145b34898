//! The import's changes, each one transaction with its audit row: staging a file, saving its
//! mapping, and the commit, which claims the staged file (a guarded update from `uploaded`
//! to `committed`) before it creates anything, so a second commit of the same file creates
//! nothing and only finds the first one's result.
use super::fields::Mapping;
use crate::{
    audit::{Actor, Change, Event},
    auth::CurrentUser,
    children::intake::{NewReferral, commands::refer_in},
    entities::{
        referral_import::{self, State},
        user::Role,
    },
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde_json::json;

/// How long a staged file is kept for its uploader to map, preview and commit.
pub const KEPT_FOR_HOURS: i64 = 48;

/// The staged file `id`, if it is the user's own, in their program, and not expired:
/// anyone else (another coordinator, another program) is told it does not exist.
pub async fn find_own(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
) -> Result<Option<referral_import::Model>, DbErr> {
    referral_import::Entity::find_by_id(id)
        .filter(referral_import::Column::ProgramId.eq(user.program_id))
        .filter(referral_import::Column::UploadedBy.eq(user.id))
        .filter(referral_import::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await
}

/// Stages the file's text (already checked for size and shape) and drops expired files.
pub async fn stage(
    db: &DatabaseConnection,
    actor: Actor,
    user: &CurrentUser,
    content: &str,
    delimiter: char,
    rows: usize,
) -> Result<referral_import::Model, DbErr> {
    let change = Change::begin(db, actor).await?;
    referral_import::Entity::delete_many()
        .filter(referral_import::Column::ExpiresAt.lte(Utc::now()))
        .exec(change.db())
        .await?;
    let now = Utc::now();
    let staged = referral_import::ActiveModel {
        program_id: Set(user.program_id),
        uploaded_by: Set(user.id),
        content: Set(content.to_owned()),
        delimiter: Set(delimiter.to_string()),
        mapping: Set(None),
        state: Set(State::Uploaded),
        result: Set(None),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(KEPT_FOR_HOURS)),
        committed_at: Set(None),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    let ev = Event::new("referral_import.uploaded", "referral_import", staged.id)
        .detail(json!({ "rows": rows }));
    change.commit(ev).await?;
    Ok(staged)
}

/// Saves the chosen mapping of a file not yet committed.
pub async fn save_mapping(
    db: &DatabaseConnection,
    actor: Actor,
    import_id: i32,
    mapping: &Mapping,
) -> Result<(), DbErr> {
    let change = Change::begin(db, actor).await?;
    let text = serde_json::to_string(mapping).expect("a map of numbers is JSON");
    referral_import::Entity::update_many()
        .col_expr(referral_import::Column::Mapping, Expr::value(Some(text)))
        .filter(referral_import::Column::Id.eq(import_id))
        .filter(referral_import::Column::State.eq(State::Uploaded))
        .exec(change.db())
        .await?;
    change
        .commit(Event::new(
            "referral_import.mapped",
            "referral_import",
            import_id,
        ))
        .await
}

/// What a commit did.
pub enum Committed {
    /// These children were created now.
    Created(Vec<i32>),
    /// The file had been committed already (a second click): nothing was created.
    Already,
}

/// Creates every referral of `rows` in one transaction, each with the intake's own command
/// and audit row, plus one for the import; all or nothing. `skipped` is how many likely
/// duplicates were left out.
pub async fn commit(
    db: &DatabaseConnection,
    actor: Actor,
    user: &CurrentUser,
    import_id: i32,
    rows: Vec<NewReferral>,
    skipped: usize,
) -> Result<Committed, DbErr> {
    let change = Change::begin(db, actor).await?;
    // Claim the file first: a second commit finds no `uploaded` row and stops here.
    let claimed = referral_import::Entity::update_many()
        .col_expr(
            referral_import::Column::State,
            Expr::value(State::Committed),
        )
        .col_expr(
            referral_import::Column::CommittedAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(referral_import::Column::Id.eq(import_id))
        .filter(referral_import::Column::State.eq(State::Uploaded))
        .exec(change.db())
        .await?;
    if claimed.rows_affected == 0 {
        change.rollback().await?;
        return Ok(Committed::Already);
    }
    let mut created = Vec::with_capacity(rows.len());
    for mut r in rows {
        if user.role == Role::Coordinator && r.coordinator_id.is_none() {
            r.coordinator_id = Some(user.id);
        }
        let (kid, _) = refer_in(&change, user.program_id, user.id, r).await?;
        created.push(kid.id);
    }
    referral_import::Entity::update_many()
        .col_expr(
            referral_import::Column::Result,
            Expr::value(Some(json!(created).to_string())),
        )
        .filter(referral_import::Column::Id.eq(import_id))
        .exec(change.db())
        .await?;
    let ev = Event::new("referral_import.committed", "referral_import", import_id)
        .detail(json!({ "created": created.len(), "duplicates_left_out": skipped }));
    change.commit(ev).await?;
    Ok(Committed::Created(created))
}
