//! Demo children, dated relative to today so the demo caseload always looks current:
//! every status, some on time, some overdue, one late referral, one unassigned.
use crate::{
    children::{
        caregivers::NewCaregiver,
        eligibility::{self, AreaResult},
        intake::{self, NewReferral},
    },
    entities::{
        caregiver::{Contact, Relationship},
        child, delay, evaluation, evaluation_result,
        evaluation_result::DevelopmentalDomain,
        referral,
    },
    i18n::Lang,
    program::rules::ProgramRules,
    timeline::third_birthday,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

struct Kid {
    first: &'static str,
    last: &'static str,
    /// Age in days today.
    age_days: i64,
    weeks: Option<i32>,
    referred_days_ago: i64,
    coordinator: Option<usize>,
    caregiver: (&'static str, Relationship, Lang),
    status: child::Status,
    first_contact_after: Option<i64>,
    ifsp_after: Option<i64>,
    concerns: &'static str,
    evaluation: Eval,
    /// A documented family reason for a late initial IFSP.
    family_delay: bool,
}

/// How far the demo child's evaluation has gone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Eval {
    None,
    /// Results recorded; the team has not yet confirmed the decision.
    Proposed,
    /// Results recorded and the decision confirmed with prior written notice.
    Confirmed,
}

const KIDS: &[Kid] = &[
    Kid {
        first: "Mateo",
        last: "Reyes",
        age_days: 430,
        weeks: None,
        referred_days_ago: 3,
        coordinator: Some(0),
        caregiver: ("Lucía Reyes", Relationship::Mother, Lang::Es),
        status: child::Status::Referred,
        first_contact_after: None,
        ifsp_after: None,
        concerns: "Not yet saying words; pediatrician concerned at 12-month visit.",
        evaluation: Eval::None,
        family_delay: false,
    },
    Kid {
        first: "Ava",
        last: "Thompson",
        age_days: 610,
        weeks: None,
        referred_days_ago: 12,
        coordinator: Some(0),
        caregiver: ("Rachel Thompson", Relationship::Mother, Lang::En),
        status: child::Status::Evaluating,
        first_contact_after: Some(1),
        ifsp_after: None,
        concerns: "Not walking yet; falls often when cruising.",
        evaluation: Eval::None,
        family_delay: false,
    },
    Kid {
        first: "Liam",
        last: "Nguyen",
        age_days: 700,
        weeks: None,
        referred_days_ago: 52,
        coordinator: Some(0),
        caregiver: ("Thanh Nguyen", Relationship::Father, Lang::En),
        status: child::Status::Evaluating,
        first_contact_after: Some(2),
        ifsp_after: None,
        concerns: "Few words, frustrated when not understood.",
        evaluation: Eval::Proposed,
        family_delay: false,
    },
    Kid {
        first: "Sofía",
        last: "Martínez",
        age_days: 520,
        weeks: Some(31),
        referred_days_ago: 200,
        coordinator: Some(0),
        caregiver: ("Ana Martínez", Relationship::Mother, Lang::Es),
        status: child::Status::Active,
        first_contact_after: Some(1),
        ifsp_after: Some(40),
        concerns: "Born at 31 weeks; feeding difficulties and low muscle tone.",
        evaluation: Eval::Confirmed,
        family_delay: false,
    },
    Kid {
        first: "Noah",
        last: "Williams",
        age_days: 800,
        weeks: None,
        referred_days_ago: 240,
        coordinator: Some(1),
        caregiver: ("Keisha Williams", Relationship::Mother, Lang::En),
        status: child::Status::Active,
        first_contact_after: Some(2),
        ifsp_after: Some(38),
        concerns: "Limited eye contact and play; repetitive behaviours.",
        evaluation: Eval::Confirmed,
        family_delay: false,
    },
    Kid {
        first: "Emma",
        last: "Johnson",
        age_days: 1_000,
        weeks: None,
        referred_days_ago: 330,
        coordinator: Some(1),
        caregiver: ("Mark Johnson", Relationship::Father, Lang::En),
        status: child::Status::Active,
        first_contact_after: Some(1),
        ifsp_after: Some(30),
        concerns: "Speech hard to understand; few two-word phrases.",
        evaluation: Eval::Confirmed,
        family_delay: false,
    },
    Kid {
        first: "Elijah",
        last: "Brown",
        age_days: 480,
        weeks: None,
        referred_days_ago: 40,
        coordinator: Some(1),
        caregiver: ("Dana Brown", Relationship::Grandparent, Lang::En),
        status: child::Status::NotEligible,
        first_contact_after: Some(1),
        ifsp_after: None,
        concerns: "Parents worried about late crawling.",
        evaluation: Eval::Confirmed,
        family_delay: false,
    },
    Kid {
        first: "Olivia",
        last: "Davis",
        age_days: 1_110,
        weeks: None,
        referred_days_ago: 700,
        coordinator: Some(1),
        caregiver: ("Sam Davis", Relationship::Mother, Lang::En),
        status: child::Status::Exited,
        first_contact_after: Some(1),
        ifsp_after: Some(35),
        concerns: "Down syndrome; referred from the NICU.",
        evaluation: Eval::Confirmed,
        family_delay: false,
    },
    Kid {
        first: "Isabella",
        last: "García",
        age_days: 1_065,
        weeks: None,
        referred_days_ago: 2,
        coordinator: Some(0),
        caregiver: ("María García", Relationship::Mother, Lang::Es),
        status: child::Status::Referred,
        first_contact_after: None,
        ifsp_after: None,
        concerns: "Preschool teacher noticed she does not follow directions.",
        evaluation: Eval::None,
        family_delay: false,
    },
    Kid {
        first: "Lucas",
        last: "Wilson",
        age_days: 640,
        weeks: None,
        referred_days_ago: 120,
        coordinator: Some(0),
        caregiver: ("Jenny Wilson", Relationship::Mother, Lang::En),
        status: child::Status::Active,
        first_contact_after: Some(1),
        ifsp_after: Some(58),
        concerns: "Delayed motor milestones; not pulling to stand.",
        evaluation: Eval::Confirmed,
        family_delay: true,
    },
    Kid {
        first: "Amelia",
        last: "Clark",
        age_days: 300,
        weeks: Some(34),
        referred_days_ago: 1,
        coordinator: None,
        caregiver: ("Chris Clark", Relationship::Father, Lang::En),
        status: child::Status::Referred,
        first_contact_after: None,
        ifsp_after: None,
        concerns: "Hospital follow-up after premature birth.",
        evaluation: Eval::None,
        family_delay: false,
    },
];

/// `today` is the program's today (in its time zone), which every clock counts from.
pub async fn seed(
    db: &impl ConnectionTrait,
    program_id: i32,
    today: NaiveDate,
    coordinators: &[i32],
    created_by: i32,
) -> Result<(), DbErr> {
    let rules = ProgramRules::default();
    for k in KIDS {
        let dob = today - Duration::days(k.age_days);
        let received = today - Duration::days(k.referred_days_ago);
        let phone = format!("555-01{:02}", k.age_days % 100);
        let r = NewReferral {
            first_name: k.first.into(),
            last_name: k.last.into(),
            date_of_birth: dob,
            gestational_weeks: k.weeks,
            sex: None,
            race_ethnicity: None,
            received_on: received,
            source: if k.weeks.is_some() {
                referral::Source::HospitalNicu
            } else {
                referral::Source::Physician
            },
            source_name: String::new(),
            concerns: k.concerns.into(),
            caregiver: NewCaregiver {
                name: k.caregiver.0.into(),
                relationship: k.caregiver.1,
                email: Some(format!(
                    "{}@family.example",
                    k.last.to_lowercase().replace(['í', 'á'], "i")
                )),
                phone: Some(phone),
                preferred_contact: Contact::Text,
                language: k.caregiver.2,
                interpreter_needed: false,
            },
            address_line: "12 Maple Street".into(),
            city: "Riverbend".into(),
            county: "Riverbend".into(),
            postal_code: "17000".into(),
            coordinator_id: k.coordinator.and_then(|i| coordinators.get(i).copied()),
        };
        let kid = intake::create_case(db, program_id, r, created_by).await?;
        let mut m: child::ActiveModel = kid.clone().into();
        m.status = Set(k.status);
        m.initial_ifsp_on = Set(k.ifsp_after.map(|d| received + Duration::days(d)));
        if k.status == child::Status::Exited {
            m.exit_category = Set(Some(child::ExitCategory::PartBEligible));
            m.exit_date = Set(Some(third_birthday(dob, rules.feb29)));
        }
        m.update(db).await?;
        if let Some(after) = k.first_contact_after {
            let r = referral_of(db, kid.id).await?;
            let mut rm: referral::ActiveModel = r.into();
            rm.first_contact_on = Set(Some(received + Duration::days(after)));
            rm.update(db).await?;
        }
        if k.evaluation != Eval::None {
            let eligible = k.status != child::Status::NotEligible;
            let on = received + Duration::days(20.min(k.referred_days_ago - 1));
            let pct = if eligible { 33.0 } else { 15.0 };
            let confirmed = k.evaluation == Eval::Confirmed;
            evaluate(db, kid.id, on, pct, &rules, confirmed, created_by).await?;
        }
        if k.family_delay {
            delay::ActiveModel {
                child_id: Set(kid.id),
                clock: Set(delay::Clock::InitialIfsp),
                reason: Set(delay::DelayReason::ExceptionalFamilyCircumstances),
                documented_on: Set(received + Duration::days(40)),
                note: Set("Mother hospitalised for two weeks; family asked to postpone the IFSP meeting (call logged).".into()),
                recorded_by: Set(created_by),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

async fn referral_of(db: &impl ConnectionTrait, child_id: i32) -> Result<referral::Model, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    referral::Entity::find()
        .filter(referral::Column::ChildId.eq(child_id))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("referral".into()))
}

async fn evaluate(
    db: &impl ConnectionTrait,
    child_id: i32,
    on: NaiveDate,
    pct: f64,
    rules: &ProgramRules,
    confirmed: bool,
    by: i32,
) -> Result<(), DbErr> {
    let area = AreaResult {
        domain: DevelopmentalDomain::Communication,
        percent_delay: Some(pct),
        sd: None,
    };
    let decision = eligibility::decide(&rules.eligibility, &[area], None, false);
    let ev = evaluation::ActiveModel {
        child_id: Set(child_id),
        evaluated_on: Set(on),
        tools: Set("BDI-3".into()),
        diagnosed_condition: Set(String::new()),
        informed_clinical_opinion: Set(false),
        notes: Set(String::new()),
        proposed_eligible: Set(decision.eligible),
        reasons: Set(decision.reasons.join("\n")),
        confirmed_eligible: Set(confirmed.then_some(decision.eligible)),
        confirmed_on: Set(confirmed.then_some(on)),
        confirmed_by: Set(confirmed.then_some(by)),
        notice_sent_on: Set(confirmed.then_some(on)),
        created_by: Set(by),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    evaluation_result::ActiveModel {
        evaluation_id: Set(ev.id),
        domain: Set(DevelopmentalDomain::Communication),
        developmental_months: Set(None),
        percent_delay: Set(Some(pct)),
        sd: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
