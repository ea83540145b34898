//! Intake: the referral form, duplicate detection, and a new case or a re-referral. A
//! refused form is shown again with status 200, as it always has been.
use super::{ReferralForm, commands, possible_duplicates};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::{model, views},
    entities::{child, user::Role},
    error::AppResult,
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
    extract::State,
    response::{IntoResponse, Response},
};
use maud::Markup;

pub async fn new(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::CreateReferral).await?;
    let coordinators = model::coordinators(&state.db, page.user.program_id).await?;
    let form = ReferralForm {
        received_on: page.user.today().to_string(),
        coordinator_id: if page.user.role == Role::Coordinator {
            page.user.id.to_string()
        } else {
            String::new()
        },
        preferred_contact: crate::entities::caregiver::Contact::Phone.to_string(),
        language: crate::i18n::Lang::En.to_string(),
        ..Default::default()
    };
    Ok(views::referral_form(
        &page,
        &form,
        &Errors::default(),
        &coordinators,
        &[],
    ))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<ReferralForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::CreateReferral).await?;
    let coordinators = model::coordinators(&state.db, page.user.program_id).await?;
    // Refused input answers 422 like every other form; the duplicate question is not an
    // error and answers 200.
    let rerender = |errors: &Errors, dups: &[child::Model]| {
        let html = views::referral_form(&page, &form, errors, &coordinators, dups);
        if errors.is_empty() {
            html.into_response()
        } else {
            respond::invalid(html)
        }
    };
    let mut parsed = match form.parse(page.user.today(), &page.user.rules) {
        Ok(r) => r,
        Err(errors) => return Ok(rerender(&errors, &[])),
    };
    if let Some(id) = parsed.coordinator_id
        && !coordinators.iter().any(|c| c.id == id)
    {
        let mut errors = Errors::default();
        errors.add("coordinator_id", "Choose a coordinator from the list.");
        return Ok(rerender(&errors, &[]));
    }
    let dups = possible_duplicates(&state.db, page.user.program_id, &parsed).await?;
    let actor = Actor::user(&page.user, &meta);

    // Adding the referral to an existing record (a re-referral of the same child).
    if let Some(id) = form
        .duplicate
        .strip_prefix("merge:")
        .and_then(|s| s.parse::<i32>().ok())
    {
        let Some(existing) = dups.into_iter().find(|c| c.id == id) else {
            return Ok(rerender(&Errors::default(), &[]));
        };
        policy::authorize(
            &state.db,
            &page.user,
            &meta,
            Action::EditChild,
            Target::child(&existing),
        )
        .await?;
        commands::re_refer(&state.db, actor, existing.id, page.user.id, &parsed).await?;
        return Ok(flash::redirect(
            &state,
            &format!("/children/{}", existing.id),
            Kind::Success,
            "The referral was added to the existing record. Caregiver details were not changed: check them below.",
        ));
    }
    if !dups.is_empty() && form.duplicate != "new" {
        return Ok(rerender(&Errors::default(), &dups));
    }
    if page.user.role == Role::Coordinator && parsed.coordinator_id.is_none() {
        parsed.coordinator_id = Some(page.user.id);
    }
    let kid = commands::refer(&state.db, actor, page.user.program_id, page.user.id, parsed).await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{}", kid.id),
        Kind::Success,
        &format!("Referral for {} recorded.", kid.full_name()),
    ))
}
