//! Timely services on the plan page. Whether each consented service started in time is the
//! timeline's answer (its one loader finds the first completed and signed visit, its engine
//! judges it): the plan page reads that item and only adds the days from consent.
use crate::timeline::DueItem;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The dates of the child's delivered visits that worked on each outcome (by origin id), in
/// order, for the progress charts.
#[derive(Debug, Clone, Default)]
pub struct ServiceHistory {
    pub addressed: HashMap<i32, Vec<NaiveDate>>,
}

/// Days from consent to the first visit, for a started service.
pub fn days_to_start(item: &DueItem) -> Option<i64> {
    let consent = item.service.as_ref()?.consent_on;
    Some((item.done_on? - consent).num_days())
}
