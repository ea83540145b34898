//! Outcomes, services and per-service consent on a draft plan.
use super::{
    commands,
    form::{OutcomeForm, ServiceForm},
    handlers::render,
    load_draft,
    post::PlanPost,
    views::Forms,
};
use crate::{
    audit::Actor,
    entities::{child, user},
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        fields::{one_of, parse_date},
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

/// The program's active providers, for assigning services: read only where the service
/// form is shown (a draft the user may edit) or a service is being assigned.
pub async fn providers(state: &AppState, page: &Page) -> AppResult<Vec<user::Person>> {
    Ok(user::Entity::find()
        .filter(user::Column::ProgramId.eq(page.user.program_id))
        .filter(user::Column::Role.eq(user::Role::Provider))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .into_partial_model()
        .all(&state.db)
        .await?)
}

/// The providers named on a plan's services, for a page that only shows their names.
pub async fn named(state: &AppState, plan: &super::model::Plan) -> AppResult<Vec<user::Person>> {
    let ids: std::collections::BTreeSet<i32> =
        plan.services.iter().filter_map(|s| s.provider_id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .into_partial_model()
        .all(&state.db)
        .await?)
}

/// The plan's typed fields from a post: the edit to save with the part (none when the
/// post did not carry them), the forms to show them again, and whether they parsed.
pub struct Typed {
    pub edit: Option<commands::Edit>,
    pub forms: Forms,
    pub ok: bool,
}

pub fn typed(post: &PlanPost, page: &Page, c: &child::Model) -> Typed {
    let keep = |errors: Errors| Forms {
        plan: post.plan.clone().map(|f| (f, errors)),
        ..Default::default()
    };
    match post.edit(page.user.today(), c.date_of_birth) {
        None => Typed {
            edit: None,
            forms: Forms::default(),
            ok: true,
        },
        Some(Ok(edit)) => Typed {
            edit: Some(edit),
            forms: keep(Errors::default()),
            ok: true,
        },
        Some(Err(errors)) => Typed {
            edit: None,
            forms: keep(errors),
            ok: false,
        },
    }
}

/// The draft again with what was typed and its errors (422); nothing was saved.
pub async fn invalid(
    state: &AppState,
    page: &Page,
    c: &child::Model,
    plan: &super::model::Plan,
    forms: Forms,
) -> AppResult<Response> {
    Ok(respond::invalid(render(state, page, c, plan, forms).await?))
}

/// The draft as it is now beside what was typed (409): someone saved it since the page
/// was opened, and nothing was saved.
pub async fn conflict(
    state: &AppState,
    page: &Page,
    c: &child::Model,
    id: i32,
    mut forms: Forms,
) -> AppResult<Response> {
    let current = super::model::load(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some((f, _)) = forms.plan.as_mut() {
        f.version = current.ifsp.version.to_string();
    }
    forms.conflict = true;
    Ok(respond::conflict(
        render(state, page, c, &current, forms).await?,
    ))
}

/// Where a change to a part of the draft ends: a redirect to its section, the conflict
/// view (with `forms`, what was typed), or the command's refusal.
#[allow(clippy::too_many_arguments)]
pub async fn answer<T>(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    c: &child::Model,
    id: i32,
    done: Result<T, commands::PlanError>,
    section: &str,
    message: &str,
    forms: Forms,
) -> AppResult<Response> {
    match done {
        Ok(_) => Ok(flash::redirect(
            state,
            &format!("/ifsps/{id}#{section}"),
            Kind::Success,
            message,
        )),
        Err(commands::PlanError::Stale) => conflict(state, page, c, id, forms).await,
        Err(e) => Err(super::part_error(state, page, meta, id, e).await),
    }
}

pub async fn add_outcome(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    post: PlanPost,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    let form: OutcomeForm = post.part()?;
    let Typed {
        edit,
        mut forms,
        ok,
    } = typed(&post, &page, &c);
    // The position is counted again inside the command.
    let model = match (form.parse(id, 0), ok) {
        (Ok(m), true) => m,
        (res, _) => {
            forms.outcome = Some((form, res.err().unwrap_or_default()));
            return invalid(&state, &page, &c, &plan, forms).await;
        }
    };
    forms.outcome = Some((form, Errors::default()));
    let actor = Actor::user(&page.user, &meta);
    let done = commands::add_outcome(&state.db, actor, id, edit.as_ref(), model).await;
    let msg = "Outcome added.";
    answer(&state, &page, &meta, &c, id, done, "outcomes", msg, forms).await
}

pub async fn delete_outcome(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, oid)): Path<(i32, i32)>,
    post: PlanPost,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    let Typed { edit, forms, ok } = typed(&post, &page, &c);
    if !ok {
        return invalid(&state, &page, &c, &plan, forms).await;
    }
    let actor = Actor::user(&page.user, &meta);
    let done = commands::remove_outcome(&state.db, actor, id, edit.as_ref(), oid).await;
    let msg = "Outcome removed from the draft.";
    answer(&state, &page, &meta, &c, id, done, "outcomes", msg, forms).await
}

pub async fn add_service(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    post: PlanPost,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    let form: ServiceForm = post.part()?;
    let Typed {
        edit,
        mut forms,
        ok,
    } = typed(&post, &page, &c);
    let provider_ids: Vec<i32> = providers(&state, &page)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    let model = match (form.parse(id, &provider_ids), ok) {
        (Ok(m), true) => m,
        (res, _) => {
            forms.service = Some((form, res.err().unwrap_or_default()));
            return invalid(&state, &page, &c, &plan, forms).await;
        }
    };
    forms.service = Some((form, Errors::default()));
    let actor = Actor::user(&page.user, &meta);
    let done = commands::add_service(&state.db, actor, id, edit.as_ref(), model).await;
    let msg = "Service added. Record the parent's consent to it before signing.";
    answer(&state, &page, &meta, &c, id, done, "services", msg, forms).await
}

pub async fn delete_service(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, sid)): Path<(i32, i32)>,
    post: PlanPost,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    let Typed { edit, forms, ok } = typed(&post, &page, &c);
    if !ok {
        return invalid(&state, &page, &c, &plan, forms).await;
    }
    let actor = Actor::user(&page.user, &meta);
    let done = commands::remove_service(&state.db, actor, id, edit.as_ref(), sid).await;
    let msg = "Service removed from the draft.";
    answer(&state, &page, &meta, &c, id, done, "services", msg, forms).await
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ConsentForm {
    pub given: String,
    pub consent_date: String,
}

/// The scope of one service's consent fields on the draft page.
pub fn consent_scope(sid: i32) -> String {
    format!("c{sid}")
}

/// The parent's consent to one service. Declined services stay on the plan, visible, and
/// are never scheduled or counted as active.
pub async fn service_consent(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, sid)): Path<(i32, i32)>,
    post: PlanPost,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    if !plan.services.iter().any(|s| s.id == sid) {
        return Err(AppError::NotFound);
    }
    let form: ConsentForm = post.scoped(&consent_scope(sid))?;
    let Typed {
        edit,
        mut forms,
        ok,
    } = typed(&post, &page, &c);
    let mut e = Errors::default();
    let given = one_of(
        &mut e,
        "given",
        &form.given,
        &[("yes", "gave consent"), ("no", "declined")],
        "Say whether the parent consented to this service.",
    );
    let date = parse_date(
        &mut e,
        "consent_date",
        &form.consent_date,
        "date of the parent's decision",
    );
    if date.is_some_and(|d| d > page.user.today()) {
        e.add(
            "consent_date",
            "The decision cannot be dated in the future.",
        );
    }
    let (Some(date), true, true) = (date, e.is_empty(), ok) else {
        forms.consent = Some((sid, form, e));
        return invalid(&state, &page, &c, &plan, forms).await;
    };
    forms.consent = Some((sid, form, Errors::default()));
    let actor = Actor::user(&page.user, &meta);
    let yes = given == "yes";
    let done = commands::service_consent(&state.db, actor, id, edit.as_ref(), sid, yes, date).await;
    let msg = "Consent decision recorded.";
    answer(&state, &page, &meta, &c, id, done, "services", msg, forms).await
}
