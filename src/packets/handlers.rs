//! Staff side: put a packet together for an agency (only documents a release covers), send
//! it by e-mail with a signed link, and end a link.
use super::{
    commands,
    model::{self, AUDIENCE, LINK_DAYS},
    views,
};
use crate::views::form_body::Form;
use crate::{
    audit::{Actor, Event},
    auth::link_token::{new_id, sign},
    children::{authorized_child, model::load_case},
    entities::{Choice, agency, referral_packet, referral_packet::Document},
    error::{AppError, AppResult},
    mail::outbox::NewMail,
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::{
        Page,
        fields::paragraph,
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use chrono::{Duration, Utc};
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct PacketForm {
    pub agency_id: String,
    pub documents: Vec<String>,
    pub message: String,
}

async fn agencies(state: &AppState, program: i32) -> AppResult<Vec<agency::Model>> {
    Ok(agency::Entity::find()
        .filter(agency::Column::ProgramId.eq(program))
        .filter(agency::Column::Active.eq(true))
        .order_by_asc(agency::Column::Name)
        .all(&state.db)
        .await?)
}

pub async fn new(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let list = agencies(&state, c.program_id).await?;
    Ok(views::new(
        &page,
        &c,
        &list,
        &PacketForm::default(),
        &Errors::default(),
        None,
    ))
}

/// The most the message to the agency may hold, in characters: refused beyond it, never cut.
pub const MESSAGE_MAX: usize = 2000;

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<PacketForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let list = agencies(&state, c.program_id).await?;
    let case = load_case(&state.db, c.clone()).await?;
    let mut e = Errors::default();
    let chosen = list.iter().find(|a| a.id.to_string() == form.agency_id);
    match chosen {
        None => e.add("agency_id", "Choose the agency to send the packet to."),
        Some(a) if a.email.is_empty() => e.add(
            "agency_id",
            "This agency has no e-mail address in the directory; add one, or send the records by its own channel.",
        ),
        _ => {}
    }
    // Only the records Hearth knows are sent; anything else posted is ignored.
    let documents: Vec<Document> = Document::all()
        .filter(|k| form.documents.iter().any(|d| d == k.as_str()))
        .collect();
    if documents.is_empty() {
        e.add("documents", "Choose at least one record to send.");
    }
    let mut missing = None;
    let consent = match chosen {
        Some(a) if !documents.is_empty() => {
            match model::covering(&case.consents, a, &documents, page.user.today()) {
                Ok(k) => Some(k.clone()),
                Err(uncovered) => {
                    let m = views::Missing {
                        agency: a.name.clone(),
                        records: uncovered.iter().map(|d| d.label()).collect(),
                        link: model::release_form_link(id, a.id, &documents),
                    };
                    e.add("documents", m.message());
                    missing = Some(m);
                    None
                }
            }
        }
        _ => None,
    };
    let message = paragraph(&mut e, "message", &form.message, MESSAGE_MAX);
    let (Some(a), Some(consent), true) = (chosen, consent, e.is_empty()) else {
        let ev = Event::new("packet.refused", "child", id)
            .detail(json!({ "agency": form.agency_id, "documents": form.documents }));
        state
            .audit
            .record(&Actor::user(&page.user, &meta), ev)
            .await?;
        let body = views::new(&page, &c, &list, &form, &e, missing.as_ref());
        return Ok(respond::invalid(body));
    };
    let now = Utc::now();
    let expires = now + Duration::days(LINK_DAYS);
    let (jti, token_hash) = new_id();
    let host = state
        .config
        .base_url
        .host_str()
        .unwrap_or("localhost")
        .to_owned();
    let names: Vec<&str> = documents.iter().map(|d| d.label()).collect();
    let mail = |packet: &referral_packet::Model| {
        let token = sign(
            &state.keys,
            &packet.id.to_string(),
            &jti,
            AUDIENCE,
            now,
            expires,
        );
        let base = state.config.base_url.as_str().trim_end_matches('/');
        let url = format!("{base}/agency/open/{token}");
        let program = &page.user.program_name;
        let (text, html) = views::packet_mail(program, &c, &names, &packet.message, &url, expires);
        NewMail {
            program_id: c.program_id,
            child_id: Some(id),
            note_id: None,
            caregiver_id: None,
            kind: crate::entities::outbox::Kind::ReferralPacket,
            to_address: a.email.clone(),
            to_name: a.name.clone(),
            language: crate::i18n::Lang::En,
            subject: format!("Referral from {program}: {}", c.full_name()),
            text_body: text,
            html_body: html,
            reply_to: String::new(),
            created_by: page.user.id,
        }
    };
    let p = commands::NewPacket {
        child_id: id,
        agency_id: a.id,
        agency_name: a.name.clone(),
        consent_id: consent.id,
        purpose: consent.purpose.clone(),
        documents: documents.clone(),
        message,
        token_hash,
        by: page.user.id,
        now,
        expires,
    };
    let outbox = commands::Outbox {
        config: &state.config.mail,
        host: &host,
    };
    let actor = Actor::user(&page.user, &meta);
    commands::send(&state.db, actor, p, outbox, mail).await?;
    state.mail_wake.notify_one();
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}/transition#packets"),
        Kind::Success,
        "Referral packet sent; the agency's link is in its e-mail.",
    ))
}

pub async fn revoke(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, pid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let actor = Actor::user(&page.user, &meta);
    match commands::revoke(&state.db, actor, id, pid).await {
        Ok(()) => {}
        Err(commands::RevokeError::NotFound) => return Err(AppError::NotFound),
        Err(commands::RevokeError::Db(e)) => return Err(e.into()),
    }
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}/transition#packets"),
        Kind::Success,
        "The agency's link no longer works.",
    ))
}
