use super::*;

fn signing() -> LogForm {
    LogForm {
        intent: "sign".into(),
        ..Default::default()
    }
}

#[test]
fn path_data_takes_only_path_characters_and_is_bounded() {
    assert_eq!(
        parse_path(" M10 20 L30.5,40 l-2 3 Z "),
        Ok("M10 20 L30.5,40 l-2 3 Z".to_owned())
    );
    for bad in [
        "M10 20\"/><script>alert(1)</script>",
        "M10 20 A5 5 0 0 1 30 30",
        "L10 20",
        "M",
        "M10 20 L30 40 e",
    ] {
        assert!(parse_path(bad).is_err(), "{bad}");
    }
    let long = format!("M1 1{}", " L2 2".repeat(4000));
    assert_eq!(long.len(), 20_004);
    assert!(parse_path(&long).is_err());
    let fits = format!("M1 1{}", " L2 2".repeat(3999));
    assert!(parse_path(&fits).is_ok());
}

#[test]
fn a_zone_is_an_iana_name() {
    assert_eq!(
        parse_zone("America/Denver"),
        Ok(Some("America/Denver".to_owned()))
    );
    assert_eq!(parse_zone(""), Ok(None));
    assert!(parse_zone("Mars/Olympus").is_err());
    assert!(parse_zone("America/Denver; DROP").is_err());
    assert!(parse_zone(&"A".repeat(65)).is_err());
}

#[test]
fn a_position_is_inside_the_globe_with_an_accuracy() {
    assert_eq!(
        parse_position("39.7392358", "-104.990251", "12.2"),
        Ok(Some(Position {
            lat_e6: 39_739_236,
            lon_e6: -104_990_251,
            accuracy_m: 13
        }))
    );
    assert_eq!(parse_position("", " ", ""), Ok(None));
    for (lat, lon, acc) in [
        ("90.1", "0", "5"),
        ("-91", "0", "5"),
        ("0", "180.5", "5"),
        ("0", "-181", "5"),
        ("0", "0", "-1"),
        ("0", "0", "200000"),
        ("NaN", "0", "5"),
        ("inf", "0", "5"),
        ("10", "", "5"),
        ("ten", "0", "5"),
    ] {
        assert!(parse_position(lat, lon, acc).is_err(), "{lat} {lon} {acc}");
    }
}

#[test]
fn drawn_typed_or_none_and_the_program_may_require_one() {
    let rules = ProgramRules::default();
    assert_eq!(parse(&signing(), &rules, Lang::En).unwrap().caregiver, None);
    let mut f = signing();
    f.caregiver_name = " Ana Ruiz ".into();
    let typed = parse(&f, &rules, Lang::En).unwrap().caregiver.unwrap();
    assert_eq!(
        (typed.name.as_str(), typed.method, typed.path),
        ("Ana Ruiz", ConfirmationMethod::Typed, None)
    );
    f.caregiver_path = "M1 1 L5 5".into();
    let drawn = parse(&f, &rules, Lang::En).unwrap().caregiver.unwrap();
    assert_eq!(drawn.method, ConfirmationMethod::Drawn);
    assert_eq!(drawn.path.as_deref(), Some("M1 1 L5 5"));
    f.caregiver_name = String::new();
    let e = parse(&f, &rules, Lang::En).unwrap_err();
    assert_eq!(
        e.get("caregiver_name"),
        Some("Type your name under your signature.")
    );
    // The caregiver reads it in the family's language.
    let e = parse(&f, &rules, Lang::Es).unwrap_err();
    assert_eq!(
        e.get("caregiver_name"),
        Some("Escriba su nombre debajo de su firma.")
    );
    let strict = ProgramRules {
        require_caregiver_signature: true,
        ..Default::default()
    };
    let e = parse(&signing(), &strict, Lang::En).unwrap_err();
    assert!(
        e.get("caregiver_name")
            .unwrap()
            .starts_with("This program needs")
    );
    // A draft keeps no confirmation and is never refused for lacking one.
    let draft = LogForm {
        intent: "save".into(),
        caregiver_path: "<svg>".into(),
        ..Default::default()
    };
    assert_eq!(
        parse(&draft, &strict, Lang::En).unwrap(),
        Verification::default()
    );
}

#[test]
fn a_location_counts_only_where_the_program_allows_it_and_the_provider_shares_it() {
    let mut f = signing();
    (f.start_lat, f.start_lon, f.start_accuracy) = ("40".into(), "-105".into(), "8".into());
    (f.end_lat, f.end_lon, f.end_accuracy) = ("95".into(), "0".into(), "8".into());
    f.share_location = "yes".into();
    // Not allowed: ignored, even a bad one.
    let v = parse(&f, &ProgramRules::default(), Lang::En).unwrap();
    assert_eq!((v.share_location, v.start, v.end), (false, None, None));
    let allowed = ProgramRules {
        allow_visit_location: true,
        ..Default::default()
    };
    assert!(
        parse(&f, &allowed, Lang::En)
            .unwrap_err()
            .get("share_location")
            .is_some()
    );
    f.end_lat = "40.5".into();
    let v = parse(&f, &allowed, Lang::En).unwrap();
    assert_eq!(v.start.map(|p| p.lat_e6), Some(40_000_000));
    assert_eq!(v.end.map(|p| p.lat_e6), Some(40_500_000));
    // Allowed, but the provider did not share it.
    f.share_location = String::new();
    let v = parse(&f, &allowed, Lang::En).unwrap();
    assert_eq!((v.share_location, v.start), (false, None));
}
