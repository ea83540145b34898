//! C2 on small hand-made plans; every minute and date worked out by hand in the comments.
use super::c2::{C2, C2Status, PlanFacts, PlannedService, Setting618, decide};
use super::*;
use crate::entities::ifsp_service::{Period as Per, Setting};
use crate::timeline::Phase;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Born 2019-03-10: 14 whole months on 2020-05-31.
fn child() -> CaseFacts {
    CaseFacts {
        date_of_birth: d("2019-03-10"),
        phase: Phase::Active,
        initial_ifsp_on: Some(d("2020-01-10")),
        ..Default::default()
    }
}

fn svc(location: Setting, frequency: i32, period: Per, minutes: i32) -> PlannedService {
    PlannedService {
        location,
        frequency,
        period,
        minutes,
        start_date: d("2020-01-10"),
        end_date: None,
        consented: true,
    }
}

fn plan(id: i32, met: &str, services: Vec<PlannedService>) -> PlanFacts {
    PlanFacts {
        id,
        meeting_date: d(met),
        services,
    }
}

const ON: &str = "2020-05-31";

#[test]
fn c2_the_setting_with_the_most_planned_minutes_a_month() {
    // Home 60 min weekly = 60 * 52 / 12 = 260 a month; clinic 60 min 4 a month = 240.
    let p = [plan(
        1,
        "2020-01-10",
        vec![
            svc(Setting::Home, 1, Per::Week, 60),
            svc(Setting::Clinic, 4, Per::Month, 60),
        ],
    )];
    let x = decide(&child(), &p, d(ON)).unwrap();
    assert_eq!(x.status, C2Status::Served(Setting618::Home));
    assert_eq!(x.minutes, [260, 0, 240]);
    assert_eq!(
        x.reason,
        "Home 260, community 0, other 240 planned minutes a month; plan met on 2020-01-10"
    );
    assert_eq!(x.age_months, 14);
    // Home 130 and community 195 (45 min weekly): community, in the numerator.
    let p = [plan(
        1,
        "2020-01-10",
        vec![
            svc(Setting::Home, 1, Per::Week, 30),
            svc(Setting::Community, 1, Per::Week, 45),
        ],
    )];
    let x = decide(&child(), &p, d(ON)).unwrap();
    assert_eq!(x.status, C2Status::Served(Setting618::Community));
    assert!(x.status.in_numerator());
}

#[test]
fn c2_home_and_community_together_against_other_settings_a_tie_counts_as_other() {
    // Home 130 + community 130 = 260 against an EI center 60 min weekly = 260: a tie.
    let tie = [plan(
        1,
        "2020-01-10",
        vec![
            svc(Setting::Home, 1, Per::Week, 30),
            svc(Setting::Community, 1, Per::Week, 30),
            svc(Setting::Center, 1, Per::Week, 60),
        ],
    )];
    let x = decide(&child(), &tie, d(ON)).unwrap();
    assert_eq!(x.status, C2Status::Served(Setting618::Other));
    assert!(x.reason.contains("(a tie counts as other)"), "{}", x.reason);
    // Home 130 + community 130 = 260 against a clinic 200 (50 min 4 a month): natural,
    // though the clinic alone has more than either; home wins the home-community tie.
    let natural = [plan(
        1,
        "2020-01-10",
        vec![
            svc(Setting::Home, 1, Per::Week, 30),
            svc(Setting::Community, 1, Per::Week, 30),
            svc(Setting::Clinic, 4, Per::Month, 50),
        ],
    )];
    let x = decide(&child(), &natural, d(ON)).unwrap();
    assert_eq!(x.status, C2Status::Served(Setting618::Home));
}

#[test]
fn c2_counts_the_plan_in_force_on_the_count_date_and_only_current_consented_services() {
    // The initial plan (clinic) met 2020-01-10; a review (home) met 2020-06-01.
    let plans = [
        plan(
            1,
            "2020-01-10",
            vec![svc(Setting::Clinic, 1, Per::Week, 60)],
        ),
        plan(2, "2020-06-01", vec![svc(Setting::Home, 1, Per::Week, 60)]),
    ];
    let before = decide(&child(), &plans, d("2020-05-31")).unwrap();
    assert_eq!(
        (before.status, before.plan_met),
        (C2Status::Served(Setting618::Other), d("2020-01-10"))
    );
    let after = decide(&child(), &plans, d("2020-06-01")).unwrap();
    assert_eq!(after.status, C2Status::Served(Setting618::Home));
    // No plan met by the count date: no active IFSP.
    assert_eq!(decide(&child(), &plans, d("2020-01-09")), None);
    // A declined service, one ended the day before and one starting the day after.
    let mut declined = svc(Setting::Home, 1, Per::Week, 60);
    declined.consented = false;
    let mut ended = svc(Setting::Home, 1, Per::Week, 60);
    ended.end_date = Some(d("2020-05-30"));
    let mut later = svc(Setting::Home, 1, Per::Week, 60);
    later.start_date = d("2020-06-01");
    let p = [plan(1, "2020-01-10", vec![declined, ended, later])];
    let x = decide(&child(), &p, d(ON)).unwrap();
    assert_eq!(
        (x.status, x.minutes),
        (C2Status::NoCurrentService, [0, 0, 0])
    );
    assert!(!x.status.in_denominator() && x.status.in_child_count());
    // Ending on the count date is still current.
    let mut last_day = svc(Setting::Clinic, 1, Per::Week, 60);
    last_day.end_date = Some(d(ON));
    let x = decide(&child(), &[plan(1, "2020-01-10", vec![last_day])], d(ON)).unwrap();
    assert_eq!(x.status, C2Status::Served(Setting618::Other));
}

#[test]
fn c2_an_exit_before_the_count_date_leaves_the_child_out_an_exit_that_day_does_not() {
    let p = [plan(
        1,
        "2020-01-10",
        vec![svc(Setting::Home, 1, Per::Week, 60)],
    )];
    let mut f = child();
    f.exit_date = Some(d("2020-05-30"));
    assert_eq!(decide(&f, &p, d(ON)), None);
    f.exit_date = Some(d(ON));
    assert!(decide(&f, &p, d(ON)).is_some());
    // Three on 2020-05-31 (born 2017-05-31) with no exit: listed, in no count.
    f.exit_date = None;
    f.date_of_birth = d("2017-05-31");
    let x = decide(&f, &p, d(ON)).unwrap();
    assert_eq!(x.status, C2Status::Excluded);
    assert!(!x.status.in_child_count());
}

#[test]
fn c2_percent_is_home_or_community_over_every_child_served() {
    let mut fig = C2::new(d(ON));
    let home = [plan(
        1,
        "2020-01-10",
        vec![svc(Setting::Home, 1, Per::Week, 60)],
    )];
    let clinic = [plan(
        1,
        "2020-01-10",
        vec![svc(Setting::Clinic, 1, Per::Week, 60)],
    )];
    let none = [plan(1, "2020-01-10", vec![])];
    for p in [&home, &home, &clinic, &none] {
        fig.push((), decide(&child(), p, d(ON)).unwrap());
    }
    // 2 of 3 served (the child with no current service is not in C2): 66.7.
    assert_eq!(
        (fig.numerator(), fig.denominator(), fig.percent().as_str()),
        (2, 3, "66.7")
    );
    assert_eq!((fig.served, fig.no_current_service), ([2, 0, 1], 1));
}
