//! A rate limit on the routes a link opens (the family's page, the agency portal, the
//! calendar feed): they answer people who are not signed in, so one address may make only
//! `HEARTH_LINK_RATE_PER_MINUTE` requests a minute to them (burst included) before a calm 429
//! with `Retry-After`. Tokens cannot be guessed anyway; this keeps a scraper or a stuck client
//! from hammering the database. Counted per process: behind several processes the limit is per
//! process. The address is the client's (`meta::client_ip`, trusted proxies honoured).
use crate::{i18n::Lang, meta::request_client, state::AppState};
use axum::{
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use maud::{DOCTYPE, html};

/// Whether `path` is one a link opens.
pub fn is_link_route(path: &str) -> bool {
    path == "/family"
        || path.starts_with("/family/")
        || path == "/agency"
        || path.starts_with("/agency/")
        || (path.starts_with("/calendar/") && path != "/calendar/revoke")
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_link_route(req.uri().path()) {
        return next.run(req).await;
    }
    let trusted = &state.config.trusted_proxies;
    let Some(ip) = request_client(req.extensions(), req.headers(), trusted) else {
        return next.run(req).await;
    };
    match state.link_limiter.check_key(&ip) {
        Ok(()) => next.run(req).await,
        Err(_) => too_many(),
    }
}

/// Both languages: a family's language is not known before its link is read.
fn too_many() -> Response {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (Lang::En.t("family.too_many_title")) }
            }
            body {
                main {
                    h1 { (Lang::En.t("family.too_many_title")) }
                    p { (Lang::En.t("family.too_many")) }
                    p lang="es" { (Lang::Es.t("family.too_many")) }
                }
            }
        }
    };
    let mut res = (StatusCode::TOO_MANY_REQUESTS, page).into_response();
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    res
}
