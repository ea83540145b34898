//! The survey's routes: the form, sending it, saying no. Each view and change is audited as
//! the family (the link and caregiver in the detail; never the answers).
use super::{
    session::Family,
    survey::{self, Respondent, Stored, SurveyForm},
    survey_views::{self, Offer},
};
use crate::{
    audit::Event,
    auth::csrf::CsrfToken,
    error::AppResult,
    state::AppState,
    views::{form::Errors, form_body::Form, respond},
};
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{ConnectionTrait, DbErr};

/// Where the family stands with this year's survey.
pub async fn offer(db: &impl ConnectionTrait, f: &Family) -> Result<Offer, DbErr> {
    let year = survey::year_of(f.today());
    Ok(match survey::of_year(db, f.link.family_id, year).await? {
        Some(row) => Offer::Done(row.status),
        None => Offer::Open,
    })
}

fn respondent(f: &Family) -> Respondent {
    Respondent {
        program_id: f.child.program_id,
        family_id: f.link.family_id,
        child_id: f.child.id,
        today: f.today(),
        lang: f.lang,
        who: f.who(),
    }
}

fn already(f: &Family) -> Response {
    survey_views::already(f.lang, survey::year_of(f.today())).into_response()
}

pub async fn form(
    State(state): State<AppState>,
    family: Family,
    csrf: CsrfToken,
) -> AppResult<Response> {
    let ev = Event::new("family.survey_viewed", "child", family.child.id).detail(family.who());
    state.audit.record(&family.actor(), ev).await?;
    if offer(&state.db, &family).await? != Offer::Open {
        return Ok(already(&family));
    }
    let page = survey_views::page(&family, &SurveyForm::default(), &Errors::default(), &csrf.0);
    Ok(page.into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    family: Family,
    csrf: CsrfToken,
    Form(form): Form<SurveyForm>,
) -> AppResult<Response> {
    let answers = match survey::parse(&form, family.lang) {
        Ok(a) => a,
        Err(errors) => {
            return Ok(respond::invalid(survey_views::page(
                &family, &form, &errors, &csrf.0,
            )));
        }
    };
    stored(&state, &family, Some(answers), "survey").await
}

pub async fn decline(State(state): State<AppState>, family: Family) -> AppResult<Response> {
    stored(&state, &family, None, "survey_declined").await
}

async fn stored(
    state: &AppState,
    family: &Family,
    answers: Option<survey::Answers>,
    saved: &str,
) -> AppResult<Response> {
    let r = respondent(family);
    match survey::submit(&state.db, family.actor(), &r, answers).await? {
        Stored::Saved => {
            let to = format!("/family?saved={saved}&lang={}#survey", family.lang.code());
            Ok(Redirect::to(&to).into_response())
        }
        Stored::AlreadyAnswered => Ok(already(family)),
    }
}
