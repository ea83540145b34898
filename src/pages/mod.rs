//! The pages that combine domains, composed on top of them: the child page, the home page
//! for each role and the caseload dashboard. Each calls the domains' queries and views; no
//! domain imports a page, so the domains stay a stack that only reads downward.
pub mod caseload;
pub mod child;
pub mod dashboard;
pub mod home;

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(home::routes())
        .merge(child::routes())
        .merge(caseload::routes())
        .merge(dashboard::routes())
}
