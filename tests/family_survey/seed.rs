//! Small records for the C4 report: families with a child and, if asked, a signed plan, and
//! survey rows written with known dates.
use crate::support::*;
use chrono::{NaiveDate, Utc};
use hearth::entities::{
    Lang, child, family, family_survey,
    family_survey::{Agreement, Status},
    ifsp, program, referral,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub async fn program_id(app: &TestApp, slug: &str) -> i32 {
    program::Entity::find()
        .filter(program::Column::Slug.eq(slug))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A family in `program` with one child named `first` Survey, referred on 1 July 2020, and
/// a signed initial plan met on `met` if given. Returns the family's id.
pub async fn family_with_child(
    app: &TestApp,
    program: i32,
    staff: i32,
    first: &str,
    met: Option<&str>,
) -> i32 {
    let now = Utc::now();
    let fam = family::Model {
        id: 0,
        program_id: program,
        address_line: String::new(),
        city: String::new(),
        county: String::new(),
        postal_code: String::new(),
        created_at: now,
    };
    let fam = crate::insert!(&app.db, fam);
    let c = child::Model {
        id: 0,
        program_id: program,
        family_id: fam,
        first_name: first.into(),
        last_name: "Survey".into(),
        date_of_birth: d("2019-09-01"),
        gestational_weeks: None,
        sex: None,
        race_ethnicity: None,
        coordinator_id: None,
        status: child::Status::Active,
        exit_category: None,
        exit_date: None,
        initial_ifsp_on: met.map(d),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let child = crate::insert!(&app.db, c);
    let r = referral::Model {
        id: 0,
        child_id: child,
        received_on: d("2020-07-01"),
        source: referral::Source::Physician,
        source_name: String::new(),
        concerns: String::new(),
        first_contact_on: Some(d("2020-07-01")),
        created_by: staff,
        created_at: now,
    };
    crate::insert!(&app.db, r);
    if let Some(met) = met {
        let s = String::new;
        let p = ifsp::Model {
            id: 0,
            child_id: child,
            program_id: program,
            kind: ifsp::Kind::Initial,
            status: ifsp::Status::Signed,
            meeting_date: Some(d(met)),
            participants: s(),
            present_cognitive: s(),
            present_physical: s(),
            present_communication: s(),
            present_social_emotional: s(),
            present_adaptive: s(),
            family_agrees: false,
            family_concerns: s(),
            family_priorities: s(),
            family_resources: s(),
            routines: s(),
            other_services: s(),
            transition_steps: s(),
            behavior_patterns: s(),
            behavior_function: s(),
            replacement_skills: s(),
            caregiver_responses: s(),
            supersedes_id: None,
            signed_at: Some(now),
            version: 1,
            created_by: staff,
            created_at: now,
            updated_at: now,
        };
        crate::insert!(&app.db, p);
    }
    fam
}

/// A survey row sent on `on`; `None` answers is a family that said no.
pub async fn response(
    app: &TestApp,
    program: i32,
    family: i32,
    on: &str,
    answers: Option<[Agreement; 3]>,
    comment: &str,
) {
    let r = family_survey::Model {
        id: 0,
        program_id: program,
        family_id: family,
        year: 2020,
        status: if answers.is_some() {
            Status::Answered
        } else {
            Status::Declined
        },
        know_rights: answers.map(|a| a[0]),
        communicate_needs: answers.map(|a| a[1]),
        help_develop: answers.map(|a| a[2]),
        comment: comment.into(),
        language: Lang::Es,
        answered_on: d(on),
        created_at: Utc::now(),
    };
    crate::insert!(&app.db, r);
}
