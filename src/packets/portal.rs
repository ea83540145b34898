//! The agency's side of a packet, behind its signed link: a confirm step (a scanner's GET
//! opens nothing), then a short session scoped to that one packet. Every document opened is a
//! disclosure; the agency acknowledges receipt and records the outcome.
use super::{
    commands, documents,
    model::{AUDIENCE, SESSION_AUDIENCE, SESSION_HOURS},
    views,
};
use crate::views::form_body::Form;
use crate::{
    audit::{Actor, Event},
    auth::{
        cookies,
        csrf::CsrfToken,
        link_token::{Refusal, decode_for, hash, sign},
    },
    entities::{Choice, agency, referral_packet, referral_packet::Document},
    error::AppResult,
    meta::RequestMeta,
    state::AppState,
    views::respond,
};
use axum::{
    extract::{FromRequestParts, Path, Query, State},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::CookieJar;
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use serde_json::json;

pub const COOKIE: &str = "hearth_agency";

/// A token of `aud` and the packet behind it: signed by us, the packet's own, not expired or
/// revoked.
async fn check(
    db: &impl ConnectionTrait,
    state: &AppState,
    token: &str,
    aud: &str,
) -> Result<referral_packet::Model, Refusal> {
    let claims = decode_for(&state.keys, token, aud)?;
    let p = referral_packet::Entity::find()
        .filter(referral_packet::Column::TokenHash.eq(hash(&claims.jti)))
        .one(db)
        .await
        .map_err(|_| Refusal::Unknown)?
        .ok_or(Refusal::Unknown)?;
    if p.id.to_string() != claims.sub {
        return Err(Refusal::Unknown);
    }
    if p.revoked_at.is_some() {
        return Err(Refusal::Revoked);
    }
    if p.expires_at <= Utc::now() {
        return Err(Refusal::Expired);
    }
    Ok(p)
}

async fn refused(state: &AppState, meta: &RequestMeta, why: Refusal) -> AppResult<Response> {
    let ev = Event::new("packet.link_refused", "referral_packet", "-")
        .detail(json!({ "reason": why.code() }));
    state.audit.record(&Actor::anonymous(meta), ev).await?;
    Ok((StatusCode::UNAUTHORIZED, views::ended()).into_response())
}

pub async fn open_page(
    State(state): State<AppState>,
    meta: RequestMeta,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match check(&state.db, &state, &token, AUDIENCE).await {
        Ok(_) => Ok(views::confirm(&csrf.0, &token).into_response()),
        Err(why) => refused(&state, &meta, why).await,
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let p = match check(&state.db, &state, &token, AUDIENCE).await {
        Ok(p) => p,
        Err(why) => return refused(&state, &meta, why).await,
    };
    let Ok(claims) = decode_for(&state.keys, &token, AUDIENCE) else {
        return refused(&state, &meta, Refusal::Invalid).await;
    };
    let now = Utc::now();
    let exp = (now + Duration::hours(SESSION_HOURS)).min(p.expires_at);
    let value = sign(
        &state.keys,
        &p.id.to_string(),
        &claims.jti,
        SESSION_AUDIENCE,
        now,
        exp,
    );
    let ev =
        Event::new("packet.link_opened", "child", p.child_id).detail(json!({ "packet": p.id }));
    state
        .audit
        .record(
            &Actor {
                program_id: program_of(&state, p.child_id).await,
                ..Actor::anonymous(&meta)
            },
            ev,
        )
        .await?;
    let mut res = Redirect::to("/agency/packet").into_response();
    let age = time::Duration::seconds((exp - now).num_seconds().max(1));
    cookies::append(
        &mut res,
        cookies::build(&state.config, COOKIE, value, Some(age)),
    );
    Ok(res)
}

async fn program_of(state: &AppState, child_id: i32) -> Option<i32> {
    crate::children::model::load_child(&state.db, child_id)
        .await
        .ok()
        .flatten()
        .map(|c| c.program_id)
}

/// A confirmed agency session: one packet, re-checked on every request.
pub struct AgencyVisit {
    pub packet: referral_packet::Model,
    pub agency: agency::Model,
    pub meta: RequestMeta,
}

impl AgencyVisit {
    fn actor(&self) -> Actor {
        Actor {
            program_id: Some(self.agency.program_id),
            user_id: None,
            ip: self.meta.ip.clone(),
            request_id: self.meta.request_id.clone(),
        }
    }
}

impl FromRequestParts<AppState> for AgencyVisit {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ended = || (StatusCode::UNAUTHORIZED, views::ended()).into_response();
        let meta = RequestMeta::from_request_parts(parts, state)
            .await
            .map_err(|_| ended())?;
        let value = CookieJar::from_headers(&parts.headers)
            .get(&cookies::name(&state.config, COOKIE))
            .map(|c| c.value().to_owned())
            .ok_or_else(ended)?;
        let packet = check(&state.db, state, &value, SESSION_AUDIENCE)
            .await
            .map_err(|_| ended())?;
        let agency = agency::Entity::find_by_id(packet.agency_id)
            .one(&state.db)
            .await
            .ok()
            .flatten()
            .ok_or_else(ended)?;
        Ok(AgencyVisit {
            packet,
            agency,
            meta,
        })
    }
}

pub fn document_keys(p: &referral_packet::Model) -> Vec<Document> {
    p.documents.0.clone()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PacketQuery {
    /// `1` right after the outcome was saved, to confirm it.
    pub saved: String,
}

pub async fn packet(
    State(state): State<AppState>,
    visit: AgencyVisit,
    csrf: CsrfToken,
    Query(q): Query<PacketQuery>,
) -> AppResult<Response> {
    let c = crate::children::model::load_child(&state.db, visit.packet.child_id).await?;
    let Some(c) = c else {
        return Ok((StatusCode::UNAUTHORIZED, views::ended()).into_response());
    };
    let ev =
        Event::new("packet.viewed", "child", c.id).detail(json!({ "packet": visit.packet.id }));
    state.audit.record(&visit.actor(), ev).await?;
    Ok(views::packet(
        &visit.packet,
        &visit.agency,
        &c,
        &document_keys(&visit.packet),
        &csrf.0,
        None,
        q.saved == "1",
    )
    .into_response())
}

/// One document of the packet. Opening it is a disclosure: who, what, when, why.
pub async fn document(
    State(state): State<AppState>,
    visit: AgencyVisit,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let keys = document_keys(&visit.packet);
    let Some(key) = Document::parse(&key).filter(|k| keys.contains(k)) else {
        return Ok((StatusCode::NOT_FOUND, views::ended()).into_response());
    };
    let p = &visit.packet;
    let Some(body) = documents::render(&state.db, p.child_id, key).await? else {
        return Ok((StatusCode::NOT_FOUND, views::ended()).into_response());
    };
    let name = visit.agency.name.clone();
    commands::document_opened(&state.db, visit.actor(), p, name, key).await?;
    Ok(body.into_response())
}

pub async fn acknowledge(State(state): State<AppState>, visit: AgencyVisit) -> AppResult<Response> {
    commands::acknowledge(&state.db, visit.actor(), &visit.packet).await?;
    Ok(Redirect::to("/agency/packet").into_response())
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct OutcomeForm {
    pub outcome: String,
    pub outcome_on: String,
    pub outcome_note: String,
}

/// The most the agency's note to the program may hold, in characters: refused beyond it,
/// never cut.
pub const NOTE_MAX: usize = 2000;

pub async fn outcome(
    State(state): State<AppState>,
    visit: AgencyVisit,
    csrf: CsrfToken,
    Form(form): Form<OutcomeForm>,
) -> AppResult<Response> {
    let mut e = crate::views::form::Errors::default();
    let outcome = e
        .choice("outcome", &form.outcome, "Choose the outcome.")
        .filter(|o| *o != referral_packet::Outcome::Unanswered);
    if outcome.is_none() {
        e.add("outcome", "Choose the outcome.");
    }
    let on = match form.outcome_on.trim() {
        "" => None,
        s => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                e.add("outcome_on", "Enter the date as YYYY-MM-DD.");
                None
            }
        },
    };
    if outcome == Some(referral_packet::Outcome::PartBEligible)
        && on.is_none()
        && e.get("outcome_on").is_none()
    {
        e.add(
            "outcome_on",
            "Give the date of the IEP (or the planned IEP meeting).",
        );
    }
    let note =
        crate::views::fields::paragraph(&mut e, "outcome_note", &form.outcome_note, NOTE_MAX);
    let (Some(outcome), true) = (outcome, e.is_empty()) else {
        let c = crate::children::model::load_child(&state.db, visit.packet.child_id).await?;
        let Some(c) = c else {
            return Ok((StatusCode::UNAUTHORIZED, views::ended()).into_response());
        };
        let keys = document_keys(&visit.packet);
        return Ok(respond::invalid(views::packet(
            &visit.packet,
            &visit.agency,
            &c,
            &keys,
            &csrf.0,
            Some((&form, &e)),
            false,
        )));
    };
    let d = commands::Decision { outcome, on, note };
    match commands::outcome(&state.db, visit.actor(), &visit.packet, d).await {
        Ok(()) => {}
        Err(commands::OutcomeError::Revoked) => {
            return Ok((StatusCode::UNAUTHORIZED, views::ended()).into_response());
        }
        Err(commands::OutcomeError::Db(e)) => return Err(e.into()),
    }
    Ok(Redirect::to("/agency/packet?saved=1").into_response())
}
