use super::{
    form::PlanForm,
    load_draft, load_plan,
    model::{self},
    views::{self, Forms},
};
use crate::{
    audit::{self, Actor, Event},
    children::authorized_child,
    entities::{child, ifsp},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::Errors,
    },
};
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::Utc;
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
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
    let c = authorized_child(&state, &page, &meta, child_id, Action::EditChild).await?;
    let versions = model::versions(&state.db, child_id).await?;
    if let Some(d) = versions.iter().find(|v| v.is_draft()) {
        return Ok(flash::redirect(
            &state,
            &format!("/ifsps/{}", d.id),
            Kind::Info,
            "A draft already exists; continue it here.",
        ));
    }
    let signed = versions.iter().find(|v| v.status == ifsp::Status::Signed);
    let has_initial = versions
        .iter()
        .any(|v| v.kind == ifsp::Kind::Initial && !v.is_draft());
    let kind = match signed {
        None if c.status == child::Status::Evaluating => ifsp::Kind::Interim,
        None => ifsp::Kind::Initial,
        Some(_) => {
            let mut e = Errors::default();
            let k = e
                .choice("kind", &form.kind, "Choose the kind of new version.")
                .filter(|k| *k != ifsp::Kind::Initial || !has_initial);
            let Some(k) = k else {
                return Ok(flash::redirect(
                    &state,
                    &format!("/children/{child_id}"),
                    Kind::Error,
                    "Choose what kind of new version to start.",
                ));
            };
            k
        }
    };
    if !matches!(c.status, child::Status::Active | child::Status::Evaluating) {
        return Ok(flash::redirect(
            &state,
            &format!("/children/{child_id}"),
            Kind::Error,
            "An IFSP is written for an eligible child (or, as an interim plan, during evaluation).",
        ));
    }
    let from = match signed {
        Some(s) => model::load(&state.db, s.id).await?,
        None => None,
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let draft = model::create_draft(&txn, &c, kind, from.as_ref(), page.user.id).await?;
    let ev = Event::new("ifsp.draft_started", "child", child_id).detail(
        json!({ "ifsp": draft.id, "kind": kind, "from": from.as_ref().map(|p| p.ifsp.id) }),
    );
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/ifsps/{}", draft.id),
        Kind::Success,
        "Draft started.",
    ))
}

/// The plan. Every view is audited, like every view of a child's record.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let (c, plan) = load_plan(&state, &page, &meta, id, Action::ViewChild).await?;
    audit::record(
        &state.db,
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
    let providers = super::parts::providers(state, page).await?;
    let facts = crate::timeline::facts::for_child(&state.db, c).await?;
    let clocks = crate::timeline::clocks(&facts, &page.user.rules, page.user.today());
    Ok(views::plan_page(
        page, c, plan, &versions, &providers, &clocks, forms,
    ))
}

/// Saves the narrative parts of a draft, refusing a save that started from an older version.
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<PlanForm>,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    let date = match form.parse(page.user.today(), c.date_of_birth) {
        Ok(d) => d,
        Err(errors) => {
            let body = render(
                &state,
                &page,
                &c,
                &plan,
                Forms {
                    plan: Some((form, errors)),
                    ..Default::default()
                },
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
        }
    };
    let started_from: i32 = form.version.parse().unwrap_or(-1);
    let t = |s: &str| Expr::value(s.trim().to_owned());
    let txn = crate::db::begin_write(&state.db).await?;
    let res = ifsp::Entity::update_many()
        .col_expr(ifsp::Column::MeetingDate, Expr::value(date))
        .col_expr(ifsp::Column::Participants, t(&form.participants))
        .col_expr(ifsp::Column::PresentCognitive, t(&form.present_cognitive))
        .col_expr(ifsp::Column::PresentPhysical, t(&form.present_physical))
        .col_expr(
            ifsp::Column::PresentCommunication,
            t(&form.present_communication),
        )
        .col_expr(
            ifsp::Column::PresentSocialEmotional,
            t(&form.present_social_emotional),
        )
        .col_expr(ifsp::Column::PresentAdaptive, t(&form.present_adaptive))
        .col_expr(
            ifsp::Column::FamilyAgrees,
            Expr::value(form.family_agrees.is_some()),
        )
        .col_expr(ifsp::Column::FamilyConcerns, t(&form.family_concerns))
        .col_expr(ifsp::Column::FamilyPriorities, t(&form.family_priorities))
        .col_expr(ifsp::Column::FamilyResources, t(&form.family_resources))
        .col_expr(ifsp::Column::Routines, t(&form.routines))
        .col_expr(ifsp::Column::OtherServices, t(&form.other_services))
        .col_expr(ifsp::Column::TransitionSteps, t(&form.transition_steps))
        .col_expr(ifsp::Column::BehaviorPatterns, t(&form.behavior_patterns))
        .col_expr(ifsp::Column::BehaviorFunction, t(&form.behavior_function))
        .col_expr(ifsp::Column::ReplacementSkills, t(&form.replacement_skills))
        .col_expr(
            ifsp::Column::CaregiverResponses,
            t(&form.caregiver_responses),
        )
        .col_expr(ifsp::Column::Version, Expr::value(started_from + 1))
        .col_expr(ifsp::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(ifsp::Column::Id.eq(id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Draft))
        .filter(ifsp::Column::Version.eq(started_from))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        txn.rollback().await?;
        let current = model::load(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut mine = form;
        mine.version = current.ifsp.version.to_string();
        let forms = Forms {
            plan: Some((mine, Errors::default())),
            conflict: true,
            ..Default::default()
        };
        let body = render(&state, &page, &c, &current, forms).await?;
        return Ok((StatusCode::CONFLICT, body).into_response());
    }
    audit::record_in(
        &txn,
        &Actor::user(&page.user, &meta),
        Event::new("ifsp.saved", "ifsp", id).detail(json!({ "version": started_from + 1 })),
    )
    .await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/ifsps/{id}"),
        Kind::Success,
        "Plan saved.",
    ))
}
