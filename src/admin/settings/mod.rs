//! The program's rules, as the admin reads and changes them (`/settings`).
mod form;
mod views;

use crate::{
    audit::{self, Actor, Event},
    entities::program,
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::Errors,
    },
};
use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use form::SettingsForm;
use maud::Markup;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ManageSettings).await?;
    Ok(views::settings(
        &page,
        &SettingsForm::from_rules(&page.user.rules),
        &Errors::default(),
    ))
}

pub(super) async fn update(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<SettingsForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageSettings).await?;
    let rules = match form.parse() {
        Ok(r) => r,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::settings(&page, &form, &errors),
            )
                .into_response());
        }
    };
    let p = program::Entity::find_by_id(page.user.program_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = p.rules.clone();
    let txn = crate::db::begin_write(&state.db).await?;
    let mut m: program::ActiveModel = p.into();
    m.rules = Set(rules.to_json());
    m.update(&txn).await?;
    let ev = Event::new("program.rules_changed", "program", page.user.program_id)
        .detail(serde_json::json!({ "before": serde_json::from_str::<serde_json::Value>(&before).unwrap_or_default(), "after": rules }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        "/settings",
        Kind::Success,
        "Program rules saved. Every clock now counts with them.",
    ))
}
