//! Done dates of the signed IFSP's transition steps.
use super::{
    commands,
    handlers::{optional_date, workspace},
    views::{self, Forms},
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::authorized_child,
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
    let mut done = Vec::new();
    for s in &ws.steps {
        let raw = fields
            .get(&format!("done_{}", s.position))
            .cloned()
            .unwrap_or_default();
        let d = optional_date(&mut e, "steps", &raw, "done date");
        if d.is_some_and(|d| d > today) {
            e.add("steps", "A step cannot be done in the future.");
        }
        done.push(commands::StepDone {
            position: s.position,
            text: s.text.clone(),
            done_on: d,
        });
    }
    if !e.is_empty() {
        let forms = Forms {
            steps: Some((fields, e)),
            ..Default::default()
        };
        return Ok(respond::invalid(views::page(&page, &ws, forms)));
    }
    let actor = Actor::user(&page.user, &meta);
    commands::steps(&state.db, actor, id, plan.id, page.user.id, done).await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}/transition"),
        Kind::Success,
        "Transition steps saved.",
    ))
}
