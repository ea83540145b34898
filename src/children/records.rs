//! Small records on a case: first contact, documented delays, consents, reassignment.
use super::{authorized_child, model, views};
use crate::{
    audit::{self, Actor, Event},
    entities::{Choice, child, delay, referral},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    timeline::DelayReason,
    views::{
        Page,
        fields::parse_date,
        flash::{self, Kind},
        form::Errors,
    },
};
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::Utc;
use maud::Markup;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FirstContactForm {
    pub first_contact_on: String,
}

/// Records the first contact with the family on the case's current referral, for a user the
/// caller has authorized to edit the child. `Err` holds the field's errors: the form sits on
/// the child page, which lives above this domain (`pages::child`) and re-renders it.
pub async fn first_contact(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    case: &model::Case,
    form: &FirstContactForm,
) -> AppResult<Result<Response, Errors>> {
    let id = case.child.id;
    let Some(r) = case.current_referral().cloned() else {
        return Err(AppError::BadRequest(
            "This child has no referral to record a first contact for.".into(),
        ));
    };
    let mut errors = Errors::default();
    if let Some(d) = parse_date(
        &mut errors,
        "first_contact_on",
        &form.first_contact_on,
        "date of first contact",
    ) {
        if d > page.user.today() {
            errors.add(
                "first_contact_on",
                "The first contact cannot be in the future.",
            );
        } else if d < r.received_on {
            errors.add(
                "first_contact_on",
                format!(
                    "The first contact cannot be before the referral was received ({}).",
                    r.received_on
                ),
            );
        }
        if errors.is_empty() {
            let txn = crate::db::begin_write(&state.db).await?;
            let mut m: referral::ActiveModel = r.into();
            m.first_contact_on = Set(Some(d));
            m.update(&txn).await?;
            if case.child.status == child::Status::Referred {
                bump(&txn, &case.child, |m| {
                    m.status = Set(child::Status::Evaluating)
                })
                .await?;
            }
            let ev = Event::new("child.first_contact", "child", id).detail(json!({ "on": d }));
            audit::record_in(&txn, &Actor::user(&page.user, meta), ev).await?;
            txn.commit().await?;
            return Ok(Ok(flash::redirect(
                state,
                &format!("/children/{id}"),
                Kind::Success,
                "First contact recorded.",
            )));
        }
    }
    Ok(Err(errors))
}

/// A change to a child that was not written: someone saved the record between this
/// request's read and its write.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("the child's record changed since it was read")]
    Stale,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ChangeError> for AppError {
    fn from(e: ChangeError) -> Self {
        match e {
            ChangeError::Stale => AppError::Conflict(
                "Someone else changed this child's record while you were working, so nothing was saved. Open the record again to see it as it is now, then make your change again."
                    .into(),
            ),
            ChangeError::Db(e) => AppError::Db(e),
        }
    }
}

/// Applies a change to a child, bumping its version and updated time, only while the row is
/// still at the version `c` was read at: a change computed from an older read never writes
/// over what someone saved in between (the version check and the write are one statement).
pub async fn bump(
    db: &impl sea_orm::ConnectionTrait,
    c: &child::Model,
    change: impl FnOnce(&mut child::ActiveModel),
) -> Result<child::Model, ChangeError> {
    let mut m: child::ActiveModel = c.clone().into();
    change(&mut m);
    m.version = Set(c.version + 1);
    m.updated_at = Set(Utc::now());
    let res = child::Entity::update_many()
        .set(m)
        .filter(child::Column::Id.eq(c.id))
        .filter(child::Column::Version.eq(c.version))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(ChangeError::Stale);
    }
    child::Entity::find_by_id(c.id)
        .one(db)
        .await?
        .ok_or(ChangeError::Stale)
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct DelayForm {
    pub reason: String,
    pub documented_on: String,
    pub note: String,
}

pub async fn add_delay(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<DelayForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let mut errors = Errors::default();
    let reason = DelayReason::parse(&form.reason);
    if reason.is_none() {
        errors.add("reason", "Choose the reason for the delay.");
    }
    let on = parse_date(
        &mut errors,
        "documented_on",
        &form.documented_on,
        "date the delay was documented",
    );
    if on.is_some_and(|d| d > page.user.today()) {
        errors.add("documented_on", "The date cannot be in the future.");
    }
    let note = form.note.trim().to_owned();
    if reason.is_some_and(DelayReason::excuses) && note.chars().count() < 10 {
        errors.add("note", "Describe the family's circumstances or the attempts made (dates, who, how): a family delay must be documented.");
    }
    let (Some(reason), Some(on), true) = (reason, on, errors.is_empty()) else {
        let case = model::load_case(&state.db, c).await?;
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::delay_form(&page, &case, &form, &errors),
        )
            .into_response());
    };
    let txn = crate::db::begin_write(&state.db).await?;
    delay::ActiveModel {
        child_id: Set(id),
        clock: Set(delay::Clock::InitialIfsp),
        reason: Set(reason),
        documented_on: Set(on),
        note: Set(note),
        recorded_by: Set(page.user.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let ev = Event::new("child.delay_documented", "child", id)
        .detail(json!({ "reason": reason.as_str() }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    let msg = if reason.excuses() {
        "Family delay documented."
    } else {
        "Agency delay noted. It does not excuse the late meeting."
    };
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        msg,
    ))
}

pub async fn delay_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let case = model::load_case(&state.db, c).await?;
    let form = DelayForm {
        documented_on: page.user.today().to_string(),
        ..Default::default()
    };
    Ok(views::delay_form(&page, &case, &form, &Errors::default()))
}

#[derive(Debug, Deserialize)]
pub struct ReassignForm {
    coordinator_id: String,
}

pub async fn reassign(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ReassignForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::ReassignChild).await?;
    let coordinators = model::coordinators(&state.db, page.user.program_id).await?;
    let Some(to) = form
        .coordinator_id
        .parse::<i32>()
        .ok()
        .and_then(|cid| coordinators.into_iter().find(|u| u.id == cid))
    else {
        return Ok(flash::redirect(
            &state,
            &format!("/children/{id}"),
            Kind::Error,
            "Choose a coordinator from the list.",
        ));
    };
    let from = c.coordinator_id;
    let txn = crate::db::begin_write(&state.db).await?;
    bump(&txn, &c, |m| m.coordinator_id = Set(Some(to.id))).await?;
    let ev =
        Event::new("child.reassigned", "child", id).detail(json!({ "from": from, "to": to.id }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        &format!("{} is now the service coordinator.", to.display_name),
    ))
}
