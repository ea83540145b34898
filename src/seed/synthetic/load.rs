//! Ids handed out in memory and the batched multi-row inserts that write them.
use crate::entities::{
    caregiver, child, consent, cos_rating, evaluation, evaluation_result, family, ifsp,
    ifsp_outcome, ifsp_service, ifsp_signature, referral, transition, visit,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, IntoActiveModel,
    Iterable,
};

/// Bound values per statement: under SQLite's 32,766 (and PostgreSQL's 65,535).
const MAX_VALUES: usize = 30_000;

/// The last id handed out per table (the database starts empty).
#[derive(Default)]
pub struct Ids {
    pub user: i32,
    pub family: i32,
    pub caregiver: i32,
    pub child: i32,
    pub referral: i32,
    pub evaluation: i32,
    pub result: i32,
    pub consent: i32,
    pub ifsp: i32,
    pub outcome: i32,
    pub service: i32,
    pub signature: i32,
    pub visit: i32,
    pub transition: i32,
    pub cos: i32,
}

pub fn next(counter: &mut i32) -> i32 {
    *counter += 1;
    *counter
}

pub fn noon(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

/// One batch of children and everything under them.
#[derive(Default)]
pub struct Rows {
    pub families: Vec<family::Model>,
    pub caregivers: Vec<caregiver::Model>,
    pub children: Vec<child::Model>,
    pub referrals: Vec<referral::Model>,
    pub evaluations: Vec<evaluation::Model>,
    pub results: Vec<evaluation_result::Model>,
    pub consents: Vec<consent::Model>,
    pub plans: Vec<ifsp::Model>,
    pub outcomes: Vec<ifsp_outcome::Model>,
    pub services: Vec<ifsp_service::Model>,
    pub signatures: Vec<ifsp_signature::Model>,
    pub visits: Vec<visit::Model>,
    pub transitions: Vec<transition::Model>,
    pub cos: Vec<cos_rating::Model>,
}

impl Rows {
    /// Parents before children, so every foreign key is there when its row arrives.
    pub async fn write(self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        put(db, self.families).await?;
        put(db, self.caregivers).await?;
        put(db, self.children).await?;
        put(db, self.referrals).await?;
        put(db, self.evaluations).await?;
        put(db, self.results).await?;
        put(db, self.consents).await?;
        put(db, self.plans).await?;
        put(db, self.outcomes).await?;
        put(db, self.services).await?;
        put(db, self.signatures).await?;
        put(db, self.visits).await?;
        put(db, self.transitions).await?;
        put(db, self.cos).await
    }
}

/// Writes `models` in as few statements as the bound-value limit allows.
pub async fn put<M, A>(db: &impl ConnectionTrait, models: Vec<M>) -> Result<(), DbErr>
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait + Send,
{
    let columns = <<A::Entity as EntityTrait>::Column as Iterable>::iter().count();
    let per = (MAX_VALUES / columns.max(1)).max(1);
    let mut rows = models.into_iter().peekable();
    while rows.peek().is_some() {
        // `reset_all`: a model's values are all written, ids included.
        let chunk: Vec<A> = rows
            .by_ref()
            .take(per)
            .map(|m| m.into_active_model().reset_all())
            .collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// PostgreSQL's sequences do not see ids written explicitly: move each past its table's
/// largest id so the app's own inserts continue from there. SQLite does this by itself.
pub async fn advance_sequences(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    use sea_orm::EntityName;
    let tables = [
        crate::entities::program::Entity.table_name(),
        crate::entities::user::Entity.table_name(),
        family::Entity.table_name(),
        caregiver::Entity.table_name(),
        child::Entity.table_name(),
        referral::Entity.table_name(),
        evaluation::Entity.table_name(),
        evaluation_result::Entity.table_name(),
        consent::Entity.table_name(),
        ifsp::Entity.table_name(),
        ifsp_outcome::Entity.table_name(),
        ifsp_service::Entity.table_name(),
        ifsp_signature::Entity.table_name(),
        visit::Entity.table_name(),
        transition::Entity.table_name(),
        cos_rating::Entity.table_name(),
    ];
    for table in tables {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        ))
        .await?;
    }
    Ok(())
}
