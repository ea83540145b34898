//! The import's pages: upload, mapping, preview and commit, and the result. Each request is
//! checked for the role (`CreateReferral`: coordinators, supervisors and admins) and, once a
//! file is named, that it is the caller's own staged file in their program.
use super::{
    commands::{self, Committed},
    fields::{self, Mapping},
    file::{self, Sheet},
    preview, views,
};
use crate::{
    audit::{Actor, Event},
    entities::{child, referral_import},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::{Page, flash, form::Errors, form_body::Form, respond},
};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UploadForm {
    pub csv: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommitForm {
    /// The lines of the likely duplicates the user ticked to import anyway.
    pub include: Vec<String>,
}

pub async fn upload_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::CreateReferral).await?;
    Ok(views::upload(&page, "", &Errors::default()).into_response())
}

pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<UploadForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::CreateReferral).await?;
    let refuse = |msg: String| {
        let mut e = Errors::default();
        e.add("csv", msg);
        respond::invalid(views::upload(&page, &form.csv, &e))
    };
    if let Err(msg) = file::check_size(&form.csv) {
        return Ok(refuse(msg));
    }
    let text = file::strip_bom(&form.csv);
    let delimiter = file::sniff(text);
    let sheet = match file::read(text, delimiter) {
        Ok(s) => s,
        Err(msg) => return Ok(refuse(msg)),
    };
    let actor = Actor::user(&page.user, &meta);
    let staged = commands::stage(
        &state.db,
        actor,
        &page.user,
        text,
        delimiter,
        sheet.rows.len(),
    )
    .await?;
    Ok(Redirect::to(&format!("/referral-imports/{}", staged.id)).into_response())
}

/// The caller's own staged file and its table, or 404.
async fn load(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
) -> AppResult<(referral_import::Model, Sheet)> {
    policy::require(&state.db, &page.user, meta, Action::CreateReferral).await?;
    let import = commands::find_own(&state.db, &page.user, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let delimiter = import.delimiter.chars().next().unwrap_or(',');
    let sheet = file::read(&import.content, delimiter).map_err(AppError::Internal)?;
    Ok((import, sheet))
}

fn mapping_of(import: &referral_import::Model) -> Option<Mapping> {
    serde_json::from_str(import.mapping.as_deref()?).ok()
}

fn result_path(id: i32) -> String {
    format!("/referral-imports/{id}/result")
}

pub async fn mapping_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (import, sheet) = load(&state, &page, &meta, id).await?;
    if import.state == referral_import::State::Committed {
        return Ok(Redirect::to(&result_path(id)).into_response());
    }
    let chosen: BTreeMap<String, String> = mapping_of(&import)
        .unwrap_or_else(|| fields::guess(&sheet.headers))
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    Ok(views::mapping(&page, id, &sheet, &chosen, &Errors::default()).into_response())
}

pub async fn save_mapping(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(posted): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let (import, sheet) = load(&state, &page, &meta, id).await?;
    if import.state == referral_import::State::Committed {
        return Ok(Redirect::to(&result_path(id)).into_response());
    }
    let mapping = match fields::parse_mapping(&posted, &sheet.headers) {
        Ok(m) => m,
        Err(errors) => {
            return Ok(respond::invalid(views::mapping(
                &page, id, &sheet, &posted, &errors,
            )));
        }
    };
    commands::save_mapping(&state.db, Actor::user(&page.user, &meta), id, &mapping).await?;
    Ok(Redirect::to(&format!("/referral-imports/{id}/preview")).into_response())
}

/// The rows judged, with the read of the likely duplicates' records audited.
async fn judged(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    sheet: &Sheet,
    mapping: &Mapping,
) -> AppResult<Vec<preview::Row>> {
    let rows = preview::check(&state.db, &page.user, sheet, mapping).await?;
    let shown: Vec<i32> = rows
        .iter()
        .flat_map(|r| &r.dups)
        .filter_map(|d| match d {
            preview::Dup::SameChild(c) | preview::Dup::SamePhone(c) => Some(c.id),
            preview::Dup::EarlierRow(_) => None,
        })
        .collect();
    let ev = Event::new("referral_import.previewed", "referral_import", id)
        .detail(json!({ "rows": rows.len(), "duplicate_children_shown": shown }));
    state
        .audit
        .record(&Actor::user(&page.user, meta), ev)
        .await?;
    Ok(rows)
}

pub async fn preview_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (import, sheet) = load(&state, &page, &meta, id).await?;
    if import.state == referral_import::State::Committed {
        return Ok(Redirect::to(&result_path(id)).into_response());
    }
    let Some(mapping) = mapping_of(&import) else {
        return Ok(Redirect::to(&format!("/referral-imports/{id}")).into_response());
    };
    let rows = judged(&state, &page, &meta, id, &sheet, &mapping).await?;
    Ok(views::preview(&page, id, &sheet, &mapping, &rows, &[], None).into_response())
}

pub async fn commit(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<CommitForm>,
) -> AppResult<Response> {
    let (import, sheet) = load(&state, &page, &meta, id).await?;
    if import.state == referral_import::State::Committed {
        return Ok(Redirect::to(&result_path(id)).into_response());
    }
    let Some(mapping) = mapping_of(&import) else {
        return Ok(Redirect::to(&format!("/referral-imports/{id}")).into_response());
    };
    let rows = judged(&state, &page, &meta, id, &sheet, &mapping).await?;
    let ticked: Vec<usize> = form.include.iter().filter_map(|s| s.parse().ok()).collect();
    let with_errors = rows.iter().filter(|r| r.parsed.is_err()).count();
    if with_errors > 0 {
        let msg = format!(
            "Nothing was imported: {with_errors} {} problems. Correct the file and upload it again.",
            if with_errors == 1 {
                "row has"
            } else {
                "rows have"
            }
        );
        return Ok(respond::invalid(views::preview(
            &page,
            id,
            &sheet,
            &mapping,
            &rows,
            &ticked,
            Some(&msg),
        )));
    }
    let mut skipped = 0;
    let mut chosen = Vec::new();
    for r in rows {
        if r.is_duplicate() && !ticked.contains(&r.line) {
            skipped += 1;
            continue;
        }
        if let Ok(p) = r.parsed {
            chosen.push(p);
        }
    }
    let actor = Actor::user(&page.user, &meta);
    match commands::commit(&state.db, actor, &page.user, id, chosen, skipped).await? {
        Committed::Created(ids) => Ok(flash::redirect(
            &state,
            &result_path(id),
            flash::Kind::Success,
            &format!("{} referrals imported.", ids.len()),
        )),
        Committed::Already => Ok(Redirect::to(&result_path(id)).into_response()),
    }
}

pub async fn result_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (import, _) = load(&state, &page, &meta, id).await?;
    if import.state != referral_import::State::Committed {
        return Ok(Redirect::to(&format!("/referral-imports/{id}/preview")).into_response());
    }
    let ids: Vec<i32> = import
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default();
    let kids = child::Entity::find()
        .filter(child::Column::Id.is_in(ids.clone()))
        .filter(child::Column::ProgramId.eq(page.user.program_id))
        .all(&state.db)
        .await?;
    let ev = Event::new("referral_import.result_read", "referral_import", id)
        .detail(json!({ "children": ids }));
    state
        .audit
        .record(&Actor::user(&page.user, &meta), ev)
        .await?;
    Ok(views::result(&page, &kids).into_response())
}
