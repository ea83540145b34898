//! Timely services on the plan page. Whether each consented service started in time is the
//! timeline's answer (its one loader finds the first completed and signed visit, its engine
//! judges it): the plan page reads that item and only adds the days from consent.
use crate::{entities::visit, timeline::DueItem};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The dates of the child's delivered visits that worked on each outcome (by origin id), in
/// order, for the progress charts.
#[derive(Debug, Clone, Default)]
pub struct ServiceHistory {
    pub addressed: HashMap<i32, Vec<NaiveDate>>,
}

/// The dates of a child's delivered visits that worked on each outcome, for the progress
/// charts. (A service's timely start is the timeline's, from its own loader.) The plan reads
/// the visits table itself: visits are scheduled from plans, so they sit above the plan.
pub async fn service_history(
    db: &impl ConnectionTrait,
    child_id: i32,
) -> Result<ServiceHistory, DbErr> {
    let visits = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(child_id))
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .order_by_asc(visit::Column::StartsAt)
        .all(db)
        .await?;
    let mut h = ServiceHistory::default();
    for v in &visits {
        for o in v.addressed_outcomes() {
            h.addressed.entry(o).or_default().push(v.starts_at.date());
        }
    }
    Ok(h)
}

/// Days from consent to the first visit, for a started service.
pub fn days_to_start(item: &DueItem) -> Option<i64> {
    let consent = item.service.as_ref()?.consent_on;
    Some((item.done_on? - consent).num_days())
}
