//! The note form filled from a stored visit: what the page shows before anything is typed.
use super::log_form::LogForm;
use super::model::{Coaching, PRACTICES, abc_entries};
use crate::entities::visit;

impl LogForm {
    /// The form filled from a stored visit (a scheduled visit starts with its planned times).
    pub fn from_visit(v: &visit::Model) -> LogForm {
        let c = Coaching::parse(&v.coaching);
        let yn = |k: &str| match c.get(k).done {
            Some(true) => "yes".to_owned(),
            Some(false) => "no".to_owned(),
            None => String::new(),
        };
        let abc = abc_entries(v);
        let a = |i: usize| abc.get(i).cloned().unwrap_or_default();
        let (a1, a2) = (a(0), a(1));
        LogForm {
            date: v.starts_at.date().to_string(),
            start: v.starts_at.format("%H:%M").to_string(),
            end: v.ends_at.format("%H:%M").to_string(),
            method: v.method.to_string(),
            location: v.location.to_string(),
            participants: v.participants.clone(),
            parent_report: v.parent_report.clone(),
            outcomes: v
                .addressed_outcomes()
                .iter()
                .map(|o| o.to_string())
                .collect(),
            routine: v.routine.to_string(),
            tried: v.tried.clone(),
            caregiver_did: v.caregiver_did.clone(),
            child_response: v.child_response.clone(),
            joint_planning_done: yn("joint_planning"),
            joint_planning_note: c.get("joint_planning").note,
            observation_done: yn("observation"),
            observation_note: c.get("observation").note,
            practice_done: yn("practice"),
            practice_note: c.get("practice").note,
            reflection_done: yn("reflection"),
            reflection_note: c.get("reflection").note,
            feedback_done: yn("feedback"),
            feedback_note: c.get("feedback").note,
            practices: PRACTICES
                .iter()
                .filter(|p| c.get(p.key).done == Some(true))
                .map(|p| p.key.to_owned())
                .collect(),
            activities: v.activities.clone(),
            joint_plan: v.joint_plan.clone(),
            joint_plan_family: Some(v.joint_plan_family.clone()),
            next_visit_on: v.next_visit_on.map(|d| d.to_string()).unwrap_or_default(),
            abc1_a: a1.antecedent,
            abc1_b: a1.behavior,
            abc1_c: a1.consequence,
            abc2_a: a2.antecedent,
            abc2_b: a2.behavior,
            abc2_c: a2.consequence,
            mileage: if v.mileage_tenths == 0 {
                String::new()
            } else {
                format!("{:.1}", f64::from(v.mileage_tenths) / 10.0)
            },
            remote_coaching: v.remote_coaching.to_string(),
            remote_coaching_note: v.remote_coaching_note.clone(),
            version: v.version.to_string(),
            ..Default::default()
        }
    }
}
