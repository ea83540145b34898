//! The admin's audit page: the program's rows with filters, and the chain check (chain and
//! anchor).
mod views;

use crate::{
    audit::model,
    entities::user,
    error::AppResult,
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::Page,
};
use axum::extract::{Query, State};
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// Lists the program's audit rows with filters. Reading the audit log is itself audited.
pub(super) async fn index(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Query(filter): Query<model::Filter>,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ViewAudit).await?;
    let (rows, more) = model::list(&state.db, page.user.program_id, &filter).await?;
    let staff = user::Entity::find()
        .filter(user::Column::ProgramId.eq(page.user.program_id))
        .order_by_asc(user::Column::DisplayName)
        .into_partial_model::<user::Person>()
        .all(&state.db)
        .await?;
    let ev = model::Event::new("audit.viewed", "program", page.user.program_id);
    state
        .audit
        .record(&model::Actor::user(&page.user, &meta), ev)
        .await?;
    Ok(views::index(&page, &rows, more, &filter, &staff))
}

pub(super) async fn verify(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ViewAudit).await?;
    // The same check `hearth audit verify` prints: the chain, then its head against the
    // anchor kept outside the table, so cutting off the newest rows shows here too.
    let report = crate::audit::report::check(&state.db, Some(&state.config.audit_anchor)).await?;
    let ev = model::Event::new("audit.verified", "program", page.user.program_id)
        .detail(serde_json::json!({ "intact": report.ok() }));
    state
        .audit
        .record(&model::Actor::user(&page.user, &meta), ev)
        .await?;
    Ok(views::verified(&page, &report))
}
