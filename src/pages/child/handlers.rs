//! Showing the child page, and the forms on it whose errors re-render it.
use super::{ChildCase, views};
use crate::{
    activities::{self, sharing::ShareForm},
    audit::{self, Actor, Event},
    children::{
        authorized_child,
        model::{self, load_case},
        records::{self, FirstContactForm},
    },
    entities::child,
    error::AppResult,
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::Page,
    visits,
};
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use maud::Markup;

/// The child page. Every view of a child's record is audited.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::ViewChild).await?;
    let body = child_page(&state, &page, c, None).await?;
    audit::record(
        &state.db,
        &Actor::user(&page.user, &meta),
        Event::new("child.viewed", "child", id),
    )
    .await?;
    Ok(body)
}

/// The child page for a child the user may read; `share_error` is shown in the activities
/// section when sharing an activity was refused.
async fn child_page(
    state: &AppState,
    page: &Page,
    c: child::Model,
    share_error: Option<String>,
) -> AppResult<Markup> {
    let case = load_case(&state.db, c).await?;
    let visits = visits::model::for_child(&state.db, case.child.id).await?;
    let mut activities = activities::child::load(
        &state.db,
        &case.child,
        &page.user.rules,
        page.user.today(),
        6,
    )
    .await?;
    activities.share_error = share_error;
    let coordinators = if policy::can(
        &page.user,
        Action::ReassignChild,
        &Target::child(&case.child),
    ) {
        model::coordinators(&state.db, page.user.program_id).await?
    } else {
        Vec::new()
    };
    let cp = ChildCase {
        case,
        visits,
        activities: Some(activities),
    };
    Ok(views::child_page(page, &cp, &coordinators))
}

/// Records the first contact with the family; a date the record refuses re-renders the
/// child page with the date as typed and the error beside it.
pub async fn first_contact(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<FirstContactForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let case = load_case(&state.db, c).await?;
    let errors = match records::first_contact(&state, &page, &meta, &case, &form).await? {
        Ok(done) => return Ok(done),
        Err(errors) => errors,
    };
    let visits = visits::model::for_child(&state.db, id).await?;
    let coordinators = model::coordinators(&state.db, page.user.program_id).await?;
    let cp = ChildCase {
        case,
        visits,
        activities: None,
    };
    let body = views::child_page_with(
        &page,
        &cp,
        &coordinators,
        Some((&form.first_contact_on, &errors)),
    );
    Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
}

/// Shares an activity with the family from the child page; a refusal re-renders the page
/// with the reason in the activities section.
pub async fn share_activity(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ShareForm>,
) -> AppResult<Response> {
    let (c, refusal) =
        match activities::sharing::share_with_child(&state, &page, &meta, id, &form).await? {
            Ok(done) => return Ok(done),
            Err(refused) => refused,
        };
    let why = refusal.get("activity_id").map(str::to_owned);
    let body = child_page(&state, &page, c, why).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
}
