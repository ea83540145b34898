//! Writing activities: staff create and edit their program's activities (drafts until an
//! admin publishes them); every edit keeps the previous version in `activity_history`. A
//! starter activity is shared by every program, so it is copied into the program to edit.
use super::{commands, form::ActivityForm, model, views};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    error::{AppError, AppResult},
    i18n::Lang,
    meta::RequestMeta,
    policy::{self, Action},
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

pub async fn new(page: Page) -> Markup {
    let form = ActivityForm {
        age_min: "0".into(),
        age_max: "36".into(),
        ..Default::default()
    };
    views::form_page(&page, None, &form, &Errors::default())
}

fn invalid(page: &Page, id: Option<i32>, form: &ActivityForm, e: &Errors) -> Response {
    respond::invalid(views::form_page(page, id, form, e))
}

fn author(page: &Page) -> commands::Author {
    commands::Author {
        program_id: page.user.program_id,
        user_id: page.user.id,
        today: page.user.today(),
    }
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<ActivityForm>,
) -> AppResult<Response> {
    let p = match form.parse() {
        Ok(p) => p,
        Err(e) => return Ok(invalid(&page, None, &form, &e)),
    };
    let actor = Actor::user(&page.user, &meta);
    let a = commands::create(&state.db, actor, &author(&page), p).await?;
    Ok(flash::redirect(
        &state,
        &format!("/activities/{}", a.id),
        Kind::Success,
        "Activity saved as a draft.",
    ))
}

/// An activity of the user's program (starter activities are copied, not edited).
async fn own(state: &AppState, page: &Page, id: i32) -> AppResult<model::Loaded> {
    let (a, texts) = model::load(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match a.program_id {
        Some(p) if p == page.user.program_id => Ok((a, texts)),
        Some(_) => Err(AppError::NotFound),
        None => Err(AppError::Conflict(
            "Starter activities are shared by every program. Copy it to your program to change it."
                .into(),
        )),
    }
}

pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let (a, texts) = own(&state, &page, id).await?;
    Ok(views::form_page(
        &page,
        Some(id),
        &ActivityForm::from_model(&a, &texts),
        &Errors::default(),
    ))
}

/// Saves an edit, keeping the version it replaces; a stale version is refused.
pub async fn update(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ActivityForm>,
) -> AppResult<Response> {
    own(&state, &page, id).await?;
    let p = match form.parse() {
        Ok(p) => p,
        Err(e) => return Ok(invalid(&page, Some(id), &form, &e)),
    };
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let actor = Actor::user(&page.user, &meta);
    match commands::edit(&state.db, actor, &author(&page), id, seen, p).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            &format!("/activities/{id}"),
            Kind::Success,
            "Activity saved.",
        )),
        Err(commands::EditError::Stale { current }) => {
            let (a, texts) = *current;
            // Saving again from the conflict page is a deliberate choice to replace what is there.
            let mut mine = form;
            mine.version = a.version.to_string();
            let saved = ActivityForm::from_model(&a, &texts);
            Ok(respond::conflict(views::conflict_page(
                &page, id, &mine, &saved,
            )))
        }
        Err(commands::EditError::NotFound) => Err(AppError::NotFound),
        Err(commands::EditError::Db(e)) => Err(e.into()),
    }
}

/// Copies a starter activity into the program as a draft, to adapt it.
pub async fn copy(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (a, texts) = model::load(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.program_id.is_some_and(|p| p != page.user.program_id) {
        return Err(AppError::NotFound);
    }
    let form = ActivityForm::from_model(&a, &texts);
    let p = form.parse().map_err(|_| {
        AppError::Conflict("This activity is incomplete and cannot be copied.".into())
    })?;
    let actor = Actor::user(&page.user, &meta);
    let copy = commands::copy(&state.db, actor, &author(&page), a, p).await?;
    Ok(flash::redirect(
        &state,
        &format!("/activities/{}/edit", copy.id),
        Kind::Success,
        "Copied to your program as a draft.",
    ))
}

/// Admins publish a program's activity so it can be given to families.
pub async fn publish(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::PublishActivity).await?;
    let (_, texts) = own(&state, &page, id).await?;
    if !texts.get(&Lang::En).is_some_and(|t| t.is_complete()) {
        return Ok(flash::redirect(
            &state,
            &format!("/activities/{id}"),
            Kind::Error,
            "Complete the English text before publishing.",
        ));
    }
    let actor = Actor::user(&page.user, &meta);
    let (kind, msg) = match commands::publish(&state.db, actor, page.user.program_id, id).await {
        Ok(()) => (Kind::Success, "Published."),
        Err(commands::PublishError::AlreadyPublished) => (Kind::Info, "It is published already."),
        Err(commands::PublishError::Db(e)) => return Err(e.into()),
    };
    Ok(flash::redirect(
        &state,
        &format!("/activities/{id}"),
        kind,
        msg,
    ))
}
