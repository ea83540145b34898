//! The settings form for the program's rules. Every number a state may set differently is
//! here, with the federal default beside it.
use crate::{
    program::rules::{EligibilityRule, FamilyReplyTo, Feb29Policy, ProgramRules, UnitRounding},
    views::form::Errors,
};
use serde::Deserialize;

/// The settings form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub initial_ifsp_days: String,
    pub first_contact_business_days: String,
    pub timely_services_days: String,
    pub review_months: String,
    pub annual_months: String,
    pub transition_earliest_months: String,
    pub transition_latest_days: String,
    pub lea_notification_days: String,
    pub lea_opt_out_days: String,
    pub no_evaluation_days: String,
    pub transition_at_initial_days: String,
    pub feb29: String,
    pub premature_before_weeks: String,
    pub adjust_age_until_months: String,
    pub percent_one_area: String,
    pub percent_two_areas: String,
    pub sd_one_area: String,
    pub sd_two_areas: String,
    pub diagnosed_condition_qualifies: Option<String>,
    /// One qualifying diagnosis per line.
    pub qualifying_conditions: String,
    pub informed_clinical_opinion_qualifies: Option<String>,
    pub team_visibility: Option<String>,
    pub require_caregiver_signature: Option<String>,
    pub allow_visit_location: Option<String>,
    pub credential_warning_days: String,
    pub note_due_business_days: String,
    pub makeup_due_days: String,
    pub unit_minutes: String,
    pub min_billable_minutes: String,
    pub unit_rounding: String,
    pub family_reply_to: String,
    /// The fingerprint of the rules the form was opened with (`commands::fingerprint`).
    pub seen: String,
}

/// (field, label, federal default or common practice, min, max) for the whole-number rules.
pub const NUMBERS: [(&str, &str, &str, i64, i64); 18] = [
    (
        "initial_ifsp_days",
        "Initial IFSP meeting within (days of referral)",
        "45 (303.310)",
        1,
        45,
    ),
    (
        "first_contact_business_days",
        "First contact within (business days)",
        "2 (state practice)",
        0,
        30,
    ),
    (
        "timely_services_days",
        "Services start within (days of consent)",
        "30 (state-defined)",
        1,
        90,
    ),
    (
        "review_months",
        "Periodic review every (months)",
        "6 (303.342)",
        1,
        6,
    ),
    (
        "annual_months",
        "Annual IFSP meeting every (months)",
        "12 (303.342)",
        1,
        12,
    ),
    (
        "transition_earliest_months",
        "Transition conference no earlier than (months before age three)",
        "9 (303.209)",
        1,
        12,
    ),
    (
        "transition_latest_days",
        "Transition plan and conference by (days before age three)",
        "90 (303.209)",
        90,
        270,
    ),
    (
        "lea_notification_days",
        "School-district notification by (days before age three)",
        "90 (303.209)",
        90,
        270,
    ),
    (
        "lea_opt_out_days",
        "Parents may object to the school-district notification within (days of being told)",
        "state policy (303.401(e))",
        0,
        90,
    ),
    (
        "no_evaluation_days",
        "No evaluation needed when referred fewer than (days before age three)",
        "45 (303.209)",
        1,
        90,
    ),
    (
        "transition_at_initial_days",
        "Plan transition at the initial IFSP when referred within (days)",
        "135",
        90,
        365,
    ),
    (
        "premature_before_weeks",
        "Adjust age when born before (weeks of gestation)",
        "37",
        28,
        40,
    ),
    (
        "adjust_age_until_months",
        "Adjust age until (months old)",
        "24",
        0,
        36,
    ),
    (
        "credential_warning_days",
        "Warn about expiring credentials (days ahead)",
        "60",
        1,
        365,
    ),
    (
        "note_due_business_days",
        "Visit notes due within (business days)",
        "5 (state practice)",
        1,
        30,
    ),
    (
        "makeup_due_days",
        "Make-up visit due within (days of a missed visit)",
        "14",
        1,
        60,
    ),
    (
        "unit_minutes",
        "Minutes in one billing unit",
        "15 (payer policy)",
        1,
        120,
    ),
    (
        "min_billable_minutes",
        "Fewest minutes that bill a unit",
        "8 (payer policy)",
        1,
        120,
    ),
];

impl SettingsForm {
    pub fn from_rules(r: &ProgramRules) -> Self {
        let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let yes = |b: bool| b.then(|| "yes".to_owned());
        SettingsForm {
            initial_ifsp_days: r.initial_ifsp_days.to_string(),
            first_contact_business_days: r.first_contact_business_days.to_string(),
            timely_services_days: r.timely_services_days.to_string(),
            review_months: r.review_months.to_string(),
            annual_months: r.annual_months.to_string(),
            transition_earliest_months: r.transition_earliest_months.to_string(),
            transition_latest_days: r.transition_latest_days.to_string(),
            lea_notification_days: r.lea_notification_days.to_string(),
            lea_opt_out_days: r.lea_opt_out_days.to_string(),
            no_evaluation_days: r.no_evaluation_days.to_string(),
            transition_at_initial_days: r.transition_at_initial_days.to_string(),
            feb29: match r.feb29 {
                Feb29Policy::Feb28 => "feb28".into(),
                Feb29Policy::Mar1 => "mar1".into(),
            },
            premature_before_weeks: r.premature_before_weeks.to_string(),
            adjust_age_until_months: r.adjust_age_until_months.to_string(),
            percent_one_area: opt(r.eligibility.percent_one_area),
            percent_two_areas: opt(r.eligibility.percent_two_areas),
            sd_one_area: opt(r.eligibility.sd_one_area),
            sd_two_areas: opt(r.eligibility.sd_two_areas),
            diagnosed_condition_qualifies: yes(r.eligibility.diagnosed_condition_qualifies),
            qualifying_conditions: r.eligibility.qualifying_conditions.join("\n"),
            informed_clinical_opinion_qualifies: yes(r
                .eligibility
                .informed_clinical_opinion_qualifies),
            team_visibility: yes(r.team_visibility),
            require_caregiver_signature: yes(r.require_caregiver_signature),
            allow_visit_location: yes(r.allow_visit_location),
            credential_warning_days: r.credential_warning_days.to_string(),
            note_due_business_days: r.note_due_business_days.to_string(),
            makeup_due_days: r.makeup_due_days.to_string(),
            unit_minutes: r.unit_minutes.to_string(),
            min_billable_minutes: r.min_billable_minutes.to_string(),
            unit_rounding: match r.unit_rounding {
                UnitRounding::Nearest => "nearest",
                UnitRounding::Up => "up",
                UnitRounding::Down => "down",
            }
            .into(),
            family_reply_to: match r.family_reply_to {
                FamilyReplyTo::Nobody => "nobody",
                FamilyReplyTo::Provider => "provider",
                FamilyReplyTo::Coordinator => "coordinator",
            }
            .into(),
            seen: super::commands::fingerprint(r),
        }
    }

    pub fn value(&self, field: &str) -> &str {
        match field {
            "initial_ifsp_days" => &self.initial_ifsp_days,
            "first_contact_business_days" => &self.first_contact_business_days,
            "timely_services_days" => &self.timely_services_days,
            "review_months" => &self.review_months,
            "annual_months" => &self.annual_months,
            "transition_earliest_months" => &self.transition_earliest_months,
            "transition_latest_days" => &self.transition_latest_days,
            "lea_notification_days" => &self.lea_notification_days,
            "lea_opt_out_days" => &self.lea_opt_out_days,
            "no_evaluation_days" => &self.no_evaluation_days,
            "transition_at_initial_days" => &self.transition_at_initial_days,
            "premature_before_weeks" => &self.premature_before_weeks,
            "adjust_age_until_months" => &self.adjust_age_until_months,
            "credential_warning_days" => &self.credential_warning_days,
            "note_due_business_days" => &self.note_due_business_days,
            "makeup_due_days" => &self.makeup_due_days,
            "unit_minutes" => &self.unit_minutes,
            "min_billable_minutes" => &self.min_billable_minutes,
            _ => "",
        }
    }

    pub fn parse(&self) -> Result<ProgramRules, Errors> {
        let mut e = Errors::default();
        let mut n = std::collections::HashMap::new();
        for (field, _, _, min, max) in NUMBERS {
            match self.value(field).trim().parse::<i64>() {
                Ok(v) if (min..=max).contains(&v) => {
                    n.insert(field, v);
                }
                _ => e.add(field, format!("Enter a whole number from {min} to {max}.")),
            }
        }
        let mut threshold = |field: &'static str, max: f64| -> Option<f64> {
            let v = match field {
                "percent_one_area" => &self.percent_one_area,
                "percent_two_areas" => &self.percent_two_areas,
                "sd_one_area" => &self.sd_one_area,
                _ => &self.sd_two_areas,
            };
            match v.trim() {
                "" => None,
                s => match s.parse::<f64>() {
                    Ok(x) if x > 0.0 && x <= max => Some(x),
                    _ => {
                        e.add(
                            field,
                            format!("Enter a number above 0 and at most {max}, or leave it empty."),
                        );
                        None
                    }
                },
            }
        };
        let eligibility = EligibilityRule {
            percent_one_area: threshold("percent_one_area", 100.0),
            percent_two_areas: threshold("percent_two_areas", 100.0),
            sd_one_area: threshold("sd_one_area", 5.0),
            sd_two_areas: threshold("sd_two_areas", 5.0),
            diagnosed_condition_qualifies: self.diagnosed_condition_qualifies.is_some(),
            qualifying_conditions: self
                .qualifying_conditions
                .lines()
                .map(|l| l.trim().chars().take(120).collect::<String>())
                .filter(|l| !l.is_empty())
                .take(200)
                .collect(),
            informed_clinical_opinion_qualifies: self.informed_clinical_opinion_qualifies.is_some(),
        };
        if eligibility.percent_one_area.is_none()
            && eligibility.sd_one_area.is_none()
            && eligibility.percent_two_areas.is_none()
            && eligibility.sd_two_areas.is_none()
        {
            e.add("percent_one_area", "Set at least one delay threshold, or no child can be found eligible by evaluation.");
        }
        let feb29 = match self.feb29.as_str() {
            "feb28" => Feb29Policy::Feb28,
            "mar1" => Feb29Policy::Mar1,
            _ => {
                e.add("feb29", "Choose how a 29 February birthday is counted.");
                Feb29Policy::Feb28
            }
        };
        let unit_rounding = match self.unit_rounding.as_str() {
            "nearest" => UnitRounding::Nearest,
            "up" => UnitRounding::Up,
            "down" => UnitRounding::Down,
            _ => {
                e.add(
                    "unit_rounding",
                    "Choose how a partial billing unit is counted.",
                );
                UnitRounding::Nearest
            }
        };
        let family_reply_to = match self.family_reply_to.as_str() {
            "nobody" => FamilyReplyTo::Nobody,
            "provider" => FamilyReplyTo::Provider,
            "coordinator" => FamilyReplyTo::Coordinator,
            _ => {
                e.add("family_reply_to", "Choose where a family's reply goes.");
                FamilyReplyTo::Nobody
            }
        };
        if !e.is_empty() {
            return Err(e);
        }
        let get = |k: &str| n[k];
        Ok(ProgramRules {
            initial_ifsp_days: get("initial_ifsp_days"),
            first_contact_business_days: get("first_contact_business_days"),
            timely_services_days: get("timely_services_days"),
            review_months: get("review_months") as u32,
            annual_months: get("annual_months") as u32,
            transition_earliest_months: get("transition_earliest_months") as u32,
            transition_latest_days: get("transition_latest_days"),
            lea_notification_days: get("lea_notification_days"),
            lea_opt_out_days: get("lea_opt_out_days"),
            no_evaluation_days: get("no_evaluation_days"),
            transition_at_initial_days: get("transition_at_initial_days"),
            feb29,
            premature_before_weeks: get("premature_before_weeks") as u32,
            adjust_age_until_months: get("adjust_age_until_months") as u32,
            eligibility,
            team_visibility: self.team_visibility.is_some(),
            require_caregiver_signature: self.require_caregiver_signature.is_some(),
            allow_visit_location: self.allow_visit_location.is_some(),
            credential_warning_days: get("credential_warning_days"),
            note_due_business_days: get("note_due_business_days"),
            makeup_due_days: get("makeup_due_days"),
            unit_minutes: get("unit_minutes"),
            min_billable_minutes: get("min_billable_minutes"),
            unit_rounding,
            family_reply_to,
        })
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
