//! The visit page, saving and signing the note, and addenda to a signed note.
use super::{
    commands::{self, NoteError, Signer},
    log_form::LogForm,
    model, rules,
    schedule::span,
    views::{self, Context, Forms},
};
use crate::views::form_body::Form;
use crate::{
    audit::{Actor, Event},
    children::visit_access::{Need, load_visit},
    entities::{child, ifsp_service, visit},
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        fields::required,
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use maud::Markup;
use sea_orm::EntityTrait;
use serde::Deserialize;
use serde_json::json;

/// Everything the visit page shows besides the visit itself.
pub async fn context(
    state: &AppState,
    page: &Page,
    c: &child::Model,
    v: &visit::Model,
) -> AppResult<Context> {
    let service = ifsp_service::Entity::find_by_id(v.service_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let rules = &page.user.rules;
    let minutes = v.minutes();
    let mut warnings: Vec<String> = if v.status == visit::Status::Completed {
        let others =
            model::delivered_dates(&state.db, v.service_id, v.id, v.starts_at.date()).await?;
        rules::authorization_warnings(
            v.starts_at.date(),
            minutes,
            i64::from(service.minutes),
            i64::from(service.frequency),
            service.period,
            &others,
        )
        .iter()
        .map(|w| w.message())
        .collect()
    } else {
        Vec::new()
    };
    if v.method == visit::VisitMethod::Telehealth
        && v.status != visit::Status::Cancelled
        && !super::telehealth::consent_in_force(&state.db, c.id, v.starts_at.date()).await?
    {
        warnings.push(super::telehealth::NO_CONSENT.to_owned());
    }
    let provider = crate::entities::user::Entity::find_by_id(v.provider_id)
        .into_partial_model::<crate::entities::user::Person>()
        .one(&state.db)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    // The best-ranked activities for the child at the visit, not every one for the age.
    let choices = crate::activities::child::load(&state.db, c, rules, v.starts_at.date(), 20)
        .await?
        .suggested
        .into_iter()
        .map(|(id, title, _)| (id, title))
        .collect();
    let shared = crate::activities::shared_at(&state.db, v).await?;
    let mine = v.provider_id == page.user.id;
    let can_manage = mine
        || crate::policy::can(
            &page.user,
            crate::policy::Action::EditChild,
            &crate::policy::Target::child(c),
        );
    let family_note = if v.is_signed() {
        crate::notes::model::delivery(&state.db, v.id).await?
    } else {
        None
    };
    let outcomes = crate::ifsp::model::plan_outcomes(&state.db, c.id).await?;
    let prefill = if v.logged_at.is_none() && v.status == visit::Status::Scheduled {
        Some(super::prefill::load(&state.db, v, &outcomes).await?)
    } else {
        None
    };
    let confirmation = if v.is_signed() {
        super::verification::stored(&state.db, v.id).await?
    } else {
        None
    };
    let share_location = mine
        && !v.is_signed()
        && rules.allow_visit_location
        && super::verification::shares_location(&state.db, page.user.id).await?;
    let family_said = crate::activities::voice::feed(&state.db, &[c.id]).await?;
    let family_lang = crate::ifsp::model::family_lang(&state.db, c).await?;
    Ok(Context {
        confirmation,
        share_location,
        family_lang,
        family_said,
        prefill,
        family_note,
        can_manage,
        child: c.clone(),
        shared,
        choices,
        outcomes,
        addenda: model::addenda(&state.db, v.id).await?,
        units: rules::units(minutes, rules),
        note_due: rules::note_due(v.starts_at.date(), rules),
        mine,
        service,
        provider,
        warnings,
    })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Read).await?;
    // `offline.js` on the provider's home page keeps the next visits' notes on the phone:
    // read by the device, not yet by the person, and the audit row says so.
    let detail = if headers.contains_key("x-hearth-offline") {
        json!({ "child": c.id, "kept_offline": true })
    } else {
        json!({ "child": c.id })
    };
    state
        .audit
        .record(
            &Actor::user(&page.user, &meta),
            Event::new("visit.viewed", "visit", id).detail(detail),
        )
        .await?;
    let ctx = context(&state, &page, &c, &v).await?;
    Ok(views::visit_page(&page, &v, &ctx, Forms::default()).into_response())
}

/// Refuses, and audits, any change to a signed note: corrections are addenda.
pub async fn refuse_signed(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    v: &visit::Model,
) -> AppResult<()> {
    if v.is_signed() {
        let ev = Event::new("visit.change_refused", "visit", v.id)
            .detail(json!({ "child": v.child_id }));
        state
            .audit
            .record(&Actor::user(&page.user, meta), ev)
            .await?;
        return Err(AppError::Conflict(
            "This note is signed and locked. To correct it, add a dated addendum with the reason."
                .into(),
        ));
    }
    if v.status == visit::Status::Cancelled {
        return Err(AppError::Conflict(
            "This visit was cancelled; there is no note to write.".into(),
        ));
    }
    Ok(())
}

/// Saves the note (a draft, or signed and locked), refusing overlaps and stale versions.
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<LogForm>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Author).await?;
    // A send already saved (a phone resending its queue) is answered like the first time,
    // even when that first send signed the note.
    if let Some(key) = super::submissions::key(&form.submission_key)
        && let Some(signed) = super::submissions::earlier(&state.db, v.id, key).await?
    {
        return Ok(saved(&state, id, signed));
    }
    refuse_signed(&state, &page, &meta, &v).await?;
    // Only the outcome ids are needed to save; the whole page is built only to re-render.
    let origins: Vec<i32> = crate::ifsp::model::plan_outcomes(&state.db, c.id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let rerender =
        async |form: LogForm, e: Errors, conflict: Option<visit::Model>| -> AppResult<Markup> {
            let ctx = context(&state, &page, &c, &v).await?;
            let forms = Forms {
                log: Some((form, e)),
                conflict,
                ..Default::default()
            };
            Ok(views::visit_page(&page, &v, &ctx, forms))
        };
    // The caregiver's confirmation is refused in the family's language, and the joint plan's
    // family text is kept in it.
    let family_lang = crate::ifsp::model::family_lang(&state.db, &c).await?;
    let checked = super::verification::parse(&form, &page.user.rules, family_lang);
    let mut input = match (form.parse(page.user.now_local(), &origins), checked) {
        (Ok(mut i), Ok(verification)) => {
            i.verification = verification;
            i
        }
        (note, checked) => {
            let mut e = note.err().unwrap_or_default();
            for (field, msg) in checked.err().iter().flat_map(|c| c.iter()) {
                e.add(field, msg.clone());
            }
            return Ok(respond::invalid(rerender(form, e, None).await?));
        }
    };
    if !crate::activities::all_shareable(&state.db, page.user.program_id, &input.activity_ids)
        .await?
    {
        let mut e = Errors::default();
        e.add(
            "activity_ids",
            "Choose published activities from the list; an admin publishes a draft before it can be shared.",
        );
        return Ok(respond::invalid(rerender(form, e, None).await?));
    }
    if let Some((_, lang)) = input.joint_plan_family.as_mut() {
        *lang = family_lang;
    }
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let (sign, on) = (input.sign, input.starts_at.date());
    let actor = Actor::user(&page.user, &meta);
    let by = Signer {
        id: page.user.id,
        name: &page.user.display_name,
        rules: &page.user.rules,
    };
    match commands::save_note(&state.db, actor, &v, seen, input, by).await {
        Ok(()) => {}
        Err(NoteError::Repeated { signed }) => return Ok(saved(&state, id, signed)),
        // Refused and audited: what was typed stays, for a draft save.
        Err(NoteError::SignRefused(problem)) => {
            let mut e = Errors::default();
            e.add("sign", problem.message(on));
            return Ok(respond::invalid(rerender(form, e, None).await?));
        }
        Err(NoteError::Overlap(other)) => {
            let mut e = Errors::default();
            e.add(
                "start",
                format!(
                    "You already have a visit {}; visits cannot overlap.",
                    span(other.starts_at, other.ends_at)
                ),
            );
            return Ok(respond::invalid(rerender(form, e, None).await?));
        }
        Err(NoteError::Stale { current }) => {
            // Signed meanwhile (on another device): refused like any change to a signed note.
            refuse_signed(&state, &page, &meta, &current).await?;
            let mut mine = form;
            mine.version = current.version.to_string();
            let body = rerender(mine, Errors::default(), Some(*current)).await?;
            return Ok(respond::conflict(body));
        }
        Err(NoteError::Db(e)) => return Err(e.into()),
    }
    Ok(saved(&state, id, sign))
}

/// The answer to a saved note: back to the visit, saying whether it is signed.
fn saved(state: &AppState, id: i32, signed: bool) -> Response {
    let msg = if signed {
        "Note signed and locked."
    } else {
        "Note saved. It is not signed yet."
    };
    flash::redirect(state, &format!("/visits/{id}"), Kind::Success, msg)
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct AddendumForm {
    pub body: String,
    pub reason: String,
}

/// A dated, signed correction under a signed note; the note itself never changes.
pub async fn add_addendum(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<AddendumForm>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Author).await?;
    if !v.is_signed() {
        return Err(AppError::Conflict(
            "Addenda are for signed notes; this note can still be edited.".into(),
        ));
    }
    let mut e = Errors::default();
    let body = required(
        &mut e,
        "body",
        &form.body,
        "Enter the correction or addition.",
        4000,
    );
    let reason = required(
        &mut e,
        "reason",
        &form.reason,
        "Enter why the note is amended.",
        500,
    );
    if !e.is_empty() {
        let ctx = context(&state, &page, &c, &v).await?;
        let forms = Forms {
            addendum: Some((form, e)),
            ..Default::default()
        };
        return Ok(respond::invalid(views::visit_page(&page, &v, &ctx, forms)));
    }
    let actor = Actor::user(&page.user, &meta);
    let by = (page.user.id, page.user.display_name.as_str());
    commands::add_addendum(&state.db, actor, &v, body, reason, by).await?;
    Ok(flash::redirect(
        &state,
        &format!("/visits/{id}"),
        Kind::Success,
        "Addendum signed and added.",
    ))
}
