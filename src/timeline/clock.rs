//! What the engine says about one clock: which clock, when it is due, whether and when it was
//! done, and the warnings a coordinator must see beside it. Every page renders this one type.
use super::Compliance;
use chrono::NaiveDate;

/// Every Part C clock Hearth keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClockKind {
    FirstContact,
    InitialIfsp,
    /// One per consented service: the first visit within the timely-services window.
    ServiceStart,
    Review,
    Annual,
    /// Transition steps and services in a signed IFSP (303.209(d)).
    TransitionPlan,
    /// Telling the family of the SEA/LEA notification and their right to object in writing.
    OptOutNotice,
    LeaNotification,
    TransitionConference,
    /// Referred fewer than 45 days before age three: refer to the school district, with the
    /// family's consent (303.209(b)(1)(iii)).
    LeaReferral,
    /// Past the third birthday without an exit: the only item left.
    RecordExit,
}

impl ClockKind {
    /// The clock as pages print it in `data-clock`.
    pub fn key(self) -> &'static str {
        match self {
            ClockKind::FirstContact => "first_contact",
            ClockKind::InitialIfsp => "initial_ifsp",
            ClockKind::ServiceStart => "service_start",
            ClockKind::Review => "review",
            ClockKind::Annual => "annual",
            ClockKind::TransitionPlan => "transition_plan",
            ClockKind::OptOutNotice => "opt_out_notice",
            ClockKind::LeaNotification => "lea_notification",
            ClockKind::TransitionConference => "transition_conference",
            ClockKind::LeaReferral => "lea_referral",
            ClockKind::RecordExit => "record_exit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClockKind::FirstContact => "First contact with the family",
            ClockKind::InitialIfsp => "Initial IFSP meeting (45 days)",
            ClockKind::ServiceStart => "Timely start of a service",
            ClockKind::Review => "Six-month review",
            ClockKind::Annual => "Annual IFSP meeting",
            ClockKind::TransitionPlan => "Transition plan (steps in a signed IFSP)",
            ClockKind::OptOutNotice => {
                "Tell the family of the notification and their right to object"
            }
            ClockKind::LeaNotification => "Notify the school district (LEA/SEA)",
            ClockKind::TransitionConference => "Transition conference",
            ClockKind::LeaReferral => "Refer to the school district, with the family's consent",
            ClockKind::RecordExit => "Record the exit",
        }
    }

    /// The clocks of the transition at age three: the workspace and the child page's
    /// transition box show these.
    pub fn is_transition(self) -> bool {
        matches!(
            self,
            ClockKind::TransitionPlan
                | ClockKind::OptOutNotice
                | ClockKind::LeaNotification
                | ClockKind::TransitionConference
                | ClockKind::LeaReferral
                | ClockKind::RecordExit
        )
    }
}

/// The service a timely-start item is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRef {
    pub id: i32,
    pub service_type: crate::entities::ifsp_service::ServiceType,
    pub consent_on: NaiveDate,
}

/// Something about an item that its state alone does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// Done before the transition window opened (nine months before age three).
    BeforeWindow { opened: NaiveDate },
    /// Done after its deadline.
    AfterDeadline { deadline: NaiveDate },
    /// The family's objection period ends too late for the notification deadline. `told` is
    /// false when the family has not been told yet (the dates assume they are told today).
    OptOutTooLate {
        told: bool,
        period_ends: NaiveDate,
        first_send: NaiveDate,
        deadline: NaiveDate,
    },
    /// The family cancelled or missed a visit before the deadline: the documented family
    /// reason for a late start.
    FamilyMissed(NaiveDate),
}

impl Warning {
    /// The warning in words, for the item of `clock`.
    pub fn message(self, clock: ClockKind) -> String {
        let done = match clock {
            ClockKind::LeaNotification => "Sent",
            ClockKind::TransitionConference => "Held",
            _ => "Done",
        };
        match self {
            Warning::BeforeWindow { opened } => {
                format!("{done} before the window opened on {opened}.")
            }
            Warning::AfterDeadline { deadline } => {
                format!("{done} after the deadline of {deadline}.")
            }
            Warning::OptOutTooLate {
                told: true,
                period_ends,
                first_send,
                deadline,
            } => format!(
                "The family may object until {period_ends}: the notification can go on {first_send}, after its deadline of {deadline}."
            ),
            Warning::OptOutTooLate {
                told: false,
                period_ends,
                first_send,
                deadline,
            } => format!(
                "Told today, the family could object until {period_ends}: the notification could first go on {first_send}, after its deadline of {deadline}."
            ),
            Warning::FamilyMissed(on) => format!("The family missed the visit of {on}."),
        }
    }
}

/// One clock on one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub clock: ClockKind,
    /// For a timely-start item: the service.
    pub service: Option<ServiceRef>,
    pub due: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub status: Compliance,
    /// "As soon as possible" (303.209(b)(1)(ii)): the due date is the day it became
    /// possible, and every page says so rather than showing a plain deadline.
    pub asap: bool,
    pub warnings: Vec<Warning>,
}

impl DueItem {
    pub fn new(
        clock: ClockKind,
        due: NaiveDate,
        done_on: Option<NaiveDate>,
        status: Compliance,
    ) -> Self {
        DueItem {
            clock,
            service: None,
            due,
            done_on,
            status,
            asap: false,
            warnings: Vec::new(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }
}
