//! Ids handed out in memory, one batch of rows, and PostgreSQL's sequences after the load.
use super::write::{Insert, inserts};
use crate::entities::{
    caregiver, child, consent, cos_rating, evaluation, evaluation_result, family, ifsp,
    ifsp_outcome, ifsp_service, ifsp_signature, referral, transition, visit,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr};

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
    /// The batch as INSERTs, parents before children so every foreign key is there when
    /// its row arrives.
    pub fn inserts(self, out: &mut impl FnMut(Insert)) {
        inserts(self.families, out);
        inserts(self.caregivers, out);
        inserts(self.children, out);
        inserts(self.referrals, out);
        inserts(self.evaluations, out);
        inserts(self.results, out);
        inserts(self.consents, out);
        inserts(self.plans, out);
        inserts(self.outcomes, out);
        inserts(self.services, out);
        inserts(self.signatures, out);
        inserts(self.visits, out);
        inserts(self.transitions, out);
        inserts(self.cos, out);
    }
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
