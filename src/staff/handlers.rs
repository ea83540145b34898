use super::{credentials, model, views};
use crate::{
    audit::{self, Actor, Event},
    auth::session,
    entities::{Choice, session as session_entity, user},
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
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use maud::Markup;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde::Deserialize;
use serde_json::json;

pub async fn index(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ViewStaff).await?;
    let staff = model::list(&state.db, page.user.program_id).await?;
    Ok(views::index(&page, &staff))
}

pub async fn new(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ManageStaff).await?;
    Ok(views::new(
        &page,
        &model::NewStaffForm::default(),
        &Errors::default(),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<model::NewStaffForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageStaff).await?;
    let parsed = match form.parse() {
        Ok(s) => s,
        Err(errors) => return Ok(views::new(&page, &form, &errors).into_response()),
    };
    if model::email_taken(&state.db, &parsed.email).await? {
        let mut errors = Errors::default();
        errors.add(
            "email",
            "Someone already signs in with this e-mail address.",
        );
        return Ok(views::new(&page, &form, &errors).into_response());
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let created = model::insert(&txn, page.user.program_id, parsed).await?;
    let ev = Event::new("staff.created", "user", created.id)
        .detail(json!({ "role": created.role.as_str(), "email": created.email }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/staff/{}", created.id),
        Kind::Success,
        &format!("{} can now sign in.", created.display_name),
    ))
}

/// Loads a staff member and checks the action against their program: another program's
/// user answers 404 (audited), exactly as a missing one does.
async fn load(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    action: Action,
) -> AppResult<user::Model> {
    let found = user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::authorize(
        &state.db,
        &page.user,
        meta,
        action,
        Target::record(found.program_id, "user", id),
    )
    .await?;
    Ok(found)
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let member = load(&state, &page, &meta, id, Action::ViewStaff).await?;
    let active_sessions = session_entity::Entity::find()
        .filter(session_entity::Column::UserId.eq(id))
        .filter(session_entity::Column::RevokedAt.is_null())
        .filter(session_entity::Column::ExpiresAt.gt(Utc::now()))
        .count(&state.db)
        .await?;
    let creds = credentials::for_user(&state.db, id).await?;
    Ok(views::show(
        &page,
        &member,
        active_sessions,
        &creds,
        &credentials::CredentialForm::default(),
        &Errors::default(),
    ))
}

pub async fn add_credential(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<credentials::CredentialForm>,
) -> AppResult<Response> {
    let member = load(&state, &page, &meta, id, Action::ManageStaff).await?;
    let model = match form.parse(id) {
        Ok(m) => m,
        Err(errors) => {
            let creds = credentials::for_user(&state.db, id).await?;
            let body = views::show(&page, &member, 0, &creds, &form, &errors);
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
        }
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let c = credentials::insert(&txn, model).await?;
    let ev = Event::new("staff.credential_added", "user", id)
        .detail(json!({ "credential": c.id, "expires_on": c.expires_on }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/staff/{id}"),
        Kind::Success,
        "Credential added.",
    ))
}

pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let member = load(&state, &page, &meta, id, Action::ManageStaff).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let n = session::revoke_all(&txn, id).await?;
    let ev = Event::new("staff.signed_out_everywhere", "user", id)
        .detail(json!({ "sessions_revoked": n }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    let msg = format!(
        "{} was signed out of {n} session{}.",
        member.display_name,
        if n == 1 { "" } else { "s" }
    );
    Ok(flash::redirect(
        &state,
        &format!("/staff/{id}"),
        Kind::Success,
        &msg,
    ))
}

#[derive(Debug, Deserialize)]
pub struct ActiveForm {
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ActiveForm>,
) -> AppResult<Response> {
    let member = load(&state, &page, &meta, id, Action::ManageStaff).await?;
    let active = form.active == "true";
    if member.id == page.user.id && !active {
        return Ok(flash::redirect(
            &state,
            &format!("/staff/{id}"),
            Kind::Error,
            "You cannot deactivate your own account.",
        ));
    }
    let name = member.display_name.clone();
    let txn = crate::db::begin_write(&state.db).await?;
    let mut m: user::ActiveModel = member.into();
    m.active = Set(active);
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    if !active {
        session::revoke_all(&txn, id).await?;
    }
    let action = if active {
        "staff.reactivated"
    } else {
        "staff.deactivated"
    };
    audit::record_in(
        &txn,
        &Actor::user(&page.user, &meta),
        Event::new(action, "user", id),
    )
    .await?;
    txn.commit().await?;
    let msg = if active {
        format!("{name} can sign in again.")
    } else {
        format!("{name} can no longer sign in.")
    };
    Ok(flash::redirect(
        &state,
        &format!("/staff/{id}"),
        Kind::Success,
        &msg,
    ))
}
