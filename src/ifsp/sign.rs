//! Signing (which locks a version) and comparing two versions.
use super::{
    commands::{self, SignError, Signatures},
    handlers::render,
    load_draft, load_plan,
    model::{self, signing_problems},
    parts::{Typed, invalid, typed},
    post::PlanPost,
    views,
};
use crate::{
    audit::{Actor, Event},
    entities::ifsp_signature::Method,
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    timeline::transition_dates,
    views::{
        Page,
        fields::{parse_date, required},
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

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct SignForm {
    pub parent_name: String,
    pub parent_signed_on: String,
    pub parent_method: String,
    pub coordinator_name: String,
    pub coordinator_signed_on: String,
}

/// Signing locks the plan: it becomes the active plan and the one before it is superseded.
pub async fn sign(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    post: PlanPost,
) -> AppResult<Response> {
    let (c, mut plan) = load_draft(&state, &page, &meta, id).await?;
    let form: SignForm = post.part()?;
    let Typed {
        edit,
        mut forms,
        ok,
    } = typed(&post, &page, &c);
    // Checked as it will be signed: with the typed fields that are saved with it.
    if let Some(edit) = &edit {
        edit.narrative.apply(&mut plan.ifsp);
    }
    let today = page.user.today();
    let t = transition_dates(c.date_of_birth, &page.user.rules);
    let mut e = Errors::default();
    let problems = signing_problems(&plan, today >= t.earliest);
    if !problems.is_empty() {
        e.add(
            "plan",
            "The plan is not ready to sign yet: see what is missing above the signatures.",
        );
    }
    let parent = required(
        &mut e,
        "parent_name",
        &form.parent_name,
        "Type the parent's name as their signature.",
        120,
    );
    let parent_on = parse_date(
        &mut e,
        "parent_signed_on",
        &form.parent_signed_on,
        "date the parent signed",
    );
    let method: Option<Method> = e.choice(
        "parent_method",
        &form.parent_method,
        "Say whether the parent signed in person or remotely.",
    );
    let coordinator = required(
        &mut e,
        "coordinator_name",
        &form.coordinator_name,
        "Type the service coordinator's name as their signature.",
        120,
    );
    let coord_on = parse_date(
        &mut e,
        "coordinator_signed_on",
        &form.coordinator_signed_on,
        "date the coordinator signed",
    );
    for (field, d) in [
        ("parent_signed_on", parent_on),
        ("coordinator_signed_on", coord_on),
    ] {
        if d.is_some_and(|d| d > today) {
            e.add(field, "A signature cannot be dated in the future.");
        }
        if let (Some(d), Some(m)) = (d, plan.ifsp.meeting_date)
            && d < m
        {
            e.add(field, "A signature cannot come before the meeting.");
        }
    }
    let (Some(parent_on), Some(coord_on), Some(method), true, true) =
        (parent_on, coord_on, method, e.is_empty(), ok)
    else {
        forms.sign = Some((form, e));
        return invalid(&state, &page, &c, &plan, forms).await;
    };
    let signatures = Signatures {
        parent,
        parent_on,
        parent_method: method,
        coordinator,
        coordinator_on: coord_on,
    };
    let actor = Actor::user(&page.user, &meta);
    match commands::sign(&state.db, actor, &plan, edit.as_ref(), signatures).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            &format!("/ifsps/{id}"),
            Kind::Success,
            "Signed. This version is now locked; changes start a new version.",
        )),
        Err(SignError::NotDraft) => Err(super::signed_meanwhile(&state, &page, &meta, id).await),
        Err(SignError::Stale) => {
            // Checked again on the plan as it is now; what was typed stays in the form.
            let current = model::load(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut e = Errors::default();
            e.add(
                "plan",
                "The plan changed while you were signing it; nothing was signed. Check it as it is now and sign again.",
            );
            forms.sign = Some((form, e));
            if let Some((f, _)) = forms.plan.as_mut() {
                f.version = current.ifsp.version.to_string();
                forms.conflict = true;
            }
            Ok(respond::conflict(
                render(&state, &page, &c, &current, forms).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Two versions of the same child's plan side by side.
pub async fn compare(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, other)): Path<(i32, i32)>,
) -> AppResult<Markup> {
    let (c, a) = load_plan(&state, &page, &meta, id, Action::ViewChild).await?;
    let b = model::load(&state.db, other)
        .await?
        .ok_or(AppError::NotFound)?;
    if b.ifsp.child_id != c.id {
        return Err(AppError::NotFound);
    }
    state
        .audit
        .record(
            &Actor::user(&page.user, &meta),
            Event::new("ifsp.compared", "ifsp", id).detail(json!({ "with": other })),
        )
        .await?;
    Ok(views::compare(&page, &c, &b, &a))
}
