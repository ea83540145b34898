//! The IFSP's forms as typed, parsed into parts that are valid to store.
use crate::{
    entities::{cos_rating::CosOutcome, ifsp, ifsp_outcome},
    views::{
        fields::{paragraph, parse_date, required},
        form::Errors,
    },
};
use chrono::NaiveDate;
use sea_orm::Set;
use serde::Deserialize;

pub use super::service_form::ServiceForm;

/// The narrative parts of the plan, edited together, with the version they started from.
#[derive(Debug, Default, Clone, Deserialize, PartialEq)]
#[serde(default)]
pub struct PlanForm {
    pub meeting_date: String,
    pub participants: String,
    pub present_cognitive: String,
    pub present_physical: String,
    pub present_communication: String,
    pub present_social_emotional: String,
    pub present_adaptive: String,
    pub family_agrees: Option<String>,
    pub family_concerns: String,
    pub family_priorities: String,
    pub family_resources: String,
    pub routines: String,
    pub other_services: String,
    pub transition_steps: String,
    pub behavior_patterns: String,
    pub behavior_function: String,
    pub replacement_skills: String,
    pub caregiver_responses: String,
    pub version: String,
    /// Each outcome's text in the family's language, by outcome id (the draft page's
    /// `family_statement.<id>` fields, read by `post::PlanPost`).
    #[serde(skip)]
    pub family: std::collections::BTreeMap<i32, String>,
}

/// The longest outcome text in the family's language (as long as the English may be).
pub const FAMILY_MAX: usize = 2000;

/// The name of an outcome's family-language field on the draft page.
pub fn family_field(outcome_id: i32) -> String {
    format!("family_statement.{outcome_id}")
}

/// The narrative fields with their labels, in the order the plan shows them.
pub const NARRATIVE: [(&str, &str); 16] = [
    ("participants", "Who took part in the meeting"),
    ("present_cognitive", "Present levels: cognitive"),
    (
        "present_physical",
        "Present levels: physical (motor, vision, hearing, health)",
    ),
    ("present_communication", "Present levels: communication"),
    (
        "present_social_emotional",
        "Present levels: social-emotional",
    ),
    ("present_adaptive", "Present levels: adaptive"),
    ("family_concerns", "Family concerns"),
    ("family_priorities", "Family priorities"),
    ("family_resources", "Family resources"),
    ("routines", "Daily routines the family named"),
    ("other_services", "Other services (not Part C)"),
    ("transition_steps", "Transition steps and services"),
    (
        "behavior_patterns",
        "Behaviour support: what happens before, during and after (A-B-C)",
    ),
    (
        "behavior_function",
        "Behaviour support: the likely function",
    ),
    (
        "replacement_skills",
        "Behaviour support: replacement skills to teach",
    ),
    (
        "caregiver_responses",
        "Behaviour support: how caregivers respond",
    ),
];

impl PlanForm {
    /// The saved plan as a form (to edit it, or to compare versions field by field).
    pub fn from_model(i: &crate::entities::ifsp::Model) -> Self {
        PlanForm {
            meeting_date: i.meeting_date.map(|d| d.to_string()).unwrap_or_default(),
            participants: i.participants.clone(),
            present_cognitive: i.present_cognitive.clone(),
            present_physical: i.present_physical.clone(),
            present_communication: i.present_communication.clone(),
            present_social_emotional: i.present_social_emotional.clone(),
            present_adaptive: i.present_adaptive.clone(),
            family_agrees: i.family_agrees.then(|| "yes".to_owned()),
            family_concerns: i.family_concerns.clone(),
            family_priorities: i.family_priorities.clone(),
            family_resources: i.family_resources.clone(),
            routines: i.routines.clone(),
            other_services: i.other_services.clone(),
            transition_steps: i.transition_steps.clone(),
            behavior_patterns: i.behavior_patterns.clone(),
            behavior_function: i.behavior_function.clone(),
            replacement_skills: i.replacement_skills.clone(),
            caregiver_responses: i.caregiver_responses.clone(),
            version: i.version.to_string(),
            family: Default::default(),
        }
    }

    pub fn get(&self, field: &str) -> &str {
        match field {
            "participants" => &self.participants,
            "present_cognitive" => &self.present_cognitive,
            "present_physical" => &self.present_physical,
            "present_communication" => &self.present_communication,
            "present_social_emotional" => &self.present_social_emotional,
            "present_adaptive" => &self.present_adaptive,
            "family_concerns" => &self.family_concerns,
            "family_priorities" => &self.family_priorities,
            "family_resources" => &self.family_resources,
            "routines" => &self.routines,
            "other_services" => &self.other_services,
            "transition_steps" => &self.transition_steps,
            "behavior_patterns" => &self.behavior_patterns,
            "behavior_function" => &self.behavior_function,
            "replacement_skills" => &self.replacement_skills,
            "caregiver_responses" => &self.caregiver_responses,
            "meeting_date" => &self.meeting_date,
            _ => "",
        }
    }

    /// Checks what can be checked while drafting: dates and lengths. Completeness is
    /// checked at signing.
    pub fn parse(&self, today: NaiveDate, born: NaiveDate) -> Result<Narrative, Errors> {
        let mut e = Errors::default();
        let date = match self.meeting_date.trim() {
            "" => None,
            v => parse_date(&mut e, "meeting_date", v, "meeting date"),
        };
        if date.is_some_and(|d| d > today + chrono::Duration::days(60)) {
            e.add(
                "meeting_date",
                "The meeting date is more than 60 days away; check the year.",
            );
        }
        if date.is_some_and(|d| d < born) {
            e.add(
                "meeting_date",
                "The meeting cannot be before the child was born.",
            );
        }
        for (field, _) in NARRATIVE {
            if self.get(field).chars().count() > 10_000 {
                e.add(field, "Use at most 10,000 characters.");
            }
        }
        let mut family = Vec::new();
        for (id, text) in &self.family {
            // One message for the family texts; the view shows it beside the long one.
            family.push((*id, paragraph(&mut e, "family_statement", text, FAMILY_MAX)));
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Narrative {
            meeting_date: date,
            family_agrees: self.family_agrees.is_some(),
            texts: NARRATIVE
                .iter()
                .map(|(f, _)| (column(f), self.get(f).trim().to_owned()))
                .collect(),
            family,
        })
    }
}

/// The narrative parts as saved: the meeting date, the family's agreement and each text
/// field trimmed, by its column.
#[derive(Debug, Clone)]
pub struct Narrative {
    pub meeting_date: Option<NaiveDate>,
    pub family_agrees: bool,
    pub texts: Vec<(ifsp::Column, String)>,
    /// Outcomes' texts in the family's language, by outcome id, trimmed.
    pub family: Vec<(i32, String)>,
}

impl Narrative {
    /// The plan as it would be with these fields saved: what signing checks when the
    /// fields are posted with the signatures.
    pub fn apply(&self, m: &mut ifsp::Model) {
        use sea_orm::{ActiveModelTrait, TryIntoModel};
        let mut am: ifsp::ActiveModel = m.clone().into();
        am.meeting_date = Set(self.meeting_date);
        am.family_agrees = Set(self.family_agrees);
        for (col, text) in &self.texts {
            am.set(*col, text.clone().into());
        }
        if let Ok(n) = am.try_into_model() {
            *m = n;
        }
    }
}

/// The column of a narrative field (the names in [`NARRATIVE`]).
fn column(field: &str) -> ifsp::Column {
    use ifsp::Column as C;
    match field {
        "participants" => C::Participants,
        "present_cognitive" => C::PresentCognitive,
        "present_physical" => C::PresentPhysical,
        "present_communication" => C::PresentCommunication,
        "present_social_emotional" => C::PresentSocialEmotional,
        "present_adaptive" => C::PresentAdaptive,
        "family_concerns" => C::FamilyConcerns,
        "family_priorities" => C::FamilyPriorities,
        "family_resources" => C::FamilyResources,
        "routines" => C::Routines,
        "other_services" => C::OtherServices,
        "transition_steps" => C::TransitionSteps,
        "behavior_patterns" => C::BehaviorPatterns,
        "behavior_function" => C::BehaviorFunction,
        "replacement_skills" => C::ReplacementSkills,
        "caregiver_responses" => C::CaregiverResponses,
        other => unreachable!("{other} is not in NARRATIVE"),
    }
}

#[cfg(test)]
mod narrative_tests {
    use super::*;

    #[test]
    fn every_narrative_field_is_saved_to_its_own_column() {
        let cols: std::collections::HashSet<String> = NARRATIVE
            .iter()
            .map(|(f, _)| format!("{:?}", column(f)))
            .collect();
        assert_eq!(cols.len(), 16);
        assert_eq!(
            format!("{:?}", column("present_social_emotional")),
            "PresentSocialEmotional"
        );
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub kind: String,
    pub statement: String,
    pub criteria: String,
    pub procedures: String,
    pub target_date: String,
    /// `outcome_routines` on the draft page, where `routines` is the plan's own field.
    #[serde(alias = "outcome_routines")]
    pub routines: String,
    pub cos_outcome: String,
}

impl OutcomeForm {
    pub fn parse(&self, ifsp_id: i32, position: i32) -> Result<ifsp_outcome::ActiveModel, Errors> {
        let mut e = Errors::default();
        let kind: Option<ifsp_outcome::Kind> = e.choice(
            "kind",
            &self.kind,
            "Say whether this is a child or a family outcome.",
        );
        let statement = required(
            &mut e,
            "statement",
            &self.statement,
            "Write the outcome, in the family's words where possible.",
            2000,
        );
        let criteria = required(
            &mut e,
            "criteria",
            &self.criteria,
            "Say how everyone will know it is achieved (measurable criteria).",
            2000,
        );
        let procedures = required(
            &mut e,
            "procedures",
            &self.procedures,
            "Say how progress will be measured (procedures).",
            2000,
        );
        let target_date = parse_date(&mut e, "target_date", &self.target_date, "target date");
        let routines = paragraph(&mut e, "outcome_routines", &self.routines, 500);
        let cos: Option<CosOutcome> = e.choice(
            "cos_outcome",
            &self.cos_outcome,
            "Choose the child outcome (A, B or C) this serves.",
        );
        let (Some(target), Some(kind), Some(cos), true) = (target_date, kind, cos, e.is_empty())
        else {
            return Err(e);
        };
        Ok(ifsp_outcome::ActiveModel {
            ifsp_id: Set(ifsp_id),
            position: Set(position),
            kind: Set(kind),
            statement: Set(statement),
            criteria: Set(criteria),
            procedures: Set(procedures),
            target_date: Set(Some(target)),
            routines: Set(routines),
            cos_outcome: Set(cos),
            origin_id: Set(None),
            ..Default::default()
        })
    }
}
