//! The configuration read from hand-written environments.
use super::*;
use std::collections::HashMap;

fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

#[test]
fn production_names_the_missing_variable() {
    let dir = std::env::temp_dir().join(format!("hearth-cfg-{}", uuid::Uuid::new_v4()));
    let d = dir.to_str().unwrap();
    let err = Config::from_lookup(lookup(&[
        ("HEARTH_ENV", "production"),
        ("HEARTH_DATA_DIR", d),
        ("DATABASE_URL", "postgres://x/y"),
        ("HEARTH_BASE_URL", "https://ei.example.org"),
    ]))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "HEARTH_SECRET_KEY must be set when HEARTH_ENV=production"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn development_generates_and_keeps_a_secret() {
    let dir = std::env::temp_dir().join(format!("hearth-cfg-{}", uuid::Uuid::new_v4()));
    let d = dir.to_str().unwrap();
    let a = Config::from_lookup(lookup(&[("HEARTH_DATA_DIR", d)])).unwrap();
    let b = Config::from_lookup(lookup(&[("HEARTH_DATA_DIR", d)])).unwrap();
    assert_eq!(a.secret_key.expose(), b.secret_key.expose());
    assert!(a.database_url.starts_with("sqlite:///"));
    assert!(!a.https());
    assert_eq!(format!("{:?}", a.secret_key), "Secret(..)");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn without_hearth_env_a_release_build_is_production() {
    let dir = std::env::temp_dir().join(format!("hearth-cfg-{}", uuid::Uuid::new_v4()));
    let d = dir.to_str().unwrap();
    // A release build's default: nothing set is not development, it is refused.
    let err =
        Config::from_lookup_with(lookup(&[("HEARTH_DATA_DIR", d)]), Env::Production).unwrap_err();
    assert_eq!(
        err.to_string(),
        "DATABASE_URL must be set when HEARTH_ENV=production"
    );
    // Development is there when asked for.
    let dev = Config::from_lookup_with(
        lookup(&[("HEARTH_DATA_DIR", d), ("HEARTH_ENV", "development")]),
        Env::Production,
    )
    .unwrap();
    assert_eq!(dev.env, Env::Development);
    // A debug build (cargo run, the tests) keeps development as its default.
    assert_eq!(Env::UNSET, Env::Development);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_audit_key_is_required_in_production_and_kept_apart_in_development() {
    let dir = std::env::temp_dir().join(format!("hearth-cfg-{}", uuid::Uuid::new_v4()));
    let d = dir.to_str().unwrap();
    let secret = "s".repeat(40);
    let err = Config::from_lookup(lookup(&[
        ("HEARTH_ENV", "production"),
        ("HEARTH_DATA_DIR", d),
        ("DATABASE_URL", "postgres://x/y"),
        ("HEARTH_BASE_URL", "https://ei.example.org"),
        ("HEARTH_SECRET_KEY", &secret),
    ]))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "HEARTH_AUDIT_KEY must be set when HEARTH_ENV=production"
    );
    let err = Config::from_lookup(lookup(&[
        ("HEARTH_DATA_DIR", d),
        ("HEARTH_SECRET_KEY", &secret),
        ("HEARTH_AUDIT_KEY", &secret),
    ]))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "HEARTH_AUDIT_KEY is not valid: must differ from HEARTH_SECRET_KEY"
    );
    let a = Config::from_lookup(lookup(&[("HEARTH_DATA_DIR", d)])).unwrap();
    let b = Config::from_lookup(lookup(&[("HEARTH_DATA_DIR", d)])).unwrap();
    assert_eq!(a.audit_key.expose(), b.audit_key.expose());
    assert_ne!(a.audit_key.expose(), a.secret_key.expose());
    assert!(dir.join("audit.key").exists());
    assert_eq!(
        a.audit_anchor,
        dir.canonicalize().unwrap().join("audit.anchor")
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn short_secret_is_refused() {
    let dir = std::env::temp_dir().join(format!("hearth-cfg-{}", uuid::Uuid::new_v4()));
    let err = Config::from_lookup(lookup(&[
        ("HEARTH_DATA_DIR", dir.to_str().unwrap()),
        ("HEARTH_SECRET_KEY", "short"),
    ]))
    .unwrap_err();
    assert!(err.to_string().contains("at least 32"));
    let _ = std::fs::remove_dir_all(dir);
}
