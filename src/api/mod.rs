//! The JSON API under `/api/v1`, for other systems (a state data system, a billing
//! service): bearer tokens from `crate::api_tokens`, the same policy as the pages
//! (`caller` says what a token's identity may see), problem details for every error, paging
//! by opaque cursor, and an OpenAPI 3.1 document generated from these handlers.
//!
//! Every route is registered with `utoipa_axum::routes!`, which takes only handlers that
//! carry `#[utoipa::path]`: a route cannot exist here without its place in the document
//! (and `tests::no_route_is_added_around_the_document` keeps it that way).
pub mod activities;
mod body;
pub mod caller;
pub mod changes;
pub mod child_records;
pub mod children;
pub mod cursor;
mod docs;
pub mod fhir;
pub mod fhir_identifier;
pub mod fhir_outcome;
pub mod fhir_referral;
pub mod problem;
pub mod referrals;
pub mod visits;

use crate::state::AppState;
use axum::{Json, Router, response::IntoResponse};
use std::sync::LazyLock;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hearth API",
        version = "1",
        description = "Read a program's children, plans, visits and activity library; take referrals, schedule visits and save note drafts. Every call needs an API token (`Authorization: Bearer …`) that a program admin issues under Settings → API tokens; it acts as a staff role of that program, with the same checks as the pages. Errors are RFC 9457 problem details. Lists are paged: send a page's `next` back as `cursor`."
    ),
    modifiers(&BearerToken),
    tags(
        (name = "children", description = "Children's records, their plans and visits"),
        (name = "activities", description = "The activity library"),
        (name = "referrals", description = "Taking referrals into the program's intake, as JSON or as a FHIR R4 ServiceRequest"),
        (name = "visits", description = "Scheduling visits and writing their notes"),
        (name = "changes", description = "What changed since a cursor, for systems that sync"),
        (name = "meta", description = "This document"),
    )
)]
struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Every API route, each with its operation. The only place routes are added.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(children::list))
        .routes(routes!(children::show))
        .routes(routes!(child_records::plans))
        .routes(routes!(child_records::visits))
        .routes(routes!(activities::list))
        .routes(routes!(referrals::create))
        .routes(routes!(fhir::create))
        .routes(routes!(fhir::status))
        .routes(routes!(visits::create))
        .routes(routes!(visits::save_note))
        .routes(routes!(changes::list))
        .routes(routes!(openapi_json))
        .routes(routes!(docs::page))
}

fn parts() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(PREFIX, api())
        .split_for_parts()
}

/// The OpenAPI document, built once from the handlers.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(|| parts().1);
    &DOC
}

/// The API's router; an unknown path under it answers a 404 problem, not the HTML page.
pub fn routes() -> Router<AppState> {
    let (router, _) = parts();
    let unknown = axum::routing::any(|| async { problem::Problem::not_found() });
    router.route(CATCH_ALL, unknown)
}

/// Every path under the API that no operation has.
const CATCH_ALL: &str = "/api/v1/{*rest}";

/// This document (OpenAPI 3.1).
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
async fn openapi_json() -> impl IntoResponse {
    Json(document())
}

#[cfg(test)]
mod tests {
    /// Routes go through `routes!` (which needs `#[utoipa::path]`); any other way of adding
    /// one in `src/api/` would put a route in the router that the document does not list.
    #[test]
    fn no_route_is_added_around_the_document() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
        let mut wrong = Vec::new();
        for e in std::fs::read_dir(&dir).expect("read src/api") {
            let p = e.expect("an entry").path();
            let text = std::fs::read_to_string(&p).expect("read a file");
            let code_part = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code_part.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let adds = [".route(", ".route_service(", ".nest_service(", ".merge("]
                    .iter()
                    .any(|m| code.contains(m));
                // The one allowed: the catch-all that answers unknown paths with a 404.
                let catch_all = code.contains(".route(CATCH_ALL, unknown)");
                if adds && !catch_all {
                    wrong.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "routes added outside `routes!`:\n{}",
            wrong.join("\n")
        );
    }
}
