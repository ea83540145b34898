//! The records of the indicators scenario, written whole (every column), with known dates.
use crate::support::*;
use chrono::{NaiveDate, NaiveDateTime, Utc};
use hearth::entities::{
    CommaList, child, consent, delay, family, ifsp, ifsp_service, program, referral, transition,
    visit,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

/// Inserts a whole model as a new row; its id.
#[macro_export]
macro_rules! insert {
    ($db:expr, $model:expr) => {{
        let mut am = $model.into_active_model().reset_all();
        am.id = NotSet;
        am.insert($db).await.expect("insert").id
    }};
}

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub(crate) struct Seed<'a> {
    pub(crate) app: &'a TestApp,
    pub(crate) program: i32,
    pub(crate) staff: i32,
}

impl Seed<'_> {
    pub(crate) async fn child(
        &self,
        first: &str,
        dob: &str,
        referred: &str,
        ifsp_on: Option<&str>,
    ) -> i32 {
        let now = Utc::now();
        let fam = family::Model {
            id: 0,
            program_id: self.program,
            address_line: String::new(),
            city: String::new(),
            county: String::new(),
            postal_code: String::new(),
            created_at: now,
        };
        let fam = insert!(&self.app.db, fam);
        let c = child::Model {
            id: 0,
            program_id: self.program,
            family_id: fam,
            first_name: first.into(),
            last_name: "Report".into(),
            date_of_birth: d(dob),
            gestational_weeks: None,
            sex: None,
            race_ethnicity: None,
            coordinator_id: None,
            status: child::Status::Active,
            exit_category: None,
            exit_date: None,
            initial_ifsp_on: ifsp_on.map(d),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let id = insert!(&self.app.db, c);
        let r = referral::Model {
            id: 0,
            child_id: id,
            received_on: d(referred),
            source: referral::Source::Physician,
            source_name: String::new(),
            concerns: String::new(),
            first_contact_on: Some(d(referred)),
            created_by: self.staff,
            created_at: now,
        };
        insert!(&self.app.db, r);
        id
    }

    /// A signed plan met on `met`, with transition steps if given; returns its id.
    pub(crate) async fn plan(&self, child: i32, kind: ifsp::Kind, met: &str, steps: &str) -> i32 {
        let now = Utc::now();
        let s = String::new;
        let p = ifsp::Model {
            id: 0,
            child_id: child,
            program_id: self.program,
            kind,
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
            transition_steps: steps.into(),
            behavior_patterns: s(),
            behavior_function: s(),
            replacement_skills: s(),
            caregiver_responses: s(),
            supersedes_id: None,
            signed_at: Some(now),
            version: 1,
            created_by: self.staff,
            created_at: now,
            updated_at: now,
        };
        insert!(&self.app.db, p)
    }

    /// Speech therapy consented on `consent`, first delivered (completed, signed) on `visit_on`.
    pub(crate) async fn service(&self, child: i32, plan: i32, consent: &str, visit_on: &str) {
        let sv = ifsp_service::Model {
            id: 0,
            ifsp_id: plan,
            service_type: ifsp_service::ServiceType::SpeechLanguage,
            discipline: None,
            provider_id: None,
            frequency: 1,
            period: ifsp_service::Period::Week,
            mode: ifsp_service::Mode::Individual,
            minutes: 60,
            method: visit::VisitMethod::InPerson,
            location: ifsp_service::Setting::Home,
            justification: String::new(),
            start_date: d(consent),
            end_date: None,
            payer: ifsp_service::Payer::PartC,
            consent_given: Some(true),
            consent_date: Some(d(consent)),
        };
        let service = insert!(&self.app.db, sv);
        let now = Utc::now();
        let s = String::new;
        let v = visit::Model {
            id: 0,
            program_id: self.program,
            child_id: child,
            service_id: service,
            provider_id: self.app.user_id(PROVIDER).await,
            status: visit::Status::Completed,
            starts_at: at(&format!("{visit_on} 10:00")),
            ends_at: at(&format!("{visit_on} 11:00")),
            method: visit::VisitMethod::InPerson,
            location: ifsp_service::Setting::Home,
            participants: s(),
            parent_report: s(),
            outcomes_addressed: s(),
            routine: visit::Routine::Unset,
            tried: s(),
            caregiver_did: s(),
            child_response: s(),
            coaching: s(),
            activities: s(),
            joint_plan: s(),
            joint_plan_family: s(),
            joint_plan_lang: None,
            next_visit_on: None,
            abc_entries: "[]".into(),
            mileage_tenths: 0,
            meeting_link: s(),
            remote_coaching: visit::RemoteCoaching::Unset,
            remote_coaching_note: s(),
            cancelled_by: None,
            cancel_reason: s(),
            makeup_due: None,
            makeup_of_id: None,
            logged_at: Some(now),
            signed_at: Some(now),
            signed_name: Some("Sam".into()),
            signed_credential: None,
            reviewed_at: None,
            reviewed_by: None,
            review_comment: s(),
            fidelity: None,
            version: 1,
            created_by: self.staff,
            created_at: now,
            updated_at: now,
        };
        insert!(&self.app.db, v);
    }

    async fn transition(
        &self,
        child: i32,
        notified: Option<&str>,
        held: Option<&str>,
        declined: bool,
    ) {
        let t = transition::Model {
            id: 0,
            child_id: child,
            potentially_eligible: Some(true),
            eligibility_reason: String::new(),
            opt_out_informed_on: None,
            notified_on: notified.map(d),
            conference_on: held.map(d),
            participants: "[]".into(),
            family_approved_on: None,
            family_declined_conference: declined,
            conference_held_on: held.map(d),
            conference_notes: String::new(),
            version: 1,
            updated_at: Utc::now(),
        };
        insert!(&self.app.db, t);
    }
}

async fn riverbend(app: &TestApp) -> Seed<'_> {
    let program = program::Entity::find()
        .filter(program::Column::Slug.eq("riverbend"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    Seed {
        app,
        program,
        staff: app.user_id(COORDINATOR).await,
    }
}

/// `n` more children like Ava: referred 2020-09-01, met on time on 2020-10-10 (C7 only).
pub(crate) async fn more_on_time(app: &TestApp, n: usize) {
    let s = riverbend(app).await;
    for i in 0..n {
        let name = format!("More{i}");
        s.child(&name, "2019-09-01", "2020-09-01", Some("2020-10-10"))
            .await;
    }
}

/// Six children in Riverbend; the expected figures are worked out in `expected`.
pub(crate) async fn scenario(app: &TestApp) {
    let s = riverbend(app).await;
    // C7: referred 2020-09-01, the initial IFSP due 2020-10-16.
    // Ava on time (2020-10-10); her speech, consented that day, due 2020-11-09, began 2020-10-20.
    let ava = s
        .child("Ava", "2019-09-01", "2020-09-01", Some("2020-10-10"))
        .await;
    let plan = s.plan(ava, ifsp::Kind::Initial, "2020-10-10", "").await;
    s.service(ava, plan, "2020-10-10", "2020-10-20").await;
    // Ben late (2020-10-25) for documented family circumstances.
    let ben = s
        .child("Ben", "2019-09-01", "2020-09-01", Some("2020-10-25"))
        .await;
    let now = Utc::now();
    let delay = delay::Model {
        id: 0,
        child_id: ben,
        clock: delay::Clock::InitialIfsp,
        reason: delay::DelayReason::ExceptionalFamilyCircumstances,
        documented_on: d("2020-10-12"),
        note: "Hospital stay".into(),
        recorded_by: s.staff,
        created_at: now,
    };
    insert!(&app.db, delay);
    // Cal late with no reason; his speech, consented 2020-10-25 (due 2020-11-24), began
    // 2020-12-01: 7 days late.
    let cal = s
        .child("Cal", "2019-09-01", "2020-09-01", Some("2020-10-25"))
        .await;
    let plan = s.plan(cal, ifsp::Kind::Initial, "2020-10-25", "").await;
    s.service(cal, plan, "2020-10-25", "2020-12-01").await;

    // C8: Dee, born 2018-03-15 (B3 2021-03-15; window 2020-06-15 to 2020-12-15), exited
    // at three. Steps 2020-11-01, notified on day 90 (2020-12-15), conference 2020-12-20.
    let dee = s
        .child("Dee", "2018-03-15", "2018-09-01", Some("2018-10-01"))
        .await;
    s.plan(
        dee,
        ifsp::Kind::Review,
        "2020-11-01",
        "- Visit the preschool",
    )
    .await;
    s.transition(dee, Some("2020-12-15"), Some("2020-12-20"), false)
        .await;
    app.exec(&format!(
        "UPDATE children SET status = 'exited', exit_date = '2021-03-14' WHERE id = {dee}"
    ))
    .await;
    // Eli, born 2018-05-01 (B3 2021-05-01; deadline 2021-01-31): steps 2020-12-01; the
    // family opted out of the notice (2020-11-01) and did not approve a conference.
    let eli = s
        .child("Eli", "2018-05-01", "2018-09-01", Some("2018-10-01"))
        .await;
    s.plan(
        eli,
        ifsp::Kind::Review,
        "2020-12-01",
        "- Visit the preschool",
    )
    .await;
    s.transition(eli, None, None, true).await;
    let opt_out = consent::Model {
        id: 0,
        child_id: eli,
        kind: consent::Kind::LeaOptOut,
        agency_id: None,
        agency_name: String::new(),
        purpose: String::new(),
        given: true,
        decided_on: d("2020-11-01"),
        decided_by: "Parent".into(),
        expires_on: None,
        revoked_on: None,
        recorded_by: s.staff,
        records: CommaList(Vec::new()),
        created_at: now,
    };
    insert!(&app.db, opt_out);
    // Fay, B3 2021-04-01, exited 2020-05-01, before the period: in no count.
    let fay = s
        .child("Fay", "2018-04-01", "2018-09-01", Some("2018-10-01"))
        .await;
    s.plan(
        fay,
        ifsp::Kind::Review,
        "2020-03-01",
        "- Visit the preschool",
    )
    .await;
    app.exec(&format!(
        "UPDATE children SET status = 'exited', exit_date = '2020-05-01' WHERE id = {fay}"
    ))
    .await;
    super::seed_outcomes::outcomes(&s).await;
}
