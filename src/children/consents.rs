//! Consents as records: purpose, recipient, date, expiry, revocation (303.7, 303.420).
use super::{authorized_child, model, views};
use crate::{
    audit::{self, Actor, Event},
    entities::{Choice, CommaList, consent, referral_packet::Document},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::{
        Page,
        fields::{parse_date, required},
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
use chrono::Utc;
use maud::Markup;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ConsentForm {
    pub kind: String,
    pub given: String,
    pub decided_on: String,
    pub decided_by: String,
    pub agency_name: String,
    pub purpose: String,
    pub expires_on: String,
    /// For a release of information: the records it covers.
    pub records: Vec<String>,
}

pub async fn consent_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let case = model::load_case(&state.db, c).await?;
    let form = ConsentForm {
        decided_on: page.user.today().to_string(),
        decided_by: case
            .caregivers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        ..Default::default()
    };
    Ok(views::consent_form(&page, &case, &form, &Errors::default()))
}

pub async fn add_consent(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ConsentForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let mut e = Errors::default();
    let kind: Option<consent::Kind> =
        e.choice("kind", &form.kind, "Choose what the consent is for.");
    let release = kind == Some(consent::Kind::ReleaseOfInformation);
    let given = match form.given.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            e.add("given", "Say whether the parent gave or declined consent.");
            None
        }
    };
    let decided_on = parse_date(
        &mut e,
        "decided_on",
        &form.decided_on,
        "date of the parent's decision",
    );
    if decided_on.is_some_and(|d| d > page.user.today()) {
        e.add("decided_on", "The decision date cannot be in the future.");
    }
    let decided_by = required(
        &mut e,
        "decided_by",
        &form.decided_by,
        "Enter the name of the parent who decided.",
        120,
    );
    let agency_name = form.agency_name.trim().to_owned();
    if release && agency_name.is_empty() {
        e.add(
            "agency_name",
            "Name the agency the information may be released to.",
        );
    }
    let records: Vec<Document> = Document::all()
        .filter(|k| form.records.iter().any(|r| r == k.as_str()))
        .collect();
    if release && records.is_empty() {
        e.add("records", "Tick the records the parent agreed to release.");
    }
    let expires_on = match form.expires_on.trim() {
        "" => None,
        _ => parse_date(&mut e, "expires_on", &form.expires_on, "expiry date"),
    };
    if let (Some(x), Some(d)) = (expires_on, decided_on)
        && x <= d
    {
        e.add(
            "expires_on",
            "The expiry date must be after the decision date.",
        );
    }
    let (Some(kind), Some(given), Some(decided_on), true) = (kind, given, decided_on, e.is_empty())
    else {
        let case = model::load_case(&state.db, c).await?;
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::consent_form(&page, &case, &form, &e),
        )
            .into_response());
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let row = consent::ActiveModel {
        child_id: Set(id),
        kind: Set(kind),
        agency_name: Set(agency_name),
        purpose: Set(form.purpose.trim().to_owned()),
        given: Set(given),
        decided_on: Set(decided_on),
        decided_by: Set(decided_by),
        expires_on: Set(expires_on),
        revoked_on: Set(None),
        recorded_by: Set(page.user.id),
        records: Set(if release {
            CommaList(records)
        } else {
            CommaList::default()
        }),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let ev = Event::new("consent.recorded", "child", id)
        .detail(json!({ "consent": row.id, "kind": row.kind, "given": given }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        if given {
            "Consent recorded."
        } else {
            "Declined consent recorded."
        },
    ))
}

/// Revocation is dated today and never retroactive: what was done under the consent stands.
pub async fn revoke_consent(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, cid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let row = consent::Entity::find_by_id(cid)
        .filter(consent::Column::ChildId.eq(id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.revoked_on.is_some() || !row.given {
        return Ok(flash::redirect(
            &state,
            &format!("/children/{id}"),
            Kind::Info,
            "That consent is not in force; nothing to revoke.",
        ));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let mut m: consent::ActiveModel = row.into();
    m.revoked_on = Set(Some(page.user.today()));
    m.update(&txn).await?;
    audit::record_in(
        &txn,
        &Actor::user(&page.user, &meta),
        Event::new("consent.revoked", "child", id).detail(json!({ "consent": cid })),
    )
    .await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        "Consent revoked from today.",
    ))
}
