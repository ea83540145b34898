//! The program's rules, as the admin reads and changes them (`/settings`). The form parses
//! in `form`; saving is `commands::save`, guarded by the rules the form was opened with.
mod commands;
mod form;
mod views;

use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    error::AppResult,
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
use axum::{extract::State, response::Response};
use commands::SaveError;
use form::SettingsForm;
use maud::Markup;

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
        None,
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
            return Ok(respond::invalid(views::settings(
                &page, &form, &errors, None,
            )));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    match commands::save(&state.db, actor, page.user.program_id, &form.seen, &rules).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            "/settings",
            Kind::Success,
            "Program rules saved. Every clock now counts with them.",
        )),
        Err(SaveError::Stale { current }) => {
            let saved = SettingsForm::from_rules(&current);
            // Saving again from the conflict page is a deliberate choice to replace theirs.
            let mine = SettingsForm {
                seen: saved.seen.clone(),
                ..form
            };
            let body = views::settings(&page, &mine, &Errors::default(), Some(&saved));
            Ok(respond::conflict(body))
        }
        Err(SaveError::Db(e)) => Err(e.into()),
    }
}
