//! One-time messages shown after a redirect ("Password changed."). Carried in a signed
//! cookie that the next page reads and clears.
use crate::{
    auth::cookies,
    state::{AppState, sign, verify},
};
use axum::{
    extract::{Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::CookieJar;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Success,
    Info,
    Error,
}

#[derive(Debug, Clone)]
pub struct Flash {
    pub kind: Kind,
    pub message: String,
}

impl Kind {
    fn code(self) -> char {
        match self {
            Kind::Success => 's',
            Kind::Info => 'i',
            Kind::Error => 'e',
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            Kind::Success => "flash flash-success",
            Kind::Info => "flash flash-info",
            Kind::Error => "flash flash-error",
        }
    }
}

/// Redirects (303) to `to`, showing `message` on the page that follows.
pub fn redirect(state: &AppState, to: &str, kind: Kind, message: &str) -> Response {
    let payload = format!("{}{}", kind.code(), URL_SAFE_NO_PAD.encode(message));
    let value = format!("{payload}.{}", sign(&state.keys.flash, &payload));
    let mut res = Redirect::to(to).into_response();
    cookies::append(
        &mut res,
        cookies::build(&state.config, cookies::FLASH, value, None),
    );
    res
}

fn decode(state: &AppState, value: &str) -> Option<Flash> {
    let (payload, sig) = value.rsplit_once('.')?;
    if !verify(&state.keys.flash, payload, sig) {
        return None;
    }
    let mut chars = payload.chars();
    let kind = match chars.next()? {
        's' => Kind::Success,
        'i' => Kind::Info,
        'e' => Kind::Error,
        _ => return None,
    };
    let message = String::from_utf8(URL_SAFE_NO_PAD.decode(chars.as_str()).ok()?).ok()?;
    Some(Flash { kind, message })
}

/// Moves a flash cookie into the request's extensions and clears it in the response.
pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let name = cookies::name(&state.config, cookies::FLASH);
    let found = CookieJar::from_headers(req.headers())
        .get(&name)
        .map(|c| c.value().to_owned());
    let Some(raw) = found else {
        return next.run(req).await;
    };
    if let Some(f) = decode(&state, &raw) {
        req.extensions_mut().insert(f);
    }
    let mut res = next.run(req).await;
    // A redirect that sets a new flash keeps it; otherwise the shown one is cleared.
    let sets_new = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|s| s.starts_with(&format!("{name}="))));
    if !sets_new {
        cookies::append(&mut res, cookies::removal(&state.config, cookies::FLASH));
    }
    res
}
