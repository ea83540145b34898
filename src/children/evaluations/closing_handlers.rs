//! The pages that correct or withdraw an evaluation entered by mistake: each reads the child
//! (audited by the policy) and the evaluation, parses the form, and calls `closing`.
use super::{
    EvaluationForm, WithdrawForm,
    closing::{self, CloseError},
    find, parse_reason, results,
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::{authorized_child, model, records::ChangeError, views},
    entities::{child, evaluation, ifsp},
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
    response::{IntoResponse, Response},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The child and one of its evaluations that still counts, or the answer to give instead:
/// back to the child page when it was already withdrawn or corrected, a conflict when a
/// signed plan rests on it.
async fn open(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    eid: i32,
) -> AppResult<Result<(child::Model, evaluation::Model), Response>> {
    let c = authorized_child(state, page, meta, id, Action::EditChild).await?;
    let ev = find(&state.db, id, eid).await?.ok_or(AppError::NotFound)?;
    if !ev.counts() {
        return Ok(Err(already_closed(state, id)));
    }
    let plans = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(id))
        .all(&state.db)
        .await?;
    if closing::is_basis_of_signed_plan(&ev, &plans) {
        return Err(basis_of_signed_plan());
    }
    Ok(Ok((c, ev)))
}

fn already_closed(state: &AppState, child_id: i32) -> Response {
    flash::redirect(
        state,
        &format!("/children/{child_id}#eligibility"),
        Kind::Info,
        "This evaluation was already withdrawn or corrected; nothing was changed.",
    )
}

fn basis_of_signed_plan() -> AppError {
    AppError::Conflict(
        "A signed IFSP rests on this evaluation's eligibility decision, and a signed record never changes, so the evaluation cannot be corrected or withdrawn. Record a new evaluation instead; the team's decision on it is recorded as usual."
            .into(),
    )
}

fn refused(state: &AppState, child_id: i32, e: CloseError) -> AppResult<Response> {
    match e {
        CloseError::AlreadyClosed => Ok(already_closed(state, child_id)),
        CloseError::BasisOfSignedPlan => Err(basis_of_signed_plan()),
        CloseError::Stale => Err(ChangeError::Stale.into()),
        CloseError::NotFound => Err(AppError::NotFound),
        CloseError::Db(e) => Err(e.into()),
    }
}

pub async fn withdraw_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, eid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let (c, ev) = match open(&state, &page, &meta, id, eid).await? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    Ok(views::withdraw_form(&page, &c, &ev, "", &Errors::default()).into_response())
}

pub async fn withdraw(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, eid)): Path<(i32, i32)>,
    Form(form): Form<WithdrawForm>,
) -> AppResult<Response> {
    let (c, ev) = match open(&state, &page, &meta, id, eid).await? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let reason = match parse_reason(&form.reason) {
        Ok(r) => r,
        Err(e) => {
            return Ok(respond::invalid(views::withdraw_form(
                &page,
                &c,
                &ev,
                &form.reason,
                &e,
            )));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    if let Err(e) = closing::withdraw(&state.db, actor, &c, eid, page.user.id, reason).await {
        return refused(&state, id, e);
    }
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}#eligibility"),
        Kind::Success,
        "Evaluation withdrawn. It stays on the record, struck through with your reason, and no longer counts for eligibility or the clocks.",
    ))
}

pub async fn correct_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, eid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let (c, ev) = match open(&state, &page, &meta, id, eid).await? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let form = EvaluationForm::from_record(&ev, &results(&state.db, eid).await?);
    Ok(views::correction_form(&page, &c, &ev, &form, &Errors::default()).into_response())
}

pub async fn correct(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, eid)): Path<(i32, i32)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (c, ev) = match open(&state, &page, &meta, id, eid).await? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let referral = model::current_referral(&state.db, id).await?;
    let form = EvaluationForm(pairs.into_iter().collect());
    let rules = &page.user.rules;
    let parsed = form.parse(&c, referral.as_ref(), page.user.today(), rules);
    let reason = form.reason();
    let (parsed, reason) = match (parsed, reason) {
        (Ok(p), Ok(r)) => (p, r),
        (p, r) => {
            let mut errors = p.err().unwrap_or_default();
            for (field, msg) in r.err().unwrap_or_default().iter() {
                errors.add(field, msg.clone());
            }
            let body = views::correction_form(&page, &c, &ev, &form, &errors);
            return Ok(respond::invalid(body));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    let fix = closing::Correction {
        evaluation: parsed,
        reason,
    };
    let new = match closing::correct(&state.db, actor, &c, eid, page.user.id, rules, fix).await {
        Ok(new) => new,
        Err(e) => return refused(&state, id, e),
    };
    let msg = if new.proposed_eligible {
        "Correction saved; the evaluation as first entered is marked as corrected. Under the program's rule the child appears eligible: confirm the team's decision below."
    } else {
        "Correction saved; the evaluation as first entered is marked as corrected. Under the program's rule the child does not appear eligible: confirm the team's decision below."
    };
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}#evaluation-{}", new.id),
        Kind::Info,
        msg,
    ))
}
