//! The sums across programs, on hand-made parts: the answers are written out by hand.
use super::*;
use crate::entities::family_survey::Area;
use crate::reports::Indicator;

fn answers(agree: usize, answered: usize) -> Part {
    Part::Answers { agree, answered }
}

#[test]
fn timelines_add_numerators_and_denominators_never_average_percents() {
    // 9/10 (90%) and 1/2 (50%): the average of percents would say 70%, the sum says 10/12.
    let s = combine(
        Measure::Timeline(Indicator::C7),
        [Part::Figure(Some((9, 10))), Part::Figure(Some((1, 2)))],
    );
    assert_eq!(s.how, How::Added);
    assert_eq!(s.figure, Some((10, 12)));
    assert_eq!(s.percent(), "83.3");
}

#[test]
fn a_program_with_no_children_in_a_measure_adds_nothing() {
    let s = combine(
        Measure::C2,
        [Part::Figure(Some((4, 5))), Part::Figure(Some((0, 0)))],
    );
    assert_eq!((s.how, s.figure), (How::Added, Some((4, 5))));
}

#[test]
fn c4_is_withheld_when_one_program_with_answers_withholds_its_area() {
    // 20 answers in one program, 3 in the other (fewer than five, withheld there): shown,
    // the sum minus the first program would tell the second's three families' answers.
    let s = combine(
        Measure::C4(Area::KnowRights),
        [answers(18, 20), answers(2, 3)],
    );
    assert_eq!(s.how, How::Withheld);
    assert_eq!(s.figure, None);
    assert_eq!(s.percent(), "—");
}

#[test]
fn c4_adds_when_every_program_with_answers_shows_its_figure() {
    // A program with no answers at all withholds nothing.
    let s = combine(
        Measure::C4(Area::HelpDevelop),
        [answers(4, 5), answers(0, 0), answers(6, 7)],
    );
    assert_eq!((s.how, s.figure), (How::Added, Some((10, 12))));
}

#[test]
fn c4_sum_of_fewer_than_five_answers_is_withheld() {
    let s = combine(
        Measure::C4(Area::CommunicateNeeds),
        [answers(0, 0), answers(0, 0)],
    );
    assert_eq!((s.how, s.figure), (How::Withheld, None));
}

#[test]
fn child_find_is_summed_only_when_every_program_has_its_population() {
    // 30 of 10,000 and 12 of 2,000 children under one: 42 of 12,000 = 0.35%.
    let s = combine(
        Measure::C5,
        [
            Part::Figure(Some((30, 10_000))),
            Part::Figure(Some((12, 2_000))),
        ],
    );
    assert_eq!((s.how, s.figure), (How::Added, Some((42, 12_000))));
    assert_eq!(s.percent(), "0.35");
    // One program without its population for the year: no sum at all.
    let s = combine(
        Measure::C6,
        [Part::Figure(Some((90, 30_000))), Part::Figure(None)],
    );
    assert_eq!((s.how, s.figure), (How::NoPopulation, None));
    assert_eq!(s.percent(), "—");
}
