//! Staff side: put a packet together for an agency (only documents a release covers), send
//! it by e-mail with a signed link, and end a link.
use super::{
    model::{self, AUDIENCE, LINK_DAYS},
    views,
};
use crate::{
    audit::{self, Actor, Event},
    auth::link_token::{new_id, sign},
    children::{authorized_child, model::load_case},
    entities::{
        Choice, agency, disclosure, referral_packet,
        referral_packet::{Document, Documents},
    },
    error::{AppError, AppResult},
    mail::outbox::{NewMail, enqueue},
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
use chrono::{Duration, Utc};
use maud::Markup;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, sea_query::Expr,
};
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
    ))
}

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
    let consent = match chosen {
        Some(a) if !documents.is_empty() => {
            match model::covering(&case.consents, a, &documents, page.user.today()) {
                Ok(k) => Some(k.clone()),
                Err(uncovered) => {
                    e.add(
                        "documents",
                        format!(
                            "No release of information in force for {} covers: {}. Record the parent's consent naming this agency and these records first.",
                            a.name,
                            uncovered.join("; ")
                        ),
                    );
                    None
                }
            }
        }
        _ => None,
    };
    let (Some(a), Some(consent), true) = (chosen, consent, e.is_empty()) else {
        let ev = Event::new("packet.refused", "child", id)
            .detail(json!({ "agency": form.agency_id, "documents": form.documents }));
        audit::record(&state.db, &Actor::user(&page.user, &meta), ev).await?;
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::new(&page, &c, &list, &form, &e),
        )
            .into_response());
    };
    let now = Utc::now();
    let expires = now + Duration::days(LINK_DAYS);
    let (jti, token_hash) = new_id();
    let txn = crate::db::begin_write(&state.db).await?;
    let packet = referral_packet::ActiveModel {
        child_id: Set(id),
        agency_id: Set(a.id),
        consent_id: Set(consent.id),
        documents: Set(Documents(documents.clone())),
        message: Set(form.message.trim().chars().take(2000).collect()),
        token_hash: Set(token_hash),
        created_by: Set(page.user.id),
        created_at: Set(now),
        expires_at: Set(expires),
        revoked_at: Set(None),
        opened_at: Set(None),
        acknowledged_at: Set(None),
        outcome: Set(referral_packet::Outcome::Unanswered),
        outcome_on: Set(None),
        outcome_note: Set(String::new()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
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
    let names: Vec<&str> = documents.iter().map(|d| d.label()).collect();
    disclosure::ActiveModel {
        child_id: Set(id),
        agency_id: Set(Some(a.id)),
        recipient: Set(a.name.clone()),
        kind: Set(disclosure::Kind::ReferralPacket),
        what: Set(names.join("; ")),
        purpose: Set(consent.purpose.clone()),
        channel: Set(disclosure::Channel::Link),
        content: Set(json!({ "documents": documents, "consent": consent.id }).to_string()),
        by_user: Set(Some(page.user.id)),
        packet_id: Set(Some(packet.id)),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let (text, html) = views::packet_mail(
        &page.user.program_name,
        &c,
        &names,
        &packet.message,
        &url,
        expires,
    );
    let host = state
        .config
        .base_url
        .host_str()
        .unwrap_or("localhost")
        .to_owned();
    enqueue(
        &txn,
        &state.config.mail,
        &host,
        NewMail {
            program_id: c.program_id,
            child_id: Some(id),
            note_id: None,
            caregiver_id: None,
            kind: crate::entities::outbox::Kind::ReferralPacket,
            to_address: a.email.clone(),
            to_name: a.name.clone(),
            language: crate::i18n::Lang::En,
            subject: format!(
                "Referral from {}: {}",
                page.user.program_name,
                c.full_name()
            ),
            text_body: text,
            html_body: html,
            created_by: page.user.id,
        },
    )
    .await?;
    let ev = Event::new("packet.sent", "child", id)
        .detail(json!({ "packet": packet.id, "agency": a.id, "documents": documents, "consent": consent.id }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
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
    let txn = crate::db::begin_write(&state.db).await?;
    let res = referral_packet::Entity::update_many()
        .col_expr(referral_packet::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(referral_packet::Column::Id.eq(pid))
        .filter(referral_packet::Column::ChildId.eq(id))
        .filter(referral_packet::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        txn.rollback().await?;
        return Err(AppError::NotFound);
    }
    let ev = Event::new("packet.revoked", "child", id).detail(json!({ "packet": pid }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}/transition#packets"),
        Kind::Success,
        "The agency's link no longer works.",
    ))
}
