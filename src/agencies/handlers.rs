//! The directory: every staff member reads it; coordinators, supervisors and admins keep it.
use super::{
    model::{self, AgencyForm, AgencyInput},
    views,
};
use crate::{
    audit::{self, Actor, Event},
    entities::{Choice, agency},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::Errors,
    },
};
use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::Utc;
use maud::Markup;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub kind: String,
}

fn may_manage(page: &Page) -> bool {
    policy::can(
        &page.user,
        Action::ManageAgencies,
        &Target::program(&page.user),
    )
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> AppResult<Markup> {
    let kind = agency::Kind::parse(&q.kind);
    let rows = model::list(&state.db, page.user.program_id, kind).await?;
    Ok(views::list(&page, &rows, &q.kind, may_manage(&page)))
}

pub async fn new(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ManageAgencies).await?;
    let form = AgencyForm {
        active: Some("yes".into()),
        preferred_channel: agency::Channel::Email.to_string(),
        ..Default::default()
    };
    Ok(views::form(&page, None, &form, &Errors::default()))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<AgencyForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageAgencies).await?;
    let input = match form.parse() {
        Ok(i) => i,
        Err(e) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::form(&page, None, &form, &e),
            )
                .into_response());
        }
    };
    let now = Utc::now();
    let txn = crate::db::begin_write(&state.db).await?;
    let row = agency::ActiveModel {
        program_id: Set(page.user.program_id),
        name: Set(input.name.clone()),
        kind: Set(input.kind),
        service_area: Set(input.service_area.clone()),
        contact_name: Set(input.contact_name.clone()),
        email: Set(input.email.clone()),
        phone: Set(input.phone.clone()),
        fax: Set(input.fax.clone()),
        address: Set(input.address.clone()),
        preferred_channel: Set(input.preferred_channel),
        active: Set(input.active),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let ev = Event::new("agency.created", "agency", row.id).detail(json!({ "name": row.name }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        "/agencies",
        Kind::Success,
        "Agency added.",
    ))
}

async fn load(state: &AppState, page: &Page, id: i32) -> AppResult<agency::Model> {
    agency::Entity::find_by_id(id)
        .filter(agency::Column::ProgramId.eq(page.user.program_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let a = load(&state, &page, id).await?;
    if may_manage(&page) {
        Ok(views::form(
            &page,
            Some(&a),
            &AgencyForm::from_model(&a),
            &Errors::default(),
        ))
    } else {
        Ok(views::card_page(&page, &a))
    }
}

fn apply(input: &AgencyInput, version: i32) -> sea_orm::UpdateMany<agency::Entity> {
    let t = |s: &str| Expr::value(s.to_owned());
    agency::Entity::update_many()
        .col_expr(agency::Column::Name, t(&input.name))
        .col_expr(agency::Column::Kind, Expr::value(input.kind))
        .col_expr(agency::Column::ServiceArea, t(&input.service_area))
        .col_expr(agency::Column::ContactName, t(&input.contact_name))
        .col_expr(agency::Column::Email, t(&input.email))
        .col_expr(agency::Column::Phone, t(&input.phone))
        .col_expr(agency::Column::Fax, t(&input.fax))
        .col_expr(agency::Column::Address, t(&input.address))
        .col_expr(
            agency::Column::PreferredChannel,
            Expr::value(input.preferred_channel),
        )
        .col_expr(agency::Column::Active, Expr::value(input.active))
        .col_expr(agency::Column::Version, Expr::value(version + 1))
        .col_expr(agency::Column::UpdatedAt, Expr::value(Utc::now()))
}

/// Saves an edit; a stale form (someone else saved first) is shown again with a conflict
/// message and nothing overwritten.
pub async fn update(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<AgencyForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageAgencies).await?;
    let a = load(&state, &page, id).await?;
    let input = match form.parse() {
        Ok(i) => i,
        Err(e) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::form(&page, Some(&a), &form, &e),
            )
                .into_response());
        }
    };
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let txn = crate::db::begin_write(&state.db).await?;
    let res = apply(&input, seen)
        .filter(agency::Column::Id.eq(id))
        .filter(agency::Column::Version.eq(seen))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        txn.rollback().await?;
        let mut e = Errors::default();
        e.add(
            "name",
            format!(
                "Someone saved this agency while you were editing (it is now “{}”, {}). Nothing was overwritten; your changes are below — save again to replace theirs.",
                a.name,
                if a.email.is_empty() { "no e-mail" } else { &a.email }
            ),
        );
        let mut mine = form.clone();
        mine.version = a.version.to_string();
        return Ok((
            StatusCode::CONFLICT,
            views::form(&page, Some(&a), &mine, &e),
        )
            .into_response());
    }
    let ev = Event::new("agency.updated", "agency", id).detail(json!({ "version": seen + 1 }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        "/agencies",
        Kind::Success,
        "Agency saved.",
    ))
}
