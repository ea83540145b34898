//! Cookie names and attributes in one place: `HttpOnly`, `SameSite=Lax`, path `/`, and
//! `Secure` plus the `__Host-` prefix whenever Hearth is served over https.
use crate::config::Config;
use axum_extra::extract::cookie::{Cookie, SameSite};
use time::Duration;

pub const SESSION: &str = "hearth_session";
pub const CSRF: &str = "hearth_csrf";
pub const FLASH: &str = "hearth_flash";

pub fn name(config: &Config, base: &str) -> String {
    if config.https() {
        format!("__Host-{base}")
    } else {
        base.to_owned()
    }
}

pub fn build(
    config: &Config,
    base: &str,
    value: String,
    max_age: Option<Duration>,
) -> Cookie<'static> {
    let mut c = Cookie::build((name(config, base), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.https())
        .build();
    if let Some(age) = max_age {
        c.set_max_age(age);
    }
    c
}

/// A cookie that tells the browser to forget `base`.
pub fn removal(config: &Config, base: &str) -> Cookie<'static> {
    build(config, base, String::new(), Some(Duration::ZERO))
}
