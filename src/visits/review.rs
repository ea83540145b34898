//! Supervisor review: a queue of signed notes, each reviewed once with a comment and a
//! coaching-fidelity rating.
use super::{
    commands::{self, ReviewError},
    handlers::context,
    model::Coaching,
    schedule::span,
    views::{self, FIDELITY, Forms},
};
use crate::views::form_body::Form;
use crate::views::table_wrap;
use crate::{
    audit::{Actor, Event},
    children::visit_access::{Need, load_visit},
    entities::{child, user, visit},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::{
        Page,
        fields::{one_of, paragraph},
        flash::{self, Kind},
        form::Errors,
        layout, respond,
    },
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub fidelity: String,
    pub comment: String,
}

/// Signed notes not yet reviewed, oldest first.
pub async fn queue(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ReviewVisit).await?;
    let visits = visit::Entity::find()
        .filter(visit::Column::ProgramId.eq(page.user.program_id))
        .filter(visit::Column::SignedAt.is_not_null())
        .filter(visit::Column::ReviewedAt.is_null())
        .order_by_asc(visit::Column::StartsAt)
        .all(&state.db)
        .await?;
    let children: HashMap<i32, String> = child::Entity::find()
        .filter(child::Column::Id.is_in(visits.iter().map(|v| v.child_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.full_name()))
        .collect();
    let staff: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::ProgramId.eq(page.user.program_id))
        .filter(
            user::Column::Id.is_in(
                visits
                    .iter()
                    .map(|v| v.provider_id)
                    .collect::<std::collections::BTreeSet<i32>>(),
            ),
        )
        .into_partial_model::<user::Person>()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    state
        .audit
        .record(
            &Actor::user(&page.user, &meta),
            Event::new("visit.review_queue_viewed", "program", page.user.program_id)
                .detail(json!({ "count": visits.len() })),
        )
        .await?;
    Ok(layout::page(
        &page,
        "Note reviews",
        "/reviews",
        html! {
            h1 { "Notes to review" }
            p class="lead" { (visits.len()) " signed note" @if visits.len() != 1 { "s" } " waiting, oldest first." }
            @if !visits.is_empty() {
                (table_wrap::cards("Notes to review", html! { table {
                    thead { tr { th scope="col" { "Visit" } th scope="col" { "Child" } th scope="col" { "Provider" } th scope="col" { "Signed with" } th scope="col" { "Practices used" } } }
                    tbody {
                        @for v in &visits {
                            tr {
                                td { a href={"/visits/" (v.id)} { (span(v.starts_at, v.ends_at)) } }
                                td { (children.get(&v.child_id).cloned().unwrap_or_default()) }
                                td { (staff.get(&v.provider_id).cloned().unwrap_or_default()) }
                                // A note that bills nothing may be signed without a current
                                // credential; the supervisor sees that before anything else.
                                td { @match v.signed_credential.as_deref().filter(|c| !c.is_empty()) {
                                    Some(c) => (c),
                                    None => span class="badge badge-overdue" { "No credential current on the visit date" },
                                } }
                                td { (Coaching::parse(&v.coaching).used()) " of 5" }
                            }
                        }
                    }
                } }))
            }
        },
    ))
}

/// The most a review comment may hold, in characters: refused beyond it, never cut.
pub const REVIEW_MAX: usize = 2000;

pub async fn review(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ReviewForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ReviewVisit).await?;
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Read).await?;
    if !v.is_signed() {
        return Err(AppError::Conflict(
            "Only a signed note can be reviewed.".into(),
        ));
    }
    if v.provider_id == page.user.id {
        return Err(AppError::Conflict(
            "Another supervisor reviews your own notes.".into(),
        ));
    }
    let mut e = Errors::default();
    let fidelity = one_of(
        &mut e,
        "fidelity",
        &form.fidelity,
        &FIDELITY,
        "Choose a fidelity rating from 1 to 5.",
    );
    let comment = paragraph(&mut e, "comment", &form.comment, REVIEW_MAX);
    if !e.is_empty() {
        let ctx = context(&state, &page, &c, &v).await?;
        let forms = Forms {
            review: Some((form, e)),
            ..Default::default()
        };
        return Ok(respond::invalid(views::visit_page(&page, &v, &ctx, forms)));
    }
    let actor = Actor::user(&page.user, &meta);
    let fidelity = fidelity.parse::<i32>().unwrap_or(0);
    match commands::review(&state.db, actor, &v, page.user.id, fidelity, comment).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            "/reviews",
            Kind::Success,
            "Review saved.",
        )),
        Err(ReviewError::AlreadyReviewed) => Err(AppError::Conflict(
            "This note has already been reviewed.".into(),
        )),
        Err(ReviewError::Db(e)) => Err(e.into()),
    }
}
