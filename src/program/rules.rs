//! Every number a state may set differently, with the federal defaults (34 CFR 303).
//! Stored as JSON on the program so a new rule needs no migration: a missing key takes
//! its default.
use serde::{Deserialize, Serialize};

/// How a February 29 birthday is counted in a year without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Feb29Policy {
    /// The third birthday is February 28.
    #[default]
    Feb28,
    /// The third birthday is March 1.
    Mar1,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgramRules {
    /// Initial IFSP meeting within this many days of referral receipt (303.310).
    pub initial_ifsp_days: i64,
    /// First-contact target after referral, in business days (state practice).
    pub first_contact_business_days: i64,
    /// A new service is timely when it starts within this many days of consent (state-defined).
    pub timely_services_days: i64,
    /// Periodic review at least every this many months (303.342).
    pub review_months: u32,
    /// Annual IFSP evaluation meeting every this many months.
    pub annual_months: u32,
    /// Transition conference no earlier than this many months before the third birthday.
    pub transition_earliest_months: u32,
    /// Transition conference and plan no later than this many days before the third birthday.
    pub transition_latest_days: i64,
    /// SEA/LEA notification at least this many days before the third birthday.
    pub lea_notification_days: i64,
    /// Parents may object in writing to the SEA/LEA notification within this many days of
    /// being told of it; the notice waits until the period has passed (state opt-out policy).
    pub lea_opt_out_days: i64,
    /// Referred fewer than this many days before the third birthday: no evaluation or IFSP.
    pub no_evaluation_days: i64,
    /// Referred within this many days of the third birthday: plan transition at the initial IFSP.
    pub transition_at_initial_days: i64,
    pub feb29: Feb29Policy,
    /// Born before this many weeks of gestation: age is adjusted for prematurity.
    pub premature_before_weeks: u32,
    /// Age is adjusted until the child is this many months old (chronological).
    pub adjust_age_until_months: u32,
    pub eligibility: EligibilityRule,
    /// Coordinators may see every child in the program, not only their own caseload.
    pub team_visibility: bool,
    /// Signing a visit note needs the caregiver's confirmation (drawn or typed) on it.
    pub require_caregiver_signature: bool,
    /// Providers who opt in may store the browser's location at a visit's start and end.
    pub allow_visit_location: bool,
    /// Flag credentials expiring within this many days.
    pub credential_warning_days: i64,
    /// Visit notes are due this many business days after the visit (state practice).
    pub note_due_business_days: i64,
    /// A missed visit's make-up is due within this many days.
    pub makeup_due_days: i64,
    /// Minutes in one billing unit (payer policy).
    pub unit_minutes: i64,
    /// Fewer minutes than this bill nothing (the "8-minute rule" for 15-minute units).
    pub min_billable_minutes: i64,
    pub unit_rounding: UnitRounding,
    /// Where a family's reply to a coaching-note e-mail goes.
    pub family_reply_to: FamilyReplyTo,
}

/// Who a family reaches by replying to a coaching-note e-mail. Off by default: a program
/// decides whether staff addresses go to families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FamilyReplyTo {
    /// Replies go nowhere; the e-mail says to call instead.
    #[default]
    Nobody,
    /// The provider who wrote the note.
    Provider,
    /// The child's service coordinator.
    Coordinator,
}

/// How a partial billing unit is counted (payer policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UnitRounding {
    /// A partial unit of at least half a unit counts (CMS-style: 23 minutes = 2 units of 15).
    #[default]
    Nearest,
    /// Any partial unit counts.
    Up,
    /// Only whole units count.
    Down,
}

impl Default for ProgramRules {
    fn default() -> Self {
        ProgramRules {
            initial_ifsp_days: 45,
            first_contact_business_days: 2,
            timely_services_days: 30,
            review_months: 6,
            annual_months: 12,
            transition_earliest_months: 9,
            transition_latest_days: 90,
            lea_notification_days: 90,
            lea_opt_out_days: 30,
            no_evaluation_days: 45,
            transition_at_initial_days: 135,
            feb29: Feb29Policy::Feb28,
            premature_before_weeks: 37,
            adjust_age_until_months: 24,
            eligibility: EligibilityRule::default(),
            team_visibility: false,
            require_caregiver_signature: false,
            allow_visit_location: false,
            credential_warning_days: 60,
            note_due_business_days: 5,
            makeup_due_days: 14,
            unit_minutes: 15,
            min_billable_minutes: 8,
            family_reply_to: FamilyReplyTo::Nobody,
            unit_rounding: UnitRounding::Nearest,
        }
    }
}

/// A state's eligibility criteria. Thresholds left empty do not apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EligibilityRule {
    /// Percent delay in at least one area (PA 25, CO 33, MO 50).
    pub percent_one_area: Option<f64>,
    /// Percent delay in each of at least two areas (NY 25).
    pub percent_two_areas: Option<f64>,
    /// Standard deviations below the mean in one area, as a positive number (PA 1.5).
    pub sd_one_area: Option<f64>,
    /// Standard deviations below the mean in each of two areas (NY 1.5).
    pub sd_two_areas: Option<f64>,
    /// A diagnosed condition with a high probability of delay makes a child eligible.
    pub diagnosed_condition_qualifies: bool,
    /// The diagnoses the state lists as having a high probability of delay. Empty: any
    /// documented diagnosis the team records qualifies.
    pub qualifying_conditions: Vec<String>,
    /// Informed clinical opinion may establish eligibility on its own (303.321(a)(3)(ii)).
    pub informed_clinical_opinion_qualifies: bool,
}

impl Default for EligibilityRule {
    /// Pennsylvania's rule, a common one: 25% or 1.5 SD in one area.
    fn default() -> Self {
        EligibilityRule {
            percent_one_area: Some(25.0),
            percent_two_areas: None,
            sd_one_area: Some(1.5),
            sd_two_areas: None,
            diagnosed_condition_qualifies: true,
            qualifying_conditions: Vec::new(),
            informed_clinical_opinion_qualifies: true,
        }
    }
}

impl ProgramRules {
    /// Reads stored rules; anything unreadable falls back to the defaults, key by key.
    pub fn from_json(s: &str) -> Self {
        serde_json::from_str(s).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("rules serialize")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_take_federal_defaults() {
        let r = ProgramRules::from_json(
            r#"{"timely_services_days": 14, "eligibility": {"percent_one_area": 33}}"#,
        );
        assert_eq!(r.timely_services_days, 14);
        assert_eq!(r.initial_ifsp_days, 45);
        assert_eq!(r.eligibility.percent_one_area, Some(33.0));
        assert_eq!(r.eligibility.sd_one_area, Some(1.5));
        assert_eq!(ProgramRules::from_json(&r.to_json()), r);
        assert_eq!(ProgramRules::from_json("not json"), ProgramRules::default());
    }
}
