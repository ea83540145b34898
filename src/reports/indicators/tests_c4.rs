//! C4 counted by hand over made-up responses.
use super::c4::{C4, MIN_ANSWERS};
use crate::entities::{
    Lang,
    family_survey::{Agreement, Area, Model, Status},
};
use Agreement::*;
use std::collections::HashSet;

fn answered(family: i32, a: Agreement, b: Agreement, c: Agreement, comment: &str) -> Model {
    Model {
        id: family,
        program_id: 1,
        family_id: family,
        year: 2020,
        status: Status::Answered,
        know_rights: Some(a),
        communicate_needs: Some(b),
        help_develop: Some(c),
        comment: comment.into(),
        language: Lang::En,
        answered_on: "2020-10-01".parse().unwrap(),
        created_at: chrono::Utc::now(),
    }
}

fn declined(family: i32) -> Model {
    Model {
        status: Status::Declined,
        know_rights: None,
        communicate_needs: None,
        help_develop: None,
        ..answered(family, Agree, Agree, Agree, "")
    }
}

#[test]
fn each_area_is_agreeing_families_of_those_who_answered_it() {
    // Ten families with a plan; families 1–6 answered, 7 declined, 99 is not in the
    // population (no plan in the period).
    let population: HashSet<i32> = (1..=10).collect();
    let rows = vec![
        answered(1, StronglyAgree, Agree, StronglyAgree, "Thanks"),
        answered(2, Agree, PreferNot, Agree, ""),
        answered(3, Disagree, Agree, Neutral, " "),
        answered(4, Agree, StronglyDisagree, Agree, ""),
        answered(5, Neutral, Agree, StronglyAgree, "More visits"),
        answered(6, StronglyAgree, PreferNot, Disagree, ""),
        declined(7),
        answered(99, Agree, Agree, Agree, ""),
    ];
    let c4 = C4::count(&population, &rows);
    assert_eq!(
        (
            c4.families,
            c4.responded,
            c4.declined,
            c4.outside,
            c4.with_comment
        ),
        (10, 6, 1, 1, 2)
    );
    assert_eq!(c4.response_rate(), "60.0");
    // Rights: 1, 2, 4, 6 agree of 6 answering = 66.7%.
    let a = c4.area(Area::KnowRights);
    assert_eq!((a.agree, a.answered, a.prefer_not), (4, 6, 0));
    assert_eq!(a.percent(), "66.7");
    // Needs: two preferred not to say; 1, 3, 5 agree of 4 answering — under the threshold,
    // so withheld.
    let b = c4.area(Area::CommunicateNeeds);
    assert_eq!((b.agree, b.answered, b.prefer_not), (3, 4, 2));
    assert_eq!(MIN_ANSWERS, 5);
    assert_eq!((b.agree_shown(), b.percent().as_str()), (None, "—"));
    // Develop: 1, 2, 4, 5 of 6 = 66.7%.
    let c = c4.area(Area::HelpDevelop);
    assert_eq!(
        (c.agree_shown(), c.answered, c.percent().as_str()),
        (Some(4), 6, "66.7")
    );
}

#[test]
fn no_population_or_no_answers_is_a_dash() {
    let c4 = C4::count(&HashSet::new(), &[]);
    assert_eq!(
        (
            c4.response_rate().as_str(),
            c4.area(Area::KnowRights).percent().as_str()
        ),
        ("—", "—")
    );
    // Five answers is enough to show; all five disagreeing is 0.0%.
    let population: HashSet<i32> = (1..=5).collect();
    let rows: Vec<Model> = (1..=5)
        .map(|f| answered(f, Disagree, Disagree, Disagree, ""))
        .collect();
    let c4 = C4::count(&population, &rows);
    assert_eq!(
        (
            c4.response_rate().as_str(),
            c4.area(Area::KnowRights).percent().as_str()
        ),
        ("100.0", "0.0")
    );
}
