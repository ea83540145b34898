//! Starting a draft, showing a plan and saving its narrative.
use super::{
    commands::{self, SaveError, StartError, Started},
    load_draft, load_plan,
    model::{self},
    views::{self, Forms},
};
use crate::views::form_body::Form;
use crate::{
    audit::{Actor, Event},
    children::authorized_child,
    entities::{Choice, child, ifsp},
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
    extract::{Path, State},
    response::Response,
};
use maud::Markup;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPlanForm {
    pub kind: String,
}

/// Starts a draft: the initial plan, or a new version copied from the signed one.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(child_id): Path<i32>,
    Form(form): Form<NewPlanForm>,
) -> AppResult<Response> {
    authorized_child(&state, &page, &meta, child_id, Action::EditChild).await?;
    let kind = ifsp::Kind::parse(form.kind.trim());
    let actor = Actor::user(&page.user, &meta);
    let back = format!("/children/{child_id}");
    let (to, kind, msg) = match commands::start(&state.db, actor, child_id, kind, page.user.id)
        .await
    {
        Ok(Started::New(d)) => (format!("/ifsps/{d}"), Kind::Success, "Draft started."),
        Ok(Started::Existing(d)) => (
            format!("/ifsps/{d}"),
            Kind::Info,
            "A draft already exists; continue it here.",
        ),
        Err(StartError::KindNeeded) => (
            back,
            Kind::Error,
            "Choose what kind of new version to start.",
        ),
        Err(StartError::NotEligible) => (
            back,
            Kind::Error,
            "An IFSP is written for an eligible child (or, as an interim plan, during evaluation).",
        ),
        Err(StartError::Db(e)) => return Err(e.into()),
    };
    Ok(flash::redirect(&state, &to, kind, msg))
}

/// The plan. Every view is audited, like every view of a child's record.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let (c, plan) = load_plan(&state, &page, &meta, id, Action::ViewChild).await?;
    state
        .audit
        .record(
            &Actor::user(&page.user, &meta),
            Event::new("ifsp.viewed", "ifsp", id).detail(json!({ "child": c.id })),
        )
        .await?;
    render(&state, &page, &c, &plan, Forms::default()).await
}

pub async fn render(
    state: &AppState,
    page: &Page,
    c: &child::Model,
    plan: &model::Plan,
    forms: Forms,
) -> AppResult<Markup> {
    let versions = model::versions(&state.db, c.id).await?;
    // The menu of every provider only where the service form is shown (the same condition
    // as `views::plan_page`); otherwise the names of those on the plan's services.
    let editable =
        plan.ifsp.is_draft() && policy::can(&page.user, Action::EditChild, &Target::child(c));
    let mut forms = forms;
    if editable {
        forms.family_lang = Some(model::family_lang(&state.db, c).await?);
    }
    let providers = if editable {
        super::parts::providers(state, page).await?
    } else {
        super::parts::named(state, plan).await?
    };
    let facts = crate::timeline::facts::for_child(&state.db, c).await?;
    let today = page.user.today();
    let clocks = crate::timeline::clocks(&facts, &page.user.rules, today);
    let in_window =
        today >= crate::timeline::transition_dates(c.date_of_birth, &page.user.rules).earliest;
    let signing = views::Signing {
        problems: model::signing_problems(plan, in_window),
        in_window,
    };
    Ok(views::plan_page(
        page, c, plan, &versions, &providers, &clocks, forms, &signing,
    ))
}

/// Saves the narrative parts of a draft, refusing a save that started from an older version.
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    post: super::post::PlanPost,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    let form = post.plan_form()?;
    let narrative = match form.parse(page.user.today(), c.date_of_birth) {
        Ok(n) => n,
        Err(errors) => {
            let forms = Forms {
                plan: Some((form, errors)),
                ..Default::default()
            };
            return Ok(respond::invalid(
                render(&state, &page, &c, &plan, forms).await?,
            ));
        }
    };
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let actor = Actor::user(&page.user, &meta);
    match commands::save(&state.db, actor, id, seen, narrative).await {
        Ok(_) => Ok(flash::redirect(
            &state,
            &format!("/ifsps/{id}"),
            Kind::Success,
            "Plan saved.",
        )),
        Err(SaveError::Stale { current }) => {
            let mut mine = form;
            mine.version = current.ifsp.version.to_string();
            let forms = Forms {
                plan: Some((mine, Errors::default())),
                conflict: true,
                ..Default::default()
            };
            Ok(respond::conflict(
                render(&state, &page, &c, &current, forms).await?,
            ))
        }
        Err(SaveError::NotDraft) => Err(super::signed_meanwhile(&state, &page, &meta, id).await),
        Err(SaveError::Db(e)) => Err(e.into()),
    }
}
