//! C3 on small hand-made cases; every date and count worked out by hand in the comments.
use super::c3::{C3, C3Status, Cos, CosFacts, decide};
use super::*;
use crate::ifsp::cos::Category;
use crate::timeline::Phase;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The calendar year 2020 (a leap year: January to June is 182 days).
fn y2020() -> Period {
    Period {
        from: d("2020-01-01"),
        to: d("2020-12-31"),
    }
}

fn exited(start: &str, exit: &str) -> CaseFacts {
    CaseFacts {
        date_of_birth: d("2018-03-01"),
        phase: Phase::Closed,
        exit_date: Some(d(exit)),
        initial_ifsp_on: Some(d(start)),
        ..Default::default()
    }
}

fn cos(on: &str, ratings: [u8; 3], skills: [Option<bool>; 3]) -> Cos {
    Cos {
        rated_on: d(on),
        ratings,
        new_skills: skills,
    }
}

fn rated(entry: [u8; 3], exit: [u8; 3], skills: [Option<bool>; 3]) -> CosFacts {
    CosFacts {
        entry: Some(cos("2019-06-01", entry, [None; 3])),
        exit: Some(cos("2020-09-01", exit, skills)),
    }
}

const YES: [Option<bool>; 3] = [Some(true); 3];

#[test]
fn c3_counts_a_child_served_182_days_six_months_not_one_served_181() {
    let r = rated([3, 3, 3], [4, 4, 4], YES);
    // Started 2020-01-01; six months on 2020-07-01. Exit 2020-06-30 is 181 days.
    let short = decide(&exited("2020-01-01", "2020-06-30"), &r, &y2020()).unwrap();
    assert_eq!(short.status, C3Status::Excluded);
    assert_eq!(
        short.reason,
        "Served from 2020-01-01 (initial IFSP) to the exit on 2020-06-30, 181 days: fewer than six months (six months on 2020-07-01)"
    );
    // Exit 2020-07-01: 182 days, exactly six months.
    let six = decide(&exited("2020-01-01", "2020-07-01"), &r, &y2020()).unwrap();
    assert_eq!(six.status, C3Status::Counted);
    assert!(six.reason.contains("182 days"), "{}", six.reason);
    assert_eq!(
        six.outcomes,
        [Ok(Category::C), Ok(Category::C), Ok(Category::C)]
    );
    // Started on a 31st: six months are the last day of the sixth month (2020-02-29).
    let leap = decide(&exited("2019-08-31", "2020-02-29"), &r, &y2020()).unwrap();
    assert_eq!(leap.status, C3Status::Counted);
    let leap = decide(&exited("2019-08-31", "2020-02-28"), &r, &y2020()).unwrap();
    assert_eq!(leap.status, C3Status::Excluded);
}

#[test]
fn c3_categories_entry_6_or_7_a_lower_exit_and_no_new_skills() {
    // A: 7 -> 5 with new skills: b (not above entry, below 6). B: 6 -> 6: e.
    // C: 3 -> 3 with no new skills: a.
    let r = rated([7, 6, 3], [5, 6, 3], [Some(true), Some(true), Some(false)]);
    let x = decide(&exited("2019-06-01", "2020-09-01"), &r, &y2020()).unwrap();
    assert_eq!(
        x.outcomes,
        [Ok(Category::B), Ok(Category::E), Ok(Category::A)]
    );
    // 7 -> 5 with no new skills: a. 6 -> 7 with new skills: e. 5 -> 6: d.
    let r = rated([7, 6, 5], [5, 7, 6], [Some(false), Some(true), Some(true)]);
    let x = decide(&exited("2019-06-01", "2020-09-01"), &r, &y2020()).unwrap();
    assert_eq!(
        x.outcomes,
        [Ok(Category::A), Ok(Category::E), Ok(Category::D)]
    );
    assert_eq!(super::c3::describe(&x, 2), "C: 5 → 6 (d)");
}

#[test]
fn c3_children_lacking_a_rating_are_listed_as_missing_data() {
    let f = exited("2019-06-01", "2020-09-01");
    let no_exit = CosFacts {
        entry: Some(cos("2019-06-01", [3, 3, 3], [None; 3])),
        exit: None,
    };
    let x = decide(&f, &no_exit, &y2020()).unwrap();
    assert_eq!(x.status, C3Status::MissingData);
    assert_eq!(x.outcomes[1], Err("no exit rating".to_owned()));
    let x = decide(&f, &CosFacts::default(), &y2020()).unwrap();
    assert_eq!(
        (x.status, x.outcomes[0].clone()),
        (C3Status::MissingData, Err("no entry rating".to_owned()))
    );
    // No new-skills answer at exit 4: that outcome is missing, the others count.
    let r = rated([3, 3, 3], [4, 6, 4], [Some(true), None, None]);
    let x = decide(&f, &r, &y2020()).unwrap();
    assert_eq!(x.status, C3Status::MissingData);
    assert_eq!(
        x.outcomes,
        [
            Ok(Category::C),
            Ok(Category::D),
            Err("the new-skills answer is missing".to_owned())
        ]
    );
    let mut fig = C3::default();
    fig.push((), x);
    assert_eq!(fig.outcomes[2].missing, 1);
    assert_eq!(fig.outcomes[0].counts, [0, 0, 1, 0, 0]);
}

#[test]
fn c3_summary_statements_leave_e_out_of_ss1() {
    // Outcome A categories a, c, d, d, e: SS1 = (1+2)/(1+0+1+2) = 75.0;
    // SS2 = (2+1)/5 = 60.0 (with e in SS1 it would read 80.0).
    let f = exited("2019-06-01", "2020-09-01");
    let mut fig = C3::default();
    for (en, ex, s) in [
        (3, 3, false),
        (3, 4, true),
        (4, 6, true),
        (2, 7, true),
        (6, 7, true),
    ] {
        let r = rated([en, 3, 3], [ex, 3, 3], [Some(s), Some(true), Some(true)]);
        fig.push((), decide(&f, &r, &y2020()).unwrap());
    }
    // Served 181 days: listed, in none of the counts.
    fig.push(
        (),
        decide(
            &exited("2020-01-01", "2020-06-30"),
            &rated([3, 3, 3], [7, 7, 7], YES),
            &y2020(),
        )
        .unwrap(),
    );
    let a = fig.outcomes[0];
    assert_eq!(a.counts, [1, 0, 1, 2, 1]);
    assert_eq!((a.ss1(), a.ss1_percent().as_str()), ((3, 4), "75.0"));
    assert_eq!((a.ss2(), a.ss2_percent().as_str()), ((3, 5), "60.0"));
    // Outcome B: 3 -> 3 with new skills, five times: b; SS1 0 of 5, SS2 0 of 5.
    assert_eq!(fig.outcomes[1].counts, [0, 5, 0, 0, 0]);
    assert_eq!(fig.outcomes[1].ss1_percent(), "0.0");
    assert_eq!((fig.excluded, fig.rows.len()), (1, 6));
    assert_eq!(C3::<()>::default().outcomes[0].ss1_percent(), "—");
}

#[test]
fn c3_leaves_out_children_not_exited_in_the_period_or_never_served() {
    let r = rated([3, 3, 3], [4, 4, 4], YES);
    // Exited 2019-12-31, before the period.
    assert_eq!(
        decide(&exited("2019-01-01", "2019-12-31"), &r, &y2020()),
        None
    );
    // Still served.
    let mut open = exited("2019-01-01", "2020-09-01");
    open.exit_date = None;
    assert_eq!(decide(&open, &r, &y2020()), None);
    // Exited without an initial IFSP.
    let mut never = exited("2019-01-01", "2020-09-01");
    never.initial_ifsp_on = None;
    assert_eq!(decide(&never, &r, &y2020()), None);
}
