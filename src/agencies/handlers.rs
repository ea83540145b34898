//! The directory: every staff member reads it; coordinators, supervisors and admins keep it.
use super::{
    commands::{self, UpdateError},
    model::{self, AgencyForm},
    views,
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    entities::{Choice, agency},
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
    extract::{Path, Query, State},
    response::Response,
};
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

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
        Err(e) => return Ok(respond::invalid(views::form(&page, None, &form, &e))),
    };
    let actor = Actor::user(&page.user, &meta);
    commands::create(&state.db, actor, page.user.program_id, input).await?;
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
        Err(e) => return Ok(respond::invalid(views::form(&page, Some(&a), &form, &e))),
    };
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let actor = Actor::user(&page.user, &meta);
    match commands::update(&state.db, actor, page.user.program_id, id, seen, input).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            "/agencies",
            Kind::Success,
            "Agency saved.",
        )),
        Err(UpdateError::Stale { current }) => {
            // Saving again from the conflict page is a deliberate choice to replace what is there.
            let mut mine = form;
            mine.version = current.version.to_string();
            Ok(respond::conflict(views::conflict(&page, &current, &mine)))
        }
        Err(UpdateError::Db(e)) => Err(e.into()),
    }
}
