//! The delay form and reassignment. (The first contact's form sits on the child page,
//! `pages::child`, which posts it to `commands::first_contact`.)
use super::{DelayForm, commands};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::{authorized_child, model, views},
    error::AppResult,
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    timeline::DelayReason,
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
use serde::Deserialize;

pub async fn delay_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let form = DelayForm {
        documented_on: page.user.today().to_string(),
        ..Default::default()
    };
    Ok(views::delay_form(&page, &c, &form, &Errors::default()))
}

pub async fn add_delay(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<DelayForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let d = match form.parse(page.user.today()) {
        Ok(d) => d,
        Err(errors) => {
            return Ok(respond::invalid(views::delay_form(
                &page, &c, &form, &errors,
            )));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    let row = commands::add_delay(&state.db, actor, id, page.user.id, d).await?;
    let msg = if DelayReason::excuses(row.reason) {
        "Family delay documented."
    } else {
        "Agency delay noted. It does not excuse the late meeting."
    };
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        msg,
    ))
}

#[derive(Debug, Deserialize)]
pub struct ReassignForm {
    coordinator_id: String,
}

pub async fn reassign(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ReassignForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::ReassignChild).await?;
    let coordinators = model::coordinators(&state.db, page.user.program_id).await?;
    let Some(to) = form
        .coordinator_id
        .parse::<i32>()
        .ok()
        .and_then(|cid| coordinators.into_iter().find(|u| u.id == cid))
    else {
        return Ok(flash::redirect(
            &state,
            &format!("/children/{id}"),
            Kind::Error,
            "Choose a coordinator from the list.",
        ));
    };
    commands::reassign(&state.db, Actor::user(&page.user, &meta), &c, &to).await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        &format!("{} is now the service coordinator.", to.display_name),
    ))
}
