//! One synthetic child and its case: family, referral, evaluation and eligibility, consents,
//! a signed plan with outcomes and services, COS ratings, transition and visits, by stage.
use super::{
    load::{Ids, Rows, next, noon},
    staff::{FIRST, LAST, Team},
};
use crate::{
    children::eligibility::{self, AreaResult},
    entities::{
        caregiver::{self, Contact, Relationship},
        child::{self, ExitCategory, Sex, Status},
        consent, cos_rating, evaluation, evaluation_result,
        evaluation_result::DevelopmentalDomain,
        family, referral, transition,
    },
    i18n::Lang,
    program::rules::ProgramRules,
    timeline::third_birthday,
};
use chrono::{Duration, NaiveDate};
use rand::{Rng, seq::IndexedRandom};

const DOMAINS: [DevelopmentalDomain; 5] = [
    DevelopmentalDomain::Communication,
    DevelopmentalDomain::Physical,
    DevelopmentalDomain::Cognitive,
    DevelopmentalDomain::SocialEmotional,
    DevelopmentalDomain::Adaptive,
];

/// Stage of a child, drawn by weight: most are in services.
fn stage(r: u32) -> Status {
    match r {
        0..6 => Status::Referred,
        6..14 => Status::Evaluating,
        14..20 => Status::NotEligible,
        20..35 => Status::Exited,
        _ => Status::Active,
    }
}

/// Adds child `n` and its case to `rows`.
pub fn case(
    rows: &mut Rows,
    ids: &mut Ids,
    team: &Team,
    rules: &ProgramRules,
    seed: u64,
    n: usize,
    today: NaiveDate,
) {
    let mut rng = super::rng(seed, 2, n);
    let status = stage(rng.random_range(0..100));
    let days =
        |rng: &mut rand::rngs::StdRng, lo: i64, hi: i64| Duration::days(rng.random_range(lo..=hi));
    // Age today, and when the referral came, by stage.
    let (age, referred_ago) = match status {
        Status::Referred => (rng.random_range(20..1_050), rng.random_range(0..=10)),
        Status::Evaluating => (rng.random_range(60..1_050), rng.random_range(5..=44)),
        Status::NotEligible => (rng.random_range(120..1_090), rng.random_range(40..=110)),
        Status::Exited => (rng.random_range(1_100..1_280), rng.random_range(300..=900)),
        Status::Active => {
            let age = rng.random_range(100..1_090);
            (age, rng.random_range(60..=(age - 20).max(61)))
        }
    };
    let dob = today - Duration::days(age);
    let received = (today - Duration::days(referred_ago)).max(dob + Duration::days(3));
    let first = *FIRST.choose(&mut rng).unwrap_or(&"Ava");
    let last = *LAST.choose(&mut rng).unwrap_or(&"Lee");
    let coordinator = (n / 50 < team.coordinators.len()).then(|| team.coordinators[n / 50]);
    let by = coordinator.unwrap_or(team.supervisor);
    let at = noon(received);
    let family_id = next(&mut ids.family);
    rows.families.push(family::Model {
        id: family_id,
        program_id: 1,
        address_line: format!("{} Maple Street", 1 + n % 400),
        city: "Riverbend".into(),
        county: "Riverbend".into(),
        postal_code: format!("17{:03}", n % 1_000),
        created_at: at,
    });
    let spanish = rng.random_ratio(1, 6);
    rows.caregivers.push(caregiver::Model {
        id: next(&mut ids.caregiver),
        family_id,
        name: format!("{} {last}", FIRST.choose(&mut rng).unwrap_or(&"Sam")),
        relationship: *[
            Relationship::Mother,
            Relationship::Mother,
            Relationship::Father,
            Relationship::Grandparent,
        ]
        .choose(&mut rng)
        .unwrap_or(&Relationship::Mother),
        email: Some(format!("family{}@family.example", n + 1)),
        phone: Some(format!("555-{:04}", n % 10_000)),
        preferred_contact: Contact::Text,
        language: if spanish { Lang::Es } else { Lang::En },
        interpreter_needed: spanish && rng.random_ratio(1, 2),
        is_primary: true,
        created_at: at,
    });
    let child_id = next(&mut ids.child);
    let contact = (status != Status::Referred || rng.random_bool(0.5))
        .then(|| (received + days(&mut rng, 1, 3)).min(today));
    rows.referrals.push(referral::Model {
        id: next(&mut ids.referral),
        child_id,
        received_on: received,
        source: *[
            referral::Source::Physician,
            referral::Source::Parent,
            referral::Source::HospitalNicu,
            referral::Source::ChildWelfare,
            referral::Source::Other,
        ]
        .choose(&mut rng)
        .unwrap_or(&referral::Source::Physician),
        source_name: String::new(),
        concerns: "Family and physician concerned about development.".into(),
        first_contact_on: contact,
        created_by: by,
        created_at: at,
    });
    let evaluated = match status {
        Status::Referred => None,
        Status::Evaluating => rng.random_bool(0.5).then_some(false),
        _ => Some(true),
    };
    let eval_on = received
        + days(&mut rng, 10, 25).min(Duration::days(referred_ago.max(1) - 1).max(Duration::zero()));
    if status != Status::Referred {
        consent_row(
            rows,
            ids,
            child_id,
            consent::Kind::Evaluation,
            "Evaluation and assessment",
            received + Duration::days(1).min(today - received),
            by,
        );
    }
    if let Some(confirmed) = evaluated {
        let eligible = status != Status::NotEligible;
        let pct = if eligible {
            f64::from(rng.random_range(26..50_u8))
        } else {
            f64::from(rng.random_range(5..20_u8))
        };
        let domains = rng.random_range(1..=3);
        let areas: Vec<AreaResult> = DOMAINS[..domains]
            .iter()
            .map(|d| AreaResult {
                domain: *d,
                percent_delay: Some(pct),
                sd: None,
            })
            .collect();
        let decision = eligibility::decide(&rules.eligibility, &areas, None, false);
        let id = next(&mut ids.evaluation);
        rows.evaluations.push(evaluation::Model {
            id,
            child_id,
            evaluated_on: eval_on,
            tools: "BDI-3".into(),
            diagnosed_condition: String::new(),
            informed_clinical_opinion: false,
            notes: String::new(),
            proposed_eligible: decision.eligible,
            reasons: decision.reasons.join("\n"),
            confirmed_eligible: confirmed.then_some(decision.eligible),
            confirmed_on: confirmed.then_some(eval_on),
            confirmed_by: confirmed.then_some(by),
            notice_sent_on: confirmed.then_some(eval_on),
            created_by: by,
            created_at: noon(eval_on),
            status: evaluation::Status::Recorded,
            closed_reason: String::new(),
            closed_at: None,
            closed_by: None,
            superseded_by: None,
        });
        for a in areas {
            rows.results.push(evaluation_result::Model {
                id: next(&mut ids.result),
                evaluation_id: id,
                domain: a.domain,
                developmental_months: None,
                percent_delay: a.percent_delay,
                sd: None,
            });
        }
    }
    let served = matches!(status, Status::Active | Status::Exited);
    let meeting = served.then(|| received + days(&mut rng, 25, 44));
    let exit = (status == Status::Exited).then(|| third_birthday(dob, rules.feb29));
    rows.children.push(child::Model {
        race_ethnicity: None,
        id: child_id,
        program_id: 1,
        family_id,
        first_name: first.into(),
        last_name: last.into(),
        date_of_birth: dob,
        gestational_weeks: rng.random_ratio(1, 10).then(|| rng.random_range(26..37)),
        sex: Some(if rng.random_bool(0.5) {
            Sex::Female
        } else {
            Sex::Male
        }),
        coordinator_id: coordinator,
        status,
        exit_category: exit.map(|_| {
            if rng.random_ratio(2, 3) {
                ExitCategory::PartBEligible
            } else {
                ExitCategory::NotPartBEligibleReferred
            }
        }),
        exit_date: exit,
        initial_ifsp_on: meeting,
        version: 1,
        created_at: at,
        updated_at: at,
    });
    let Some(meeting) = meeting else { return };
    consent_row(
        rows,
        ids,
        child_id,
        consent::Kind::Email,
        "Coaching notes after each visit",
        meeting,
        by,
    );
    let plan_id = next(&mut ids.ifsp);
    super::plans::plan(rows, ids, &mut rng, plan_id, child_id, first, meeting, by);
    let services = super::visits::services(rows, ids, &mut rng, team, plan_id, meeting);
    let child = rows.children.last().cloned();
    if let Some(c) = child {
        super::visits::visits(
            rows,
            ids,
            &mut rng,
            &c,
            &services,
            meeting,
            exit.unwrap_or(today),
            today,
        );
    }
    super::plans::cos(
        rows,
        ids,
        &mut rng,
        child_id,
        cos_rating::Phase::Entry,
        meeting,
        by,
    );
    if let Some(exit) = exit {
        super::plans::cos(
            rows,
            ids,
            &mut rng,
            child_id,
            cos_rating::Phase::Exit,
            exit,
            by,
        );
    }
    // Transition planning starts at 27 months.
    if crate::timeline::add_months(dob, 27) <= today {
        let notified = (third_birthday(dob, rules.feb29) - Duration::days(90)).min(today);
        rows.transitions.push(transition::Model {
            id: next(&mut ids.transition),
            child_id,
            potentially_eligible: Some(true),
            eligibility_reason: "Delay in more than one area at last review.".into(),
            opt_out_informed_on: Some(meeting.max(notified - Duration::days(30))),
            notified_on: (notified <= today).then_some(notified),
            conference_on: None,
            participants: String::new(),
            family_approved_on: None,
            family_declined_conference: false,
            conference_held_on: None,
            conference_notes: String::new(),
            version: 1,
            updated_at: noon(notified),
        });
    }
}

fn consent_row(
    rows: &mut Rows,
    ids: &mut Ids,
    child_id: i32,
    kind: consent::Kind,
    purpose: &str,
    on: NaiveDate,
    by: i32,
) {
    rows.consents.push(consent::Model {
        id: next(&mut ids.consent),
        child_id,
        kind,
        agency_id: None,
        agency_name: String::new(),
        purpose: purpose.into(),
        given: true,
        decided_on: on,
        decided_by: "Parent".into(),
        expires_on: None,
        revoked_on: None,
        recorded_by: by,
        records: Default::default(),
        created_at: noon(on),
    });
}
