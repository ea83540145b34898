//! A synthetic child's signed plan (outcomes and signatures) and its COS ratings.
use super::load::{Ids, Rows, next, noon};
use crate::entities::{cos_rating, cos_rating::CosOutcome, ifsp, ifsp_outcome, ifsp_signature};
use chrono::{Duration, NaiveDate};
use rand::Rng;

/// (kind, statement after the child's name, criteria, COS outcome)
const OUTCOMES: [(ifsp_outcome::Kind, &str, &str, CosOutcome); 5] = [
    (
        ifsp_outcome::Kind::Child,
        "will ask for more at meals with a sign or word.",
        "Three meals a day for two weeks.",
        CosOutcome::B,
    ),
    (
        ifsp_outcome::Kind::Child,
        "will pull to stand at the couch during play.",
        "Five times a day for a week.",
        CosOutcome::C,
    ),
    (
        ifsp_outcome::Kind::Child,
        "will take turns with a sibling in a simple game.",
        "Two turns, most days.",
        CosOutcome::A,
    ),
    (
        ifsp_outcome::Kind::Child,
        "will feed herself with a spoon at dinner.",
        "Half of dinner, four nights a week.",
        CosOutcome::C,
    ),
    (
        ifsp_outcome::Kind::Family,
        "We will find a play group near home.",
        "Attending once a week.",
        CosOutcome::A,
    ),
];

#[allow(clippy::too_many_arguments)]
pub fn plan(
    rows: &mut Rows,
    ids: &mut Ids,
    rng: &mut impl Rng,
    id: i32,
    child_id: i32,
    first: &str,
    meeting: NaiveDate,
    by: i32,
) {
    let text = String::new;
    rows.plans.push(ifsp::Model {
        id,
        child_id,
        program_id: 1,
        kind: ifsp::Kind::Initial,
        status: ifsp::Status::Signed,
        meeting_date: Some(meeting),
        participants: "Parent, service coordinator, provider".into(),
        present_cognitive: "Looks for hidden toys; explores by banging and dropping.".into(),
        present_physical: "Sits and crawls; pulls to kneel.".into(),
        present_communication: "Babbles; points to ask; a few words.".into(),
        present_social_emotional: "Warm with family; needs time with new people.".into(),
        present_adaptive: "Finger-feeds; drinks from a cup with help.".into(),
        family_agrees: true,
        family_concerns: format!("We want {first} to tell us what they need."),
        family_priorities: "Mealtimes and bedtime.".into(),
        family_resources: "Grandparents help on weekdays.".into(),
        routines: "Breakfast, bath, park, bedtime".into(),
        other_services: text(),
        transition_steps: text(),
        behavior_patterns: text(),
        behavior_function: text(),
        replacement_skills: text(),
        caregiver_responses: text(),
        supersedes_id: None,
        signed_at: Some(noon(meeting)),
        version: 2,
        created_by: by,
        created_at: noon(meeting),
        updated_at: noon(meeting),
    });
    for (pos, o) in OUTCOMES.iter().take(rng.random_range(2..=5)).enumerate() {
        rows.outcomes.push(ifsp_outcome::Model {
            id: next(&mut ids.outcome),
            ifsp_id: id,
            position: pos as i32 + 1,
            kind: o.0,
            statement: if o.0 == ifsp_outcome::Kind::Child {
                format!("{first} {}", o.1)
            } else {
                o.1.into()
            },
            criteria: o.2.into(),
            procedures: "Parent report and observation at visits.".into(),
            target_date: Some(meeting + Duration::days(180)),
            routines: "Snack, play, bedtime".into(),
            cos_outcome: o.3,
            origin_id: None,
            family_statement: String::new(),
            family_lang: None,
        });
    }
    for (role, name) in [
        (ifsp_signature::Role::Parent, "Parent"),
        (ifsp_signature::Role::Coordinator, "Service coordinator"),
    ] {
        rows.signatures.push(ifsp_signature::Model {
            id: next(&mut ids.signature),
            ifsp_id: id,
            role,
            name: name.into(),
            signed_on: meeting,
            method: ifsp_signature::Method::InPerson,
        });
    }
}

#[allow(clippy::too_many_arguments)]
pub fn cos(
    rows: &mut Rows,
    ids: &mut Ids,
    rng: &mut impl Rng,
    child_id: i32,
    phase: cos_rating::Phase,
    on: NaiveDate,
    by: i32,
) {
    let exit = phase == cos_rating::Phase::Exit;
    let mut r = || rng.random_range(2..=7_i16);
    let (a, b, c) = (r(), r(), r());
    rows.cos.push(cos_rating::Model {
        id: next(&mut ids.cos),
        child_id,
        phase,
        rated_on: on,
        rating_a: a,
        rating_b: b,
        rating_c: c,
        new_skills_a: exit.then_some(true),
        new_skills_b: exit.then_some(true),
        new_skills_c: exit.then_some(a > 3),
        evidence: "Parent report, observation and BDI-3.".into(),
        team: "Parent, coordinator, provider".into(),
        created_by: by,
        created_at: noon(on),
    });
}
