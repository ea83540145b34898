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

/// Adds `cookie` to a response. The cookies Hearth builds hold only header-safe characters
/// (hex, base64url, JWTs); if one ever did not, it is logged rather than dropped silently.
pub fn append(res: &mut axum::response::Response, cookie: Cookie<'static>) {
    match cookie.encoded().to_string().parse() {
        Ok(v) => {
            res.headers_mut().append(axum::http::header::SET_COOKIE, v);
        }
        Err(e) => {
            tracing::error!(error = %e, name = cookie.name(), "cookie is not a valid header value")
        }
    }
}

/// A cookie that tells the browser to forget `base`.
pub fn removal(config: &Config, base: &str) -> Cookie<'static> {
    build(config, base, String::new(), Some(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base: &str) -> Config {
        let dir = std::env::temp_dir().join(format!("hearth-cookie-{}", uuid::Uuid::new_v4()));
        let vars = [
            ("HEARTH_BASE_URL", base),
            ("HEARTH_DATA_DIR", dir.to_str().unwrap()),
            ("HEARTH_SECRET_KEY", "0123456789abcdef0123456789abcdef"),
        ];
        Config::from_lookup(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
        .unwrap()
    }

    #[test]
    fn https_cookies_are_secure_and_host_prefixed() {
        let c = build(&config("https://ei.example.org"), SESSION, "v".into(), None)
            .encoded()
            .to_string();
        assert!(c.starts_with("__Host-hearth_session=v"), "{c}");
        for attr in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(c.contains(attr), "{attr} in {c}");
        }
        assert!(!c.contains("Domain"), "__Host- cookies carry no Domain");
        let plain = build(&config("http://127.0.0.1:3000"), SESSION, "v".into(), None)
            .encoded()
            .to_string();
        assert!(
            plain.starts_with("hearth_session=v") && !plain.contains("Secure"),
            "{plain}"
        );
    }
}
