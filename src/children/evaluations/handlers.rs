//! The evaluation form and the team's decision. The evaluation form reads the child and
//! its current referral (the date is checked against it); the decision, the evaluation.
use super::{
    DecisionForm, EvaluationForm,
    commands::{self, ConfirmError},
    find,
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::{authorized_child, model, records::ChangeError, views},
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

pub async fn new(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let mut form = EvaluationForm::default();
    form.0
        .insert("evaluated_on".into(), page.user.today().to_string());
    Ok(views::evaluation_form(&page, &c, &form, &Errors::default()))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let referral = model::current_referral(&state.db, id).await?;
    let form = EvaluationForm(pairs.into_iter().collect());
    let rules = &page.user.rules;
    let parsed = match form.parse(&c, referral.as_ref(), page.user.today(), rules) {
        Ok(p) => p,
        Err(errors) => {
            let body = views::evaluation_form(&page, &c, &form, &errors);
            return Ok(respond::invalid(body));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    let decision = commands::record(&state.db, actor, id, page.user.id, rules, parsed).await?;
    let msg = if decision.eligible {
        "Evaluation recorded. Under the program's rule the child appears eligible: confirm the team's decision below."
    } else {
        "Evaluation recorded. Under the program's rule the child does not appear eligible: confirm the team's decision below."
    };
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}#eligibility"),
        Kind::Info,
        msg,
    ))
}

/// Back to the child page: the team's decision on this evaluation is already on record.
fn already_confirmed(state: &AppState, child_id: i32) -> Response {
    flash::redirect(
        state,
        &format!("/children/{child_id}"),
        Kind::Info,
        "This evaluation's decision was already confirmed; nothing was changed.",
    )
}

/// Back to the child page: the evaluation was withdrawn or corrected meanwhile.
fn withdrawn(state: &AppState, child_id: i32) -> Response {
    flash::redirect(
        state,
        &format!("/children/{child_id}"),
        Kind::Info,
        "This evaluation was withdrawn or corrected, so there is no decision to confirm on it; nothing was changed.",
    )
}

/// The team confirms (or overrides) the proposed decision; prior written notice is dated.
pub async fn confirm(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, eid)): Path<(i32, i32)>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let ev = find(&state.db, id, eid).await?.ok_or(AppError::NotFound)?;
    // A form opened before the decision (or the withdrawal): say so rather than point at
    // its fields.
    if !ev.counts() {
        return Ok(withdrawn(&state, id));
    }
    if ev.confirmed_eligible.is_some() {
        return Ok(already_confirmed(&state, id));
    }
    let today = page.user.today();
    let d = match form.parse(today, ev.evaluated_on) {
        Ok(d) => d,
        Err(e) => {
            return Ok(respond::invalid(views::decision_errors(
                &page, &c, &ev, &form, &e,
            )));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    match commands::confirm(&state.db, actor, &c, eid, page.user.id, today, d).await {
        Ok(()) => {}
        Err(ConfirmError::AlreadyConfirmed) => return Ok(already_confirmed(&state, id)),
        Err(ConfirmError::Closed) => return Ok(withdrawn(&state, id)),
        Err(ConfirmError::Stale) => return Err(ChangeError::Stale.into()),
        Err(ConfirmError::Db(e)) => return Err(e.into()),
    }
    let msg = if d.eligible {
        "Eligible: the initial IFSP meeting is the next step."
    } else {
        "Not eligible: prior written notice recorded."
    };
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        msg,
    ))
}
