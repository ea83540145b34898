//! The consent form and revocation. The form page shows the child's name and the form; its
//! only other read is the caregiver named as the parent who decided, for a new form.
use super::{ConsentForm, commands};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::{authorized_child, model, views},
    error::{AppError, AppResult},
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

pub async fn consent_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let parent = model::primary_caregiver(&state.db, c.family_id).await?;
    let form = ConsentForm {
        decided_on: page.user.today().to_string(),
        decided_by: parent.map(|g| g.name).unwrap_or_default(),
        ..Default::default()
    };
    Ok(views::consent_form(&page, &c, &form, &Errors::default()))
}

pub async fn add_consent(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ConsentForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let input = match form.parse(page.user.today()) {
        Ok(i) => i,
        Err(e) => return Ok(respond::invalid(views::consent_form(&page, &c, &form, &e))),
    };
    let actor = Actor::user(&page.user, &meta);
    let row = commands::record(&state.db, actor, id, page.user.id, input).await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        if row.given {
            "Consent recorded."
        } else {
            "Declined consent recorded."
        },
    ))
}

pub async fn revoke_consent(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, cid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let actor = Actor::user(&page.user, &meta);
    let (kind, msg) = match commands::revoke(&state.db, actor, id, cid, page.user.today()).await {
        Ok(()) => (Kind::Success, "Consent revoked from today."),
        Err(commands::RevokeError::NotInForce) => (
            Kind::Info,
            "That consent is not in force; nothing to revoke.",
        ),
        Err(commands::RevokeError::NotFound) => return Err(AppError::NotFound),
        Err(commands::RevokeError::Db(e)) => return Err(e.into()),
    };
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        kind,
        msg,
    ))
}
