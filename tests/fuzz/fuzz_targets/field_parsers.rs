//! The form field parsers over any input: dates, times, visit lengths, one-line and
//! multi-line text with a limit, and the whole visit-note form (times, mileage, dates and
//! every text field together). None may panic; what one accepts must be what may be stored.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{Datelike, NaiveDate, NaiveTime};
use hearth::views::{
    fields::{paragraph, parse_date, required, text},
    form::Errors,
};
use hearth::visits::{
    log_form::LogForm,
    schedule::{parse_minutes, parse_time},
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    value: String,
    other: String,
    max: u8,
    sign: bool,
}

fuzz_target!(|input: Input| {
    let Input {
        value,
        other,
        max,
        sign,
    } = input;
    let v = value.as_str();

    let mut e = Errors::default();
    match parse_date(&mut e, "d", v, "date") {
        Some(d) => {
            assert!(e.is_empty());
            assert!((1900..=2200).contains(&d.year()), "{d}");
            let shown = d.format("%Y-%m-%d").to_string();
            assert_eq!(
                parse_date(&mut Errors::default(), "d", &shown, "date"),
                Some(d)
            );
        }
        None => assert!(e.get("d").is_some()),
    }

    let mut e = Errors::default();
    match parse_time(&mut e, "t", v) {
        Some(t) => assert_eq!(
            NaiveTime::parse_from_str(&t.format("%H:%M").to_string(), "%H:%M"),
            Ok(t)
        ),
        None => assert!(e.get("t").is_some()),
    }

    let mut e = Errors::default();
    let m = parse_minutes(&mut e, "m", v);
    assert!(e.is_empty() == (5..=480).contains(&m), "{m} {e:?}");

    let max = usize::from(max);
    for multi in [false, true] {
        let mut e = Errors::default();
        let got = if multi {
            paragraph(&mut e, "p", v, max)
        } else {
            text(&mut e, "p", v, max)
        };
        assert_eq!(got, v.trim());
        if e.is_empty() {
            assert!(got.chars().count() <= max);
            assert!(multi || !got.contains(['\n', '\r', '\t']));
            assert!(!got.contains('\0'));
        }
    }
    let mut e = Errors::default();
    required(&mut e, "r", v, "Enter it.", max);
    if v.trim().is_empty() {
        assert_eq!(e.get("r"), Some("Enter it."));
    }

    // The visit note: every field from the input, parsed against a fixed clock.
    let now = NaiveDate::from_ymd_opt(2026, 11, 30)
        .and_then(|d| d.and_hms_opt(17, 0, 0))
        .unwrap();
    let mut parts = other.split('|').map(str::to_owned);
    let mut next = || parts.next().unwrap_or_default();
    let form = LogForm {
        date: next(),
        start: next(),
        end: next(),
        method: next(),
        location: next(),
        participants: next(),
        outcomes: vec![next(), next()],
        routine: next(),
        joint_plan: next(),
        next_visit_on: next(),
        mileage: next(),
        tried: v.to_owned(),
        abc1_a: next(),
        intent: if sign { "sign".into() } else { "save".into() },
        ..LogForm::default()
    };
    if let Ok(note) = form.parse(now, &[1, 2, 3]) {
        assert!(note.ends_at > note.starts_at);
        assert!(note.starts_at.date() <= now.date());
        assert!(
            (0..=9999).contains(&note.mileage_tenths),
            "{}",
            note.mileage_tenths
        );
        assert!(note.outcomes.iter().all(|o| [1, 2, 3].contains(o)));
        assert!(note.tried.chars().count() <= 4000);
        if sign {
            assert!(note.ends_at <= now);
        }
    }
});
