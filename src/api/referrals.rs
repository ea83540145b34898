//! Taking a referral through the API: the intake form's parsing, duplicate check and
//! command (`children::intake`), so a referral is held to the same rules however it comes.
use super::{
    body::Body,
    caller::Caller,
    children::Child,
    problem::{ApiResult, Problem},
};
use crate::{
    audit::Actor,
    children::{
        intake::{ReferralForm, commands, possible_duplicates},
        model,
    },
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
};
use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::ToSchema;

/// A referral as the intake form takes it. Choices are the stored strings the form offers
/// (`source`: physician, hospital, parent, …; `relationship`, `preferred_contact`,
/// `language`: en or es).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NewReferral {
    pub first_name: String,
    pub last_name: String,
    /// YYYY-MM-DD.
    pub date_of_birth: String,
    pub gestational_weeks: Option<i32>,
    pub sex: String,
    pub race_ethnicity: String,
    /// YYYY-MM-DD; today in the program's time zone when absent.
    pub received_on: String,
    pub source: String,
    pub source_name: String,
    pub concerns: String,
    pub caregiver_name: String,
    pub relationship: String,
    pub email: String,
    pub phone: String,
    pub preferred_contact: String,
    pub language: String,
    pub interpreter_needed: bool,
    pub address_line: String,
    pub city: String,
    pub county: String,
    pub postal_code: String,
    /// A coordinator of the program, or none.
    pub coordinator_id: Option<i32>,
    /// `true` to record a new child although the program has one of the same name and date
    /// of birth (the answer to a 409 listing them).
    pub not_a_duplicate: bool,
}

impl NewReferral {
    fn form(&self, today: chrono::NaiveDate) -> ReferralForm {
        ReferralForm {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            date_of_birth: self.date_of_birth.clone(),
            gestational_weeks: self
                .gestational_weeks
                .map(|w| w.to_string())
                .unwrap_or_default(),
            sex: self.sex.clone(),
            race_ethnicity: self.race_ethnicity.clone(),
            received_on: if self.received_on.trim().is_empty() {
                today.to_string()
            } else {
                self.received_on.clone()
            },
            source: self.source.clone(),
            source_name: self.source_name.clone(),
            concerns: self.concerns.clone(),
            caregiver_name: self.caregiver_name.clone(),
            relationship: self.relationship.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            preferred_contact: self.preferred_contact.clone(),
            language: self.language.clone(),
            interpreter_needed: self.interpreter_needed.then(|| "on".into()),
            address_line: self.address_line.clone(),
            city: self.city.clone(),
            county: self.county.clone(),
            postal_code: self.postal_code.clone(),
            coordinator_id: self
                .coordinator_id
                .map(|c| c.to_string())
                .unwrap_or_default(),
            duplicate: if self.not_a_duplicate {
                "new".into()
            } else {
                String::new()
            },
        }
    }
}

/// Records a referral: a new child's case in the program's intake.
#[utoipa::path(post, path = "/referrals", tag = "referrals",
    request_body = NewReferral,
    security(("token" = [])),
    responses(
        (status = 201, description = "The referral was recorded; the new child", body = Child),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read-only token, or a role that takes no referrals", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The program has a child of that name and date of birth; send `not_a_duplicate` to record a new one", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The referral cannot be taken as it is; `errors` names each field", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    meta: RequestMeta,
    Body(body): Body<NewReferral>,
) -> ApiResult<Response> {
    caller.may_write()?;
    let u = &caller.user;
    policy::require(&state.db, u, &meta, Action::CreateReferral).await?;
    let form = body.form(u.today());
    let parsed = form
        .parse(u.today(), &u.rules)
        .map_err(|e| Problem::invalid(&e))?;
    if let Some(id) = parsed.coordinator_id {
        let coordinators = model::coordinators(&state.db, u.program_id).await?;
        if !coordinators.iter().any(|c| c.id == id) {
            return Err(Problem::field(
                "coordinator_id",
                "Choose a coordinator of the program.",
            ));
        }
    }
    let dups = possible_duplicates(&state.db, u.program_id, &parsed).await?;
    if !dups.is_empty() && form.duplicate != "new" {
        let ids: Vec<String> = dups.iter().map(|c| c.id.to_string()).collect();
        return Err(Problem::new(
            StatusCode::CONFLICT,
            format!(
                "The program has a child of this name and date of birth (id {}); send `not_a_duplicate: true` to record a new one.",
                ids.join(", ")
            ),
        ));
    }
    // A token's identity is no coordinator, so the child is not put on its caseload (the
    // form puts a coordinator's own referral on theirs).
    let actor = Actor::user(u, &meta);
    let kid = commands::refer(&state.db, actor, u.program_id, u.id, parsed).await?;
    let location = format!("{}/children/{}", super::PREFIX, kid.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(Child::from(&kid)),
    )
        .into_response())
}
