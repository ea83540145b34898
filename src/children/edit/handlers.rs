//! The edit and exit pages. Both show the child row the authorization already read, and
//! the edit's save reads one more thing: the day the first referral came in.
use super::{
    ChildForm, ExitForm,
    commands::{self, EditError, ExitError},
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::{authorized_child, model, records::ChangeError, views},
    error::AppResult,
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

pub async fn edit_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    Ok(views::child_edit(
        &page,
        &c,
        &ChildForm::from_child(&c),
        &Errors::default(),
        None,
    ))
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ChildForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let received = model::first_received_on(&state.db, id).await?;
    let d = match form.parse(page.user.today(), received) {
        Ok(v) => v,
        Err(errors) => {
            return Ok(respond::invalid(views::child_edit(
                &page, &c, &form, &errors, None,
            )));
        }
    };
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let actor = Actor::user(&page.user, &meta);
    match commands::update_details(&state.db, actor, id, seen, d).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            &format!("/children/{id}"),
            Kind::Success,
            "Details saved.",
        )),
        Err(EditError::Stale { current }) => {
            let mut mine = form.clone();
            // Saving again from the conflict page is a deliberate choice to replace what is there.
            mine.version = current.version.to_string();
            let theirs = ChildForm::from_child(&current);
            Ok(respond::conflict(views::child_edit(
                &page,
                &current,
                &mine,
                &Errors::default(),
                Some(&theirs),
            )))
        }
        Err(EditError::Db(e)) => Err(e.into()),
    }
}

pub async fn exit_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let form = ExitForm {
        exit_date: page.user.today().to_string(),
        ..Default::default()
    };
    Ok(views::exit_form(&page, &c, &form, &Errors::default()))
}

pub async fn exit(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ExitForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let (category, date) = match form.parse(page.user.today(), c.date_of_birth) {
        Ok(v) => v,
        Err(e) => return Ok(respond::invalid(views::exit_form(&page, &c, &form, &e))),
    };
    let actor = Actor::user(&page.user, &meta);
    match commands::exit(&state.db, actor, &c, category, date).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            &format!("/children/{id}"),
            Kind::Success,
            "Exit recorded.",
        )),
        Err(ExitError::AlreadyExited) => {
            let mut e = Errors::default();
            e.add("exit_category", "This child has already exited.");
            Ok(respond::invalid(views::exit_form(&page, &c, &form, &e)))
        }
        Err(ExitError::Stale) => Err(ChangeError::Stale.into()),
        Err(ExitError::Db(e)) => Err(e.into()),
    }
}
