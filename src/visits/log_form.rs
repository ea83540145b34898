//! The visit note as typed, parsed into what is stored. Saving needs valid times; signing
//! needs a complete note (who took part, outcomes, routine, every practice, joint plan).
use super::model::{Abc, Coaching, PRACTICES, Practice};
use crate::{
    entities::{
        ifsp_service::Setting,
        visit::{RemoteCoaching, Routine, VisitMethod},
    },
    views::{
        fields::{paragraph, parse_date},
        form::Errors,
    },
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;

const MAX_TEXT: usize = 4000;
/// A practice's note and each A-B-C entry: refused beyond it, never cut.
const MAX_SHORT: usize = 500;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct LogForm {
    pub date: String,
    pub start: String,
    pub end: String,
    pub method: String,
    pub location: String,
    pub participants: String,
    pub parent_report: String,
    pub outcomes: Vec<String>,
    pub routine: String,
    pub tried: String,
    pub caregiver_did: String,
    pub child_response: String,
    pub joint_planning_done: String,
    pub joint_planning_note: String,
    pub observation_done: String,
    pub observation_note: String,
    pub practice_done: String,
    pub practice_note: String,
    pub reflection_done: String,
    pub reflection_note: String,
    pub feedback_done: String,
    pub feedback_note: String,
    /// The practices ticked in the compact group (keys of `PRACTICES`). When the group was
    /// on the form (`practices_shown`), an unticked practice did not happen; otherwise the
    /// older yes/no fields above say.
    pub practices: Vec<String>,
    pub practices_shown: String,
    pub activities: String,
    /// Library activities picked in the note form, shared with the family when it is saved.
    pub activity_ids: Vec<String>,
    pub joint_plan: String,
    /// The joint plan in the family's language; `None` when the form had no such field.
    pub joint_plan_family: Option<String>,
    pub next_visit_on: String,
    pub abc1_a: String,
    pub abc1_b: String,
    pub abc1_c: String,
    pub abc2_a: String,
    pub abc2_b: String,
    pub abc2_c: String,
    pub mileage: String,
    /// For a telehealth visit: how coaching worked by video (`RemoteCoaching`) and how.
    pub remote_coaching: String,
    pub remote_coaching_note: String,
    pub version: String,
    /// "save" keeps a draft; "sign" signs and locks.
    pub intent: String,
    /// A UUID the page script makes for each send, so a resend is saved once (`submissions`).
    pub submission_key: String,
    /// The caregiver's confirmation and the visit's location (`verification`): signing only.
    pub caregiver_name: String,
    pub caregiver_path: String,
    pub caregiver_tz: String,
    pub share_location: String,
    pub start_lat: String,
    pub start_lon: String,
    pub start_accuracy: String,
    pub end_lat: String,
    pub end_lon: String,
    pub end_accuracy: String,
}

/// A note ready to store.
#[derive(Debug, Clone)]
pub struct LogInput {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub method: VisitMethod,
    pub location: Setting,
    pub participants: String,
    pub parent_report: String,
    pub outcomes: Vec<i32>,
    pub routine: Routine,
    pub tried: String,
    pub caregiver_did: String,
    pub child_response: String,
    pub coaching: Coaching,
    pub activities: String,
    /// Library activities to share at the visit (checked against the library on saving).
    pub activity_ids: Vec<i32>,
    pub joint_plan: String,
    /// The family-language joint plan ("" when left as the copy of the English: not
    /// translated), with its language; `None` leaves the stored one as it is.
    pub joint_plan_family: Option<(String, crate::entities::Lang)>,
    pub next_visit_on: Option<NaiveDate>,
    pub abc: Vec<Abc>,
    pub mileage_tenths: i32,
    pub remote_coaching: RemoteCoaching,
    pub remote_coaching_note: String,
    pub sign: bool,
    /// The send's key, when the page script gave one.
    pub submission: Option<uuid::Uuid>,
    /// Set by the handler from `verification::parse`; stored only when signing.
    pub verification: super::verification::Verification,
}

impl LogForm {
    pub fn practice(&self, key: &str) -> (&str, &str) {
        match key {
            "joint_planning" => (&self.joint_planning_done, &self.joint_planning_note),
            "observation" => (&self.observation_done, &self.observation_note),
            "practice" => (&self.practice_done, &self.practice_note),
            "reflection" => (&self.reflection_done, &self.reflection_note),
            _ => (&self.feedback_done, &self.feedback_note),
        }
    }

    /// `now` is the program's wall-clock time; `outcomes` are the origin ids of the active
    /// plan's outcomes.
    pub fn parse(&self, now: NaiveDateTime, outcomes: &[i32]) -> Result<LogInput, Errors> {
        let mut e = Errors::default();
        let today = now.date();
        let sign = self.intent == "sign";
        let date = parse_date(&mut e, "date", &self.date, "date of the visit");
        if date.is_some_and(|d| d > today) {
            e.add(
                "date",
                "A visit is logged after it happens; this date is in the future.",
            );
        }
        let time = |e: &mut Errors, field: &'static str, v: &str, what: &str| {
            NaiveTime::parse_from_str(v.trim(), "%H:%M")
                .map_err(|_| {
                    e.add(
                        field,
                        format!("Enter the {what} as hours and minutes, like 09:30."),
                    )
                })
                .ok()
        };
        let start = time(&mut e, "start", &self.start, "start time");
        let end = time(&mut e, "end", &self.end, "end time");
        if let (Some(s), Some(en)) = (start, end)
            && en <= s
        {
            e.add("end", "The end time must be after the start time.");
        }
        // A note records a visit that happened: it may be drafted during the visit, and
        // signed only once the visit is over.
        if let (true, Some(d), Some(en)) = (sign, date, end)
            && d.and_time(en) > now
        {
            e.add(
                "end",
                format!(
                    "This visit has not ended yet (it ends at {}). Save the note as a draft now and sign it once the visit is over.",
                    en.format("%H:%M")
                ),
            );
        }
        let method = e.choice("method", &self.method, "Choose how the visit was made.");
        let location = e.choice(
            "location",
            &self.location,
            "Choose where the visit took place.",
        );
        let mut chosen = Vec::new();
        for o in &self.outcomes {
            match o.parse::<i32>().ok().filter(|id| outcomes.contains(id)) {
                Some(id) if !chosen.contains(&id) => chosen.push(id),
                Some(_) => {}
                None => e.add("outcomes", "Choose outcomes from the plan."),
            }
        }
        // Empty (not chosen yet) is allowed in a draft; signing needs one, below.
        let routine = e
            .choice::<Routine>("routine", &self.routine, "Choose a routine from the list.")
            .unwrap_or(Routine::Unset);
        let grouped = !self.practices_shown.is_empty();
        if self
            .practices
            .iter()
            .any(|k| !PRACTICES.iter().any(|p| p.key == k))
        {
            e.add("practices", "Choose practices from the list.");
        }
        let mut coaching = Vec::new();
        for p in &PRACTICES {
            let (done, note) = self.practice(p.key);
            let done = match done {
                _ if grouped => Some(self.practices.iter().any(|k| k == p.key)),
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            };
            if sign && done.is_none() {
                e.add(
                    p.done_field,
                    format!("Say whether {} happened.", p.label.to_lowercase()),
                );
            }
            coaching.push((
                p.key.to_owned(),
                Practice {
                    done,
                    note: paragraph(&mut e, p.note_field, note, MAX_SHORT),
                },
            ));
        }
        let next = match self.next_visit_on.trim() {
            "" => None,
            v => parse_date(&mut e, "next_visit_on", v, "next visit date"),
        };
        if let (Some(n), Some(d)) = (next, date)
            && n < d
        {
            e.add("next_visit_on", "The next visit cannot be before this one.");
        }
        let mileage_tenths = super::mileage::parse_mileage(&mut e, &self.mileage);
        let (remote_coaching, remote_coaching_note) = super::telehealth::parse_remote(
            &mut e,
            method,
            sign,
            &self.remote_coaching,
            &self.remote_coaching_note,
        );
        let mut activity_ids = Vec::new();
        for a in &self.activity_ids {
            match a.parse::<i32>() {
                Ok(id) if !activity_ids.contains(&id) => activity_ids.push(id),
                Ok(_) => {}
                Err(_) => e.add("activity_ids", "Choose activities from the list."),
            }
        }
        for (field, v) in [
            ("participants", &self.participants),
            ("parent_report", &self.parent_report),
            ("tried", &self.tried),
            ("caregiver_did", &self.caregiver_did),
            ("child_response", &self.child_response),
            ("joint_plan", &self.joint_plan),
            (
                "joint_plan_family",
                self.joint_plan_family.as_ref().unwrap_or(&String::new()),
            ),
            ("activities", &self.activities),
        ] {
            paragraph(&mut e, field, v, MAX_TEXT);
        }
        if sign {
            if self.participants.trim().is_empty() {
                e.add("participants", "Enter who took part.");
            }
            if chosen.is_empty() {
                e.add(
                    "outcomes",
                    "Choose at least one IFSP outcome this visit addressed.",
                );
            }
            if routine == Routine::Unset {
                e.add("routine", "Choose the routine the visit was built around.");
            }
            if self.joint_plan.trim().is_empty() {
                e.add(
                    "joint_plan",
                    "Enter the joint plan until the next visit; the family gets a copy.",
                );
            }
        }
        let mut short = |field: &'static str, v: &str| paragraph(&mut e, field, v, MAX_SHORT);
        let abc: Vec<Abc> = [
            (
                ("abc1_a", &self.abc1_a),
                ("abc1_b", &self.abc1_b),
                ("abc1_c", &self.abc1_c),
            ),
            (
                ("abc2_a", &self.abc2_a),
                ("abc2_b", &self.abc2_b),
                ("abc2_c", &self.abc2_c),
            ),
        ]
        .into_iter()
        .map(|((fa, a), (fb, b), (fc, c))| Abc {
            antecedent: short(fa, a),
            behavior: short(fb, b),
            consequence: short(fc, c),
        })
        .filter(|x| !(x.antecedent.is_empty() && x.behavior.is_empty() && x.consequence.is_empty()))
        .collect();
        let (Some(date), Some(start), Some(end), Some(method), Some(location), true) =
            (date, start, end, method, location, e.is_empty())
        else {
            return Err(e);
        };
        Ok(LogInput {
            starts_at: date.and_time(start),
            ends_at: date.and_time(end),
            method,
            location,
            participants: self.participants.trim().to_owned(),
            parent_report: self.parent_report.trim().to_owned(),
            outcomes: chosen,
            routine,
            tried: self.tried.trim().to_owned(),
            caregiver_did: self.caregiver_did.trim().to_owned(),
            child_response: self.child_response.trim().to_owned(),
            coaching: Coaching(coaching),
            activities: self.activities.trim().to_owned(),
            activity_ids,
            joint_plan: self.joint_plan.trim().to_owned(),
            // The language is the family's, set by the caller.
            joint_plan_family: self.joint_plan_family.as_ref().map(|t| {
                let t = t.trim();
                let copy = t == self.joint_plan.trim();
                (
                    if copy { "" } else { t }.to_owned(),
                    crate::entities::Lang::En,
                )
            }),
            next_visit_on: next,
            abc,
            mileage_tenths,
            remote_coaching,
            remote_coaching_note,
            sign,
            submission: super::submissions::key(&self.submission_key),
            verification: Default::default(),
        })
    }
}

#[cfg(test)]
#[path = "log_form_tests.rs"]
mod tests;
