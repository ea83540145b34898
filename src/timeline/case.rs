//! The engine: every clock on one case, computed from its facts. The child page, the
//! caseload, the home pages, the transition workspace and the IFSP's timely-start table all
//! show what [`clocks`] returns, so they cannot disagree.
use super::{
    ClockKind, Compliance, DelayReason, DueItem, LateReferral, ServiceRef, TransitionDates,
    Warning, annual_due, first_contact_due, initial_ifsp_due, judge, late_referral, review_due,
    service_start_due, transition::transition_items, transition_dates,
};
use crate::program::rules::ProgramRules;
use chrono::NaiveDate;

/// Where the case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Referred or being evaluated: intake clocks run.
    #[default]
    Intake,
    /// Eligible, with or without an IFSP yet.
    Active,
    /// Not eligible or exited: no clocks.
    Closed,
}

/// The referral whose clocks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referral {
    pub received_on: NaiveDate,
    pub first_contact_on: Option<NaiveDate>,
}

/// A service the parent consented to, with what the visit records say about its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFacts {
    pub id: i32,
    pub service_type: crate::entities::ifsp_service::ServiceType,
    pub consent_on: NaiveDate,
    /// On the signed plan in force (only these are listed among the case's due items).
    pub in_force: bool,
    /// The first completed and signed visit of this service type on or after consent.
    pub first_visit: Option<NaiveDate>,
    /// The first visit of this type on or after consent that the family cancelled or missed.
    pub first_family_miss: Option<NaiveDate>,
}

/// An objection in writing to the SEA/LEA notification (the opt-out), while in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Objection {
    pub decided_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
}

/// What the transition record, the plans and the packets say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransitionFacts {
    /// Potentially eligible for Part B: `None` until the team records it.
    pub potentially_eligible: Option<bool>,
    pub objections: Vec<Objection>,
    pub opt_out_informed_on: Option<NaiveDate>,
    pub notified_on: Option<NaiveDate>,
    pub conference_held_on: Option<NaiveDate>,
    pub family_declined_conference: bool,
    /// Meeting dates of the signed (or superseded) plans that have transition steps.
    pub plans_with_steps: Vec<NaiveDate>,
    /// The first referral packet sent to a school district (agency kind LEA).
    pub lea_referral_on: Option<NaiveDate>,
}

impl TransitionFacts {
    /// An objection given and not revoked by `today` stops the notification.
    pub fn objected(&self, today: NaiveDate) -> bool {
        self.objections
            .iter()
            .any(|o| o.decided_on <= today && o.revoked_on.is_none_or(|r| r > today))
    }
}

/// The facts the clocks need, read from the records by [`super::facts`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFacts {
    pub date_of_birth: NaiveDate,
    pub phase: Phase,
    pub exit_date: Option<NaiveDate>,
    /// The latest referral (by date received, then by record): a re-referral restarts the
    /// clocks, and every page runs the clocks of this one.
    pub referral: Option<Referral>,
    /// The day the team confirmed eligibility for this referral (the prior written notice).
    pub eligible_on: Option<NaiveDate>,
    pub initial_ifsp_on: Option<NaiveDate>,
    pub initial_ifsp_delay: Option<DelayReason>,
    pub last_review_on: Option<NaiveDate>,
    pub last_annual_on: Option<NaiveDate>,
    /// Consented services of every plan version.
    pub services: Vec<ServiceFacts>,
    pub transition: TransitionFacts,
}

/// Why no clock runs any more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Exited, or found not eligible.
    Closed,
    /// On or past the third birthday without an exit: only "record the exit" is left.
    TurnedThree(NaiveDate),
}

/// Everything the engine says about a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clocks {
    pub dates: TransitionDates,
    /// The date the running referral was received.
    pub referral: Option<NaiveDate>,
    pub late_referral: Option<LateReferral>,
    pub stopped: Option<Stopped>,
    /// The case's items: overdue first, then open ones by due date, then the rest.
    pub items: Vec<DueItem>,
    /// The timely start of every consented service of every plan version (the IFSP page
    /// reads a service's row here). After the clocks stop, only starts already made.
    pub services: Vec<DueItem>,
}

impl Clocks {
    pub fn item(&self, clock: ClockKind) -> Option<&DueItem> {
        self.items.iter().find(|i| i.clock == clock)
    }

    pub fn service(&self, id: i32) -> Option<&DueItem> {
        self.services
            .iter()
            .find(|i| i.service.as_ref().is_some_and(|s| s.id == id))
    }

    pub fn transition_items(&self) -> impl Iterator<Item = &DueItem> {
        self.items.iter().filter(|i| i.clock.is_transition())
    }

    pub fn next_open(&self) -> Option<&DueItem> {
        self.items.iter().find(|i| i.is_open())
    }

    pub fn overdue(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.status == Compliance::Overdue)
            .count()
    }
}

/// The timely start of one consented service: due `timely_services_days` after consent,
/// done on the first completed and signed visit of its type on or after consent. A visit
/// the family cancelled or missed before the deadline (and before the first visit) is the
/// documented family reason for a late start.
pub fn service_start(s: &ServiceFacts, rules: &ProgramRules, today: NaiveDate) -> DueItem {
    let due = service_start_due(s.consent_on, rules);
    let family = s
        .first_family_miss
        .filter(|m| *m >= s.consent_on && *m <= due && s.first_visit.is_none_or(|f| *m < f));
    let delay = family.map(|_| DelayReason::ExceptionalFamilyCircumstances);
    let status = judge(due, s.first_visit, today, delay);
    let mut item = DueItem::new(ClockKind::ServiceStart, due, s.first_visit, status);
    item.service = Some(ServiceRef {
        id: s.id,
        service_type: s.service_type,
        consent_on: s.consent_on,
    });
    if let (Compliance::ExcusedDelay, Some(m)) = (status, family) {
        item.warnings.push(Warning::FamilyMissed(m));
    }
    item
}

/// Every clock on the case as of `today`.
pub fn clocks(f: &CaseFacts, rules: &ProgramRules, today: NaiveDate) -> Clocks {
    let dates = transition_dates(f.date_of_birth, rules);
    let class = f
        .referral
        .map(|r| late_referral(f.date_of_birth, r.received_on, rules));
    let services: Vec<DueItem> = f
        .services
        .iter()
        .map(|s| service_start(s, rules, today))
        .collect();
    let mut c = Clocks {
        dates,
        referral: f.referral.map(|r| r.received_on),
        late_referral: class,
        stopped: None,
        items: Vec::new(),
        services,
    };
    // Every clock stops at exit; on the third birthday, only the exit is left to record.
    if f.phase == Phase::Closed || f.exit_date.is_some() {
        c.stopped = Some(Stopped::Closed);
    } else if today >= dates.third_birthday {
        c.stopped = Some(Stopped::TurnedThree(dates.third_birthday));
        let b3 = dates.third_birthday;
        c.items = vec![DueItem::new(
            ClockKind::RecordExit,
            b3,
            None,
            judge(b3, None, today, None),
        )];
    }
    if c.stopped.is_some() {
        c.services.retain(|s| !s.is_open());
        return c;
    }
    c.items = intake_items(f, class, rules, today);
    let in_force = |i: &&DueItem| {
        let id = i.service.as_ref().map(|s| s.id);
        f.services.iter().any(|s| s.in_force && Some(s.id) == id)
    };
    c.items.extend(c.services.iter().filter(in_force).cloned());
    c.items
        .extend(transition_items(f, &dates, class, rules, today));
    c.items.sort_by_key(|i| {
        (
            i.status != Compliance::Overdue,
            !i.is_open(),
            i.due,
            i.clock,
        )
    });
    c
}

/// The clocks federal reporting judges, as of `as_of`, whether or not the case has closed
/// since: an exited child's 45-day timeline, service starts and transition steps still
/// count in the year they fell in. Same judgments as [`clocks`], without the stop at exit
/// or at the third birthday.
pub fn for_reporting(f: &CaseFacts, rules: &ProgramRules, as_of: NaiveDate) -> Clocks {
    let dates = transition_dates(f.date_of_birth, rules);
    let class = f
        .referral
        .map(|r| late_referral(f.date_of_birth, r.received_on, rules));
    let mut items = intake_items(f, class, rules, as_of);
    items.extend(transition_items(f, &dates, class, rules, as_of));
    Clocks {
        dates,
        referral: f.referral.map(|r| r.received_on),
        late_referral: class,
        stopped: None,
        items,
        services: f
            .services
            .iter()
            .map(|s| service_start(s, rules, as_of))
            .collect(),
    }
}

/// First contact, the initial IFSP, and the periodic reviews.
fn intake_items(
    f: &CaseFacts,
    class: Option<LateReferral>,
    rules: &ProgramRules,
    today: NaiveDate,
) -> Vec<DueItem> {
    let mut items = Vec::new();
    let mut push = |clock, due, done_on: Option<NaiveDate>, delay| {
        items.push(DueItem::new(
            clock,
            due,
            done_on,
            judge(due, done_on, today, delay),
        ));
    };
    if let Some(r) = f.referral {
        if f.phase == Phase::Intake || r.first_contact_on.is_some() {
            push(
                ClockKind::FirstContact,
                first_contact_due(r.received_on, rules),
                r.first_contact_on,
                None,
            );
        }
        // Referred fewer than 45 days before age three: no evaluation or IFSP is required.
        if class != Some(LateReferral::NoEvaluationRequired) {
            push(
                ClockKind::InitialIfsp,
                initial_ifsp_due(r.received_on, rules),
                // Only a meeting for this referral counts, not one before a re-referral.
                f.initial_ifsp_on.filter(|d| *d >= r.received_on),
                f.initial_ifsp_delay,
            );
        }
    }
    if f.phase == Phase::Active
        && let Some(initial) = f.initial_ifsp_on
    {
        push(
            ClockKind::Review,
            review_due(f.last_review_on.unwrap_or(initial), rules),
            None,
            None,
        );
        push(
            ClockKind::Annual,
            annual_due(f.last_annual_on.unwrap_or(initial), rules),
            None,
            None,
        );
    }
    items
}

#[cfg(test)]
#[path = "case_tests.rs"]
mod tests;
