//! The staff pages: extract, authorize, parse, call the command in `commands`, render.
use super::{
    commands::{self, ActiveError, CreateError},
    credentials, model, views,
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    entities::user,
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use maud::Markup;
use sea_orm::EntityTrait;
use serde::Deserialize;

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

/// A refused form is shown again with what was typed and the errors beside the fields (422).
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<model::NewStaffForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageStaff).await?;
    let parsed = match form.parse() {
        Ok(s) => s,
        Err(errors) => return Ok(respond::invalid(views::new(&page, &form, &errors))),
    };
    let actor = Actor::user(&page.user, &meta);
    let created = match commands::create(&state.db, actor, page.user.program_id, parsed).await {
        Ok(u) => u,
        Err(CreateError::EmailTaken) => {
            let mut errors = Errors::default();
            errors.add(
                "email",
                "Someone already signs in with this e-mail address.",
            );
            return Ok(respond::invalid(views::new(&page, &form, &errors)));
        }
        Err(CreateError::Db(e)) => return Err(e.into()),
    };
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

/// The member's page, with the credential form as typed.
async fn member_page(
    state: &AppState,
    page: &Page,
    member: &user::Model,
    form: &credentials::CredentialForm,
    errors: &Errors,
) -> AppResult<Markup> {
    let shown = model::staff_page(&state.db, member.id).await?;
    Ok(views::show(
        page,
        member,
        shown.sessions,
        &shown.credentials,
        form,
        errors,
    ))
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let member = load(&state, &page, &meta, id, Action::ViewStaff).await?;
    let form = credentials::CredentialForm::default();
    member_page(&state, &page, &member, &form, &Errors::default()).await
}

pub async fn add_credential(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<credentials::CredentialForm>,
) -> AppResult<Response> {
    let member = load(&state, &page, &meta, id, Action::ManageStaff).await?;
    let c = match form.parse() {
        Ok(c) => c,
        Err(errors) => {
            let body = member_page(&state, &page, &member, &form, &errors).await?;
            return Ok(respond::invalid(body));
        }
    };
    commands::add_credential(&state.db, Actor::user(&page.user, &meta), id, c).await?;
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
    let n = commands::sign_out_everywhere(&state.db, Actor::user(&page.user, &meta), id).await?;
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
    let actor = Actor::user(&page.user, &meta);
    let (kind, msg) = match commands::set_active(&state.db, actor, &member, active).await {
        Ok(()) if active => (
            Kind::Success,
            format!("{} can sign in again.", member.display_name),
        ),
        Ok(()) => (
            Kind::Success,
            format!("{} can no longer sign in.", member.display_name),
        ),
        Err(ActiveError::OwnAccount) => (
            Kind::Error,
            "You cannot deactivate your own account.".to_owned(),
        ),
        Err(ActiveError::Failed(e)) => return Err(e),
    };
    Ok(flash::redirect(&state, &format!("/staff/{id}"), kind, &msg))
}
