//! The "add a caregiver" page: it shows the child's name and the form, nothing more.
use super::{CaregiverForm, commands, parse_caregiver};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::{authorized_child, views},
    entities::caregiver::Contact,
    error::AppResult,
    i18n::Lang,
    meta::RequestMeta,
    policy::Action,
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

pub async fn new(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let form = CaregiverForm {
        preferred_contact: Contact::Phone.to_string(),
        language: Lang::En.to_string(),
        ..Default::default()
    };
    Ok(views::caregiver_form(&page, &c, &form, &Errors::default()))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<CaregiverForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let mut errors = Errors::default();
    let parsed = parse_caregiver(&mut errors, &form);
    let (Some(parsed), true) = (parsed, errors.is_empty()) else {
        return Ok(respond::invalid(views::caregiver_form(
            &page, &c, &form, &errors,
        )));
    };
    let g = commands::add(&state.db, Actor::user(&page.user, &meta), &c, parsed).await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        &format!("{} added to the family.", g.name),
    ))
}
