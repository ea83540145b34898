//! Referral intake from health care: a FHIR R4 `ServiceRequest` (the BSeR shape, see
//! `fhir_referral`) becomes a referral in the program's intake queue, through the same
//! parsing, duplicate check and command as the intake form and `POST /referrals`. The
//! answer is a `Task` the referrer polls for where the referral stands; a refusal is an
//! `OperationOutcome` naming each problem and its element.
//!
//! The `Task` says only where the referral is (received, being evaluated, intake finished),
//! never the child's eligibility or services: telling the referrer those needs the parent's
//! consent (34 CFR 303.414). A token polls only the referrals it sent.
use super::{
    caller::Caller,
    fhir_identifier,
    fhir_outcome::{Issue, Outcome, fhir},
    fhir_referral::{self, PROGRAM_SYSTEM},
    problem::Problem,
};
use crate::{
    audit::{Actor, Event},
    children::intake::{commands, possible_duplicates},
    entities::{child, program, referral},
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// Where a referral stands, as a FHIR `Task` (status, and a business status in words).
fn task(r: &referral::Model, kid: &child::Model) -> Value {
    let (status, words) = match kid.status {
        child::Status::Referred => ("received", "In the program's intake"),
        child::Status::Evaluating => ("in-progress", "Evaluation under way"),
        _ => ("completed", "Intake finished"),
    };
    json!({
        "resourceType": "Task",
        "id": r.id.to_string(),
        "status": status,
        "businessStatus": { "text": words },
        "intent": "order",
        "focus": { "reference": format!("ServiceRequest/{}", r.id) },
        "authoredOn": r.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "lastModified": kid.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// Takes a referral sent as a FHIR R4 Bundle (or a ServiceRequest with `contained`
/// resources): creates it in the program's intake and answers with a Task to poll.
#[utoipa::path(post, path = "/fhir/ServiceRequest", tag = "referrals",
    request_body(content = Object, content_type = "application/fhir+json",
        description = "A Bundle with a ServiceRequest, its Patient (subject), the requester (Practitioner, PractitionerRole or Organization) and optionally the parent as a RelatedPerson; or a ServiceRequest holding them in `contained`. `performer` may name the program by the identifier system `urn:hearth:program`."),
    security(("token" = [])),
    responses(
        (status = 200, description = "A retry: this token already sent a ServiceRequest with the same `identifier` (system and value); the answer is the Task that request created (same id and Location) and nothing is created again", content_type = "application/fhir+json"),
        (status = 201, description = "The referral is in the program's intake; a Task to poll (Location). Send `ServiceRequest.identifier` so that a retry is answered with this Task (200) instead of 409", content_type = "application/fhir+json"),
        (status = 400, description = "The body is not JSON", content_type = "application/fhir+json"),
        (status = 401, description = "No live token", content_type = "application/fhir+json"),
        (status = 403, description = "A read-only token, or a role that takes no referrals", content_type = "application/fhir+json"),
        (status = 409, description = "The program has a child of this name and date of birth (and this token sent no request with the same identifier); not recorded again", content_type = "application/fhir+json"),
        (status = 422, description = "An OperationOutcome naming each problem and its element", content_type = "application/fhir+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Result<Caller, Problem>,
    meta: RequestMeta,
    body: Bytes,
) -> Result<Response, Outcome> {
    let caller = caller?;
    caller.may_write()?;
    let u = &caller.user;
    policy::require(&state.db, u, &meta, Action::CreateReferral).await?;
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        Outcome::one(
            StatusCode::BAD_REQUEST,
            "structure",
            format!("The body is not JSON: {e}."),
        )
    })?;
    let mut read = fhir_referral::read(&value);
    // A retry of a request this token already sent: the same Task, nothing created.
    if let Some(id) = &read.identifier
        && let Some((r, kid)) =
            fhir_identifier::find(&state.db, caller.token.id, u.program_id, id).await?
    {
        return answer_retry(&state, u, &meta, &r, &kid).await;
    }
    if let Some(slug) = &read.program {
        let ours = program::Entity::find_by_id(u.program_id)
            .one(&state.db)
            .await?;
        if ours.is_none_or(|p| &p.slug != slug) {
            // Another program's referrals are not this token's to make, nor is it told
            // whether that program exists.
            read.issues.push(Issue::new(
                "not-found",
                format!("Unknown program '{slug}' ({PROGRAM_SYSTEM}); send the referral to the program this token belongs to."),
                &["ServiceRequest.performer"],
            ));
        }
    }
    let today = u.today();
    if read.form.received_on.is_empty() {
        read.form.received_on = today.to_string();
    }
    let parsed = read.form.parse(today, &u.rules);
    let mut issues = read.issues;
    if let Err(errors) = &parsed {
        for (field, msg) in errors.iter() {
            let code = if fhir_referral::blank(&read.form, field) {
                "required"
            } else {
                "invalid"
            };
            let at = fhir_referral::element(field, read.authored);
            issues.push(Issue::new(code, msg.clone(), at));
        }
    }
    if !issues.is_empty() {
        return Err(Outcome::new(StatusCode::UNPROCESSABLE_ENTITY, issues));
    }
    let parsed =
        parsed.map_err(|_| Outcome::one(StatusCode::UNPROCESSABLE_ENTITY, "invalid", ""))?;
    if !possible_duplicates(&state.db, u.program_id, &parsed)
        .await?
        .is_empty()
    {
        return Err(Outcome::one(
            StatusCode::CONFLICT,
            "duplicate",
            "The program already has a child of this name and date of birth; the referral was not recorded again. Call the program if this is a new referral.",
        ));
    }
    let actor = Actor::user(u, &meta);
    let (r, kid) = match &read.identifier {
        None => {
            let kid = commands::refer(&state.db, actor, u.program_id, u.id, parsed).await?;
            let r = referral::Entity::find()
                .filter(referral::Column::ChildId.eq(kid.id))
                .one(&state.db)
                .await?
                .ok_or_else(|| Outcome::one(StatusCode::INTERNAL_SERVER_ERROR, "exception", ""))?;
            (r, kid)
        }
        Some(id) => {
            let token = caller.token.id;
            match fhir_identifier::refer(&state.db, actor, token, u.program_id, u.id, id, parsed)
                .await?
            {
                Some((r, kid)) => (r, kid),
                // A concurrent retry created it between our look-up and our write.
                None => {
                    let (r, kid) = fhir_identifier::find(&state.db, token, u.program_id, id)
                        .await?
                        .ok_or_else(|| {
                            Outcome::one(StatusCode::INTERNAL_SERVER_ERROR, "exception", "")
                        })?;
                    return answer_retry(&state, u, &meta, &r, &kid).await;
                }
            }
        }
    };
    Ok(task_response(StatusCode::CREATED, &r, &kid))
}

/// The Task with its Location.
fn task_response(status: StatusCode, r: &referral::Model, kid: &child::Model) -> Response {
    let location = format!("{}/fhir/Task/{}", super::PREFIX, r.id);
    let mut res = fhir(status, task(r, kid));
    res.headers_mut().insert(
        header::LOCATION,
        location.parse().expect("a path is a header value"),
    );
    res.into_response()
}

/// A retry's answer: the first request's Task, 200; the read of where the child's referral
/// stands is audited like a poll.
async fn answer_retry(
    state: &AppState,
    u: &crate::auth::CurrentUser,
    meta: &RequestMeta,
    r: &referral::Model,
    kid: &child::Model,
) -> Result<Response, Outcome> {
    state
        .audit
        .record(
            &Actor::user(u, meta),
            Event::new("referral.retry_answered", "child", kid.id),
        )
        .await?;
    Ok(task_response(StatusCode::OK, r, kid))
}

/// Where a referral this token sent stands.
#[utoipa::path(get, path = "/fhir/Task/{id}", tag = "referrals",
    params(("id" = i32, Path, description = "The Task id the referral's answer gave")),
    security(("token" = [])),
    responses(
        (status = 200, description = "A Task: received, in-progress or completed, with a business status in words", content_type = "application/fhir+json"),
        (status = 401, description = "No live token", content_type = "application/fhir+json"),
        (status = 404, description = "No referral of this id sent with this token", content_type = "application/fhir+json"),
    ))]
pub async fn status(
    State(state): State<AppState>,
    caller: Result<Caller, Problem>,
    meta: RequestMeta,
    Path(id): Path<String>,
) -> Result<Response, Outcome> {
    let caller = caller?;
    let u = &caller.user;
    let not_found = || Outcome::from(Problem::not_found());
    let id: i32 = id.parse().map_err(|_| not_found())?;
    let r = referral::Entity::find_by_id(id)
        .filter(referral::Column::CreatedBy.eq(u.id))
        .one(&state.db)
        .await?
        .ok_or_else(not_found)?;
    let kid = child::Entity::find_by_id(r.child_id)
        .filter(child::Column::ProgramId.eq(u.program_id))
        .one(&state.db)
        .await?
        .ok_or_else(not_found)?;
    state
        .audit
        .record(
            &Actor::user(u, &meta),
            Event::new("referral.status_read", "child", kid.id),
        )
        .await?;
    Ok(fhir(StatusCode::OK, task(&r, &kid)))
}
