//! Outcomes, services and per-service consent on a draft plan.
use super::{
    form::{OutcomeForm, ServiceForm},
    handlers::render,
    load_draft,
    views::Forms,
};
use crate::{
    audit::{self, Actor, Event},
    entities::{ifsp, ifsp_outcome, ifsp_service, user},
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        fields::{one_of, parse_date},
        flash::{self, Kind},
        form::Errors,
    },
};
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::{Expr, ExprTrait},
};
use serde::Deserialize;
use serde_json::json;

/// The program's active providers, for assigning services.
pub async fn providers(state: &AppState, page: &Page) -> AppResult<Vec<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::ProgramId.eq(page.user.program_id))
        .filter(user::Column::Role.eq(user::Role::Provider))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(&state.db)
        .await?)
}

/// Any change to a draft's parts bumps its version, so a narrative save that started
/// earlier is told something moved.
async fn touch(db: &impl ConnectionTrait, id: i32) -> Result<(), sea_orm::DbErr> {
    ifsp::Entity::update_many()
        .col_expr(
            ifsp::Column::Version,
            Expr::col(ifsp::Column::Version).add(Expr::value(1)),
        )
        .col_expr(ifsp::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(ifsp::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends a change to a draft: bumps its version, audits the event in the same
/// transaction, commits, and redirects with a message.
#[allow(clippy::too_many_arguments)]
pub async fn finish(
    txn: sea_orm::DatabaseTransaction,
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    event: Event,
    to: &str,
    message: &str,
) -> AppResult<Response> {
    touch(&txn, id).await?;
    audit::record_in(&txn, &Actor::user(&page.user, meta), event).await?;
    txn.commit().await?;
    Ok(flash::redirect(state, to, Kind::Success, message))
}

pub async fn add_outcome(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<OutcomeForm>,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    let position = plan.outcomes.iter().map(|o| o.position).max().unwrap_or(0) + 1;
    let model = match form.parse(id, position) {
        Ok(m) => m,
        Err(errors) => {
            let body = render(
                &state,
                &page,
                &c,
                &plan,
                Forms {
                    outcome: Some((form, errors)),
                    ..Default::default()
                },
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
        }
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let o = model.insert(&txn).await?;
    finish(
        txn,
        &state,
        &page,
        &meta,
        id,
        Event::new("ifsp.outcome_added", "ifsp", id).detail(json!({ "outcome": o.id })),
        &format!("/ifsps/{id}#outcomes"),
        "Outcome added.",
    )
    .await
}

pub async fn delete_outcome(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, oid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    load_draft(&state, &page, &meta, id).await?;
    let rows = ifsp_outcome::Entity::delete_many()
        .filter(ifsp_outcome::Column::Id.eq(oid))
        .filter(ifsp_outcome::Column::IfspId.eq(id));
    let ev = Event::new("ifsp.outcome_removed", "ifsp", id).detail(json!({ "outcome": oid }));
    remove(
        &state,
        &page,
        &meta,
        id,
        rows,
        ev,
        "outcomes",
        "Outcome removed from the draft.",
    )
    .await
}

/// Deletes one part of a draft (404 if it is not there) and ends the change like any other.
#[allow(clippy::too_many_arguments)]
async fn remove<E: sea_orm::EntityTrait>(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    rows: sea_orm::DeleteMany<E>,
    event: Event,
    section: &str,
    message: &str,
) -> AppResult<Response> {
    let txn = crate::db::begin_write(&state.db).await?;
    if rows.exec(&txn).await?.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    finish(
        txn,
        state,
        page,
        meta,
        id,
        event,
        &format!("/ifsps/{id}#{section}"),
        message,
    )
    .await
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
            let body = render(
                &state,
                &page,
                &c,
                &plan,
                Forms {
                    service: Some((form, errors)),
                    ..Default::default()
                },
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
        }
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let s = model.insert(&txn).await?;
    finish(
        txn,
        &state,
        &page,
        &meta,
        id,
        Event::new("ifsp.service_added", "ifsp", id)
            .detail(json!({ "service": s.id, "type": s.service_type })),
        &format!("/ifsps/{id}#services"),
        "Service added. Record the parent's consent to it before signing.",
    )
    .await
}

pub async fn delete_service(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, sid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    load_draft(&state, &page, &meta, id).await?;
    let rows = ifsp_service::Entity::delete_many()
        .filter(ifsp_service::Column::Id.eq(sid))
        .filter(ifsp_service::Column::IfspId.eq(id));
    let ev = Event::new("ifsp.service_removed", "ifsp", id).detail(json!({ "service": sid }));
    remove(
        &state,
        &page,
        &meta,
        id,
        rows,
        ev,
        "services",
        "Service removed from the draft.",
    )
    .await
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
    let svc = plan
        .services
        .iter()
        .find(|s| s.id == sid)
        .cloned()
        .ok_or(AppError::NotFound)?;
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
        let body = render(
            &state,
            &page,
            &c,
            &plan,
            Forms {
                consent: Some((sid, form, e)),
                ..Default::default()
            },
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let mut m: ifsp_service::ActiveModel = svc.into();
    m.consent_given = Set(Some(given == "yes"));
    m.consent_date = Set(Some(date));
    m.update(&txn).await?;
    let ev = Event::new("ifsp.service_consent", "ifsp", id)
        .detail(json!({ "service": sid, "given": given == "yes", "on": date }));
    finish(
        txn,
        &state,
        &page,
        &meta,
        id,
        ev,
        &format!("/ifsps/{id}#services"),
        "Consent decision recorded.",
    )
    .await
}
