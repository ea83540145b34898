//! The C3 and C2 children of the indicators scenario (1 July 2020 – 30 June 2021, count date
//! 30 June 2021 unless asked). None of them is in C7, C1 or C8: referrals, consents and
//! third birthdays all fall outside the period.
use super::seed::{Seed, d};
use chrono::Utc;
use hearth::entities::{cos_rating, ifsp, ifsp_service, visit};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, IntoActiveModel};

impl Seed<'_> {
    /// A consented service on `plan`, with no visit (its start was due before the period).
    async fn planned(
        &self,
        plan: i32,
        location: ifsp_service::Setting,
        per_week: bool,
        frequency: i32,
        minutes: i32,
        start: &str,
    ) {
        let sv = ifsp_service::Model {
            id: 0,
            ifsp_id: plan,
            service_type: ifsp_service::ServiceType::SpecialInstruction,
            discipline: None,
            provider_id: None,
            frequency,
            period: if per_week {
                ifsp_service::Period::Week
            } else {
                ifsp_service::Period::Month
            },
            mode: ifsp_service::Mode::Individual,
            minutes,
            method: visit::VisitMethod::InPerson,
            location,
            justification: "Outcome needs the clinic's equipment".into(),
            start_date: d(start),
            end_date: None,
            payer: ifsp_service::Payer::PartC,
            consent_given: Some(true),
            consent_date: Some(d(start)),
        };
        crate::insert!(&self.app.db, sv);
    }

    async fn cos(&self, child: i32, exit: bool, on: &str, r: [i16; 3], skills: [bool; 3]) {
        let m = cos_rating::Model {
            id: 0,
            child_id: child,
            phase: if exit {
                cos_rating::Phase::Exit
            } else {
                cos_rating::Phase::Entry
            },
            rated_on: d(on),
            rating_a: r[0],
            rating_b: r[1],
            rating_c: r[2],
            new_skills_a: exit.then_some(skills[0]),
            new_skills_b: exit.then_some(skills[1]),
            new_skills_c: exit.then_some(skills[2]),
            evidence: String::new(),
            team: "Team".into(),
            created_by: self.staff,
            created_at: Utc::now(),
        };
        crate::insert!(&self.app.db, m);
    }

    async fn exit(&self, child: i32, on: &str) {
        self.app
            .exec(&format!(
                "UPDATE children SET status = 'exited', exit_date = '{on}', \
                 exit_category = 'part_b_eligible' WHERE id = {child}"
            ))
            .await;
    }
}

/// C3 (by hand): Hal A 3->4 c, B 6->6 e, C 5->6 d; Jo A 7->5 "no" a, B 3->3 b, C 2->2 "no"
/// a; Dee (exited 2021-03-14, no ratings) missing in all three; Ivy served 180 days.
/// A: [1,0,1,0,0] SS1 1/2 50.0, SS2 0/2 0.0. B: [0,1,0,0,1] SS1 0/1 0.0, SS2 1/2 50.0.
/// C: [1,0,0,1,0] SS1 1/2 50.0, SS2 1/2 50.0.
/// 618 on 2021-06-30: Ava (21 months, female, Hispanic/Latino) and Cal (21 months, nothing
/// recorded) 1–2, Gus (24 months, male, White) 2–3; exits in the period: Hal, Jo, Ivy Part B
/// eligible, Dee with no category.
/// C2 on 2021-06-30: Ava and Cal at home (speech 60 min weekly, 260 a month); Gus home 130
/// against a clinic 260: other; Eli three on 2021-05-01: excluded. 2 of 3, 66.7.
pub(super) async fn outcomes(s: &Seed<'_>) {
    // Hal: served from 2020-01-10, exited 2021-01-15.
    let hal = s
        .child("Hal", "2018-08-01", "2018-09-01", Some("2020-01-10"))
        .await;
    s.cos(hal, false, "2020-01-10", [3, 6, 5], [false; 3]).await;
    s.cos(hal, true, "2021-01-10", [4, 6, 6], [true; 3]).await;
    s.exit(hal, "2021-01-15").await;
    // Jo: served from 2019-12-01, exited 2021-04-01.
    let jo = s
        .child("Jo", "2018-10-01", "2019-11-01", Some("2019-12-01"))
        .await;
    s.cos(jo, false, "2019-12-01", [7, 3, 2], [false; 3]).await;
    s.cos(jo, true, "2021-03-20", [5, 3, 2], [false, true, false])
        .await;
    s.exit(jo, "2021-04-01").await;
    // Ivy: served from 2020-09-01, exited 2021-02-28; six months would be 2021-03-01.
    let ivy = s
        .child("Ivy", "2018-09-15", "2020-05-01", Some("2020-09-01"))
        .await;
    s.cos(ivy, false, "2020-09-01", [3, 3, 3], [false; 3]).await;
    s.cos(ivy, true, "2021-02-20", [4, 4, 4], [true; 3]).await;
    s.exit(ivy, "2021-02-28").await;
    // Gus: plan met 2020-05-01, home 30 min weekly (130) and a clinic 60 min weekly (260).
    let gus = s
        .child("Gus", "2019-06-01", "2020-03-20", Some("2020-05-01"))
        .await;
    let plan = s.plan(gus, ifsp::Kind::Initial, "2020-05-01", "").await;
    s.planned(plan, ifsp_service::Setting::Home, true, 1, 30, "2020-05-01")
        .await;
    s.planned(
        plan,
        ifsp_service::Setting::Clinic,
        true,
        1,
        60,
        "2020-05-01",
    )
    .await;
    s.app
        .exec(&format!(
            "UPDATE children SET sex = 'male', race_ethnicity = 'white' WHERE id = {gus}"
        ))
        .await;
    s.app
        .exec(
            "UPDATE children SET sex = 'female', race_ethnicity = 'hispanic_latino' \
             WHERE first_name = 'Ava' AND last_name = 'Report'",
        )
        .await;
}
