//! Done dates of the signed IFSP's transition steps.
use super::{
    handlers::{optional_date, workspace},
    views::{self, Forms},
};
use crate::{
    audit::{self, Actor, Event},
    children::authorized_child,
    entities::transition_step,
    error::AppResult,
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
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use axum_extra::extract::Form;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::HashMap;

/// Done dates of the signed plan's transition steps (`done_<position>` fields).
pub async fn steps(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let ws = workspace(&state, &page, c).await?;
    let Some(plan) = &ws.plan else {
        return Ok(flash::redirect(
            &state,
            &format!("/children/{id}/transition"),
            Kind::Info,
            "There is no signed plan with transition steps yet.",
        ));
    };
    let mut e = Errors::default();
    let today = page.user.today();
    let mut dates = Vec::new();
    for s in &ws.steps {
        let raw = fields
            .get(&format!("done_{}", s.position))
            .cloned()
            .unwrap_or_default();
        let d = optional_date(&mut e, "steps", &raw, "done date");
        if d.is_some_and(|d| d > today) {
            e.add("steps", "A step cannot be done in the future.");
        }
        dates.push((s, d));
    }
    if !e.is_empty() {
        let forms = Forms {
            steps: Some((fields, e)),
            ..Default::default()
        };
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::page(&page, &ws, forms),
        )
            .into_response());
    }
    let txn = crate::db::begin_write(&state.db).await?;
    transition_step::Entity::delete_many()
        .filter(transition_step::Column::ChildId.eq(id))
        .filter(transition_step::Column::IfspId.eq(plan.id))
        .exec(&txn)
        .await?;
    for (s, d) in &dates {
        transition_step::ActiveModel {
            child_id: Set(id),
            ifsp_id: Set(plan.id),
            position: Set(s.position),
            step: Set(s.text.clone()),
            done_on: Set(*d),
            recorded_by: Set(Some(page.user.id)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let done = dates.iter().filter(|(_, d)| d.is_some()).count();
    let ev = Event::new("transition.steps_saved", "child", id)
        .detail(json!({ "plan": plan.id, "done": done }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}/transition"),
        Kind::Success,
        "Transition steps saved.",
    ))
}
