use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn weekly_recurrence_spreads_sessions_over_each_week() {
    let once = recurrence(d("2026-11-23"), 1, Period::Week, d("2026-12-20"));
    assert_eq!(
        once,
        vec![
            d("2026-11-23"),
            d("2026-11-30"),
            d("2026-12-07"),
            d("2026-12-14")
        ]
    );
    let twice = recurrence(d("2026-11-23"), 2, Period::Week, d("2026-12-02"));
    assert_eq!(
        twice,
        vec![d("2026-11-23"), d("2026-11-26"), d("2026-11-30")]
    );
    // The last day is included.
    assert_eq!(
        recurrence(d("2026-11-23"), 1, Period::Week, d("2026-11-23")).len(),
        1
    );
}

#[test]
fn monthly_recurrence_keeps_the_weekday_when_it_can() {
    let monthly = recurrence(d("2026-11-23"), 1, Period::Month, d("2027-02-28"));
    assert_eq!(
        monthly,
        vec![
            d("2026-11-23"),
            d("2026-12-21"),
            d("2027-01-18"),
            d("2027-02-15")
        ]
    );
    let twice = recurrence(d("2026-11-23"), 2, Period::Month, d("2026-12-31"));
    assert_eq!(
        twice,
        vec![d("2026-11-23"), d("2026-12-07"), d("2026-12-21")]
    );
    assert!(recurrence(d("2026-11-23"), 1, Period::Month, d("2026-11-22")).is_empty());
}

#[test]
fn coaching_round_trips_and_counts_practices_used() {
    let c = Coaching(vec![
        (
            "observation".into(),
            Practice {
                done: Some(true),
                note: "at lunch".into(),
            },
        ),
        (
            "feedback".into(),
            Practice {
                done: Some(false),
                note: String::new(),
            },
        ),
    ]);
    let back = Coaching::parse(&serde_json::to_string(&c).unwrap());
    assert_eq!(back, c);
    assert_eq!(back.used(), 1);
    assert_eq!(back.get("observation").note, "at lunch");
    assert_eq!(back.get("reflection"), Practice::default());
    assert_eq!(Coaching::parse("not json"), Coaching::default());
}
