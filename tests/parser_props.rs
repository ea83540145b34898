//! Properties of the shared field parsers, over generated input: a date field accepts
//! exactly the real calendar dates (the leap-year rule written out here, not taken from the
//! code), and never panics on anything; a one-line text field that reports no error holds
//! only what may be stored.
use hearth::views::{
    fields::{paragraph, parse_date, text},
    form::Errors,
};
use proptest::prelude::*;

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, rng_seed: proptest::test_runner::RngSeed::Fixed(18), ..ProptestConfig::default() })]

    #[test]
    fn a_date_is_accepted_exactly_when_the_calendar_has_it(y in 1900i32..=2200, m in 1u32..=12, d in 1u32..=31) {
        let mut e = Errors::default();
        let got = parse_date(&mut e, "d", &format!("{y:04}-{m:02}-{d:02}"), "date");
        prop_assert_eq!(got.is_some(), d <= days_in(y, m));
        prop_assert_eq!(e.is_empty(), got.is_some());
    }

    #[test]
    fn years_outside_the_plausible_range_are_refused(y in prop_oneof![0i32..1900, 2201i32..=99999]) {
        let mut e = Errors::default();
        let field = format!("{y:04}-01-01");
        prop_assert!(parse_date(&mut e, "d", &field, "date").is_none());
        prop_assert!(!e.is_empty());
    }

    #[test]
    fn a_date_field_never_panics_and_an_accepted_date_reads_back(s in "\\PC{0,24}|[0-9+-]{0,14}") {
        let mut e = Errors::default();
        if let Some(d) = parse_date(&mut e, "d", &s, "date") {
            let shown = d.format("%Y-%m-%d").to_string();
            let mut e2 = Errors::default();
            prop_assert_eq!(parse_date(&mut e2, "d", &shown, "date"), Some(d));
        } else {
            prop_assert!(!e.is_empty());
        }
    }

    #[test]
    fn one_line_text_without_errors_is_storable(s in "\\PC{0,60}|[\\x00-\\x1f a-z]{0,20}", max in 1usize..40) {
        let mut e = Errors::default();
        let v = text(&mut e, "t", &s, max);
        if e.is_empty() {
            prop_assert!(v.chars().count() <= max);
            prop_assert!(!v.chars().any(|c| c.is_control()), "{:?}", v);
            prop_assert_eq!(v.as_str(), s.trim());
        }
    }

    #[test]
    fn a_paragraph_keeps_line_breaks_and_refuses_other_controls(lines in proptest::collection::vec("[a-z ]{0,10}", 1..5), bad in "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]") {
        let joined = lines.join("\r\n");
        let mut e = Errors::default();
        paragraph(&mut e, "p", &joined, 10_000);
        prop_assert!(e.is_empty());
        let mut e = Errors::default();
        paragraph(&mut e, "p", &format!("x{bad}y"), 10_000);
        prop_assert!(!e.is_empty());
    }
}
