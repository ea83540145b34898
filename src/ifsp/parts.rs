//! Outcomes, services and per-service consent on a draft plan.
use super::{
    commands,
    form::{OutcomeForm, ServiceForm},
    handlers::render,
    load_draft,
    views::Forms,
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    entities::user,
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        fields::{one_of, parse_date},
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

/// The program's active providers, for assigning services: read only where the service
/// form is shown (a draft the user may edit) or a service is being assigned.
pub async fn providers(state: &AppState, page: &Page) -> AppResult<Vec<user::Person>> {
    Ok(user::Entity::find()
        .filter(user::Column::ProgramId.eq(page.user.program_id))
        .filter(user::Column::Role.eq(user::Role::Provider))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .into_partial_model()
        .all(&state.db)
        .await?)
}

/// The providers named on a plan's services, for a page that only shows their names.
pub async fn named(state: &AppState, plan: &super::model::Plan) -> AppResult<Vec<user::Person>> {
    let ids: std::collections::BTreeSet<i32> =
        plan.services.iter().filter_map(|s| s.provider_id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .into_partial_model()
        .all(&state.db)
        .await?)
}

/// Where a change to a part of the draft ends: a redirect to its section, or the command's
/// refusal.
async fn answer<T>(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    done: Result<T, commands::PlanError>,
    section: &str,
    message: &str,
) -> AppResult<Response> {
    match done {
        Ok(_) => Ok(flash::redirect(
            state,
            &format!("/ifsps/{id}#{section}"),
            Kind::Success,
            message,
        )),
        Err(e) => Err(super::part_error(state, page, meta, id, e).await),
    }
}

pub async fn add_outcome(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<OutcomeForm>,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    // The position is counted again inside the command.
    let model = match form.parse(id, 0) {
        Ok(m) => m,
        Err(errors) => {
            let forms = Forms {
                outcome: Some((form, errors)),
                ..Default::default()
            };
            return Ok(respond::invalid(
                render(&state, &page, &c, &plan, forms).await?,
            ));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    let done = commands::add_outcome(&state.db, actor, id, model).await;
    answer(&state, &page, &meta, id, done, "outcomes", "Outcome added.").await
}

pub async fn delete_outcome(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, oid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    load_draft(&state, &page, &meta, id).await?;
    let actor = Actor::user(&page.user, &meta);
    let done = commands::remove_outcome(&state.db, actor, id, oid).await;
    let msg = "Outcome removed from the draft.";
    answer(&state, &page, &meta, id, done, "outcomes", msg).await
}

pub async fn add_service(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ServiceForm>,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    let provider_ids: Vec<i32> = providers(&state, &page)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    let model = match form.parse(id, &provider_ids) {
        Ok(m) => m,
        Err(errors) => {
            let forms = Forms {
                service: Some((form, errors)),
                ..Default::default()
            };
            return Ok(respond::invalid(
                render(&state, &page, &c, &plan, forms).await?,
            ));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    let done = commands::add_service(&state.db, actor, id, model).await;
    let msg = "Service added. Record the parent's consent to it before signing.";
    answer(&state, &page, &meta, id, done, "services", msg).await
}

pub async fn delete_service(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, sid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    load_draft(&state, &page, &meta, id).await?;
    let actor = Actor::user(&page.user, &meta);
    let done = commands::remove_service(&state.db, actor, id, sid).await;
    let msg = "Service removed from the draft.";
    answer(&state, &page, &meta, id, done, "services", msg).await
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ConsentForm {
    pub given: String,
    pub consent_date: String,
}

/// The parent's consent to one service. Declined services stay on the plan, visible, and
/// are never scheduled or counted as active.
pub async fn service_consent(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, sid)): Path<(i32, i32)>,
    Form(form): Form<ConsentForm>,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    if !plan.services.iter().any(|s| s.id == sid) {
        return Err(AppError::NotFound);
    }
    let mut e = Errors::default();
    let given = one_of(
        &mut e,
        "given",
        &form.given,
        &[("yes", "gave consent"), ("no", "declined")],
        "Say whether the parent consented to this service.",
    );
    let date = parse_date(
        &mut e,
        "consent_date",
        &form.consent_date,
        "date of the parent's decision",
    );
    if date.is_some_and(|d| d > page.user.today()) {
        e.add(
            "consent_date",
            "The decision cannot be dated in the future.",
        );
    }
    let (Some(date), true) = (date, e.is_empty()) else {
        let forms = Forms {
            consent: Some((sid, form, e)),
            ..Default::default()
        };
        return Ok(respond::invalid(
            render(&state, &page, &c, &plan, forms).await?,
        ));
    };
    let actor = Actor::user(&page.user, &meta);
    let done = commands::service_consent(&state.db, actor, id, sid, given == "yes", date).await;
    let msg = "Consent decision recorded.";
    answer(&state, &page, &meta, id, done, "services", msg).await
}
