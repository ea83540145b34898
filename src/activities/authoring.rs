//! Writing activities: staff create and edit their program's activities (drafts until an
//! admin publishes them); every edit keeps the previous version in `activity_history`. A
//! starter activity is shared by every program, so it is copied into the program to edit.
use super::{
    form::{ActivityForm, Parsed},
    model::{self, reindex, search_text},
    views,
};
use crate::{
    audit::{self, Actor, Event},
    entities::{activity, activity_history, activity_text},
    error::{AppError, AppResult},
    i18n::Lang,
    meta::RequestMeta,
    policy::{self, Action},
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
use chrono::Utc;
use maud::Markup;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde_json::json;

/// Replaces an activity's texts and its search index entry.
async fn write_texts(db: &impl ConnectionTrait, id: i32, p: &Parsed) -> Result<(), DbErr> {
    activity_text::Entity::delete_many()
        .filter(activity_text::Column::ActivityId.eq(id))
        .exec(db)
        .await?;
    let mut rows = Vec::new();
    for (lang, [title, summary, materials, steps, adapt, watch_for, safety]) in &p.texts {
        rows.push(
            activity_text::ActiveModel {
                activity_id: Set(id),
                lang: Set(*lang),
                title: Set(title.clone()),
                summary: Set(summary.clone()),
                materials: Set(materials.clone()),
                steps: Set(steps.clone()),
                adapt: Set(adapt.clone()),
                watch_for: Set(watch_for.clone()),
                safety: Set(safety.clone()),
                ..Default::default()
            }
            .insert(db)
            .await?,
        );
    }
    let folded = search_text(&rows);
    activity::Entity::update_many()
        .col_expr(activity::Column::SearchText, Expr::value(folded.clone()))
        .filter(activity::Column::Id.eq(id))
        .exec(db)
        .await?;
    reindex(db, id, &folded).await
}

pub async fn new(page: Page) -> Markup {
    let form = ActivityForm {
        age_min: "0".into(),
        age_max: "36".into(),
        ..Default::default()
    };
    views::form_page(&page, None, &form, &Errors::default())
}

fn invalid(page: &Page, id: Option<i32>, form: &ActivityForm, e: &Errors) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        views::form_page(page, id, form, e),
    )
        .into_response()
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<ActivityForm>,
) -> AppResult<Response> {
    let p = match form.parse() {
        Ok(p) => p,
        Err(e) => return Ok(invalid(&page, None, &form, &e)),
    };
    let now = Utc::now();
    let txn = crate::db::begin_write(&state.db).await?;
    let a = activity::ActiveModel {
        program_id: Set(Some(page.user.program_id)),
        slug: Set(None),
        domains: Set(p.domains.clone()),
        cos_outcome: Set(p.cos_outcome),
        age_min: Set(p.age_min),
        age_max: Set(p.age_max),
        routines: Set(p.routines.clone()),
        status: Set(activity::Status::Draft),
        author_id: Set(Some(page.user.id)),
        last_reviewed: Set(Some(page.user.today())),
        edited_locally: Set(false),
        starter_revision: Set(0),
        search_text: Set(String::new()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_texts(&txn, a.id, &p).await?;
    audit::record_in(
        &txn,
        &Actor::user(&page.user, &meta),
        Event::new("activity.created", "activity", a.id),
    )
    .await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/activities/{}", a.id),
        Kind::Success,
        "Activity saved as a draft.",
    ))
}

/// An activity of the user's program (starter activities are copied, not edited).
async fn own(state: &AppState, page: &Page, id: i32) -> AppResult<model::Loaded> {
    let (a, texts) = model::load(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match a.program_id {
        Some(p) if p == page.user.program_id => Ok((a, texts)),
        Some(_) => Err(AppError::NotFound),
        None => Err(AppError::Conflict(
            "Starter activities are shared by every program. Copy it to your program to change it."
                .into(),
        )),
    }
}

pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let (a, texts) = own(&state, &page, id).await?;
    Ok(views::form_page(
        &page,
        Some(id),
        &ActivityForm::from_model(&a, &texts),
        &Errors::default(),
    ))
}

/// Saves an edit, keeping the version it replaces; a stale version is refused.
pub async fn update(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ActivityForm>,
) -> AppResult<Response> {
    let (a, texts) = own(&state, &page, id).await?;
    let p = match form.parse() {
        Ok(p) => p,
        Err(e) => return Ok(invalid(&page, Some(id), &form, &e)),
    };
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let txn = crate::db::begin_write(&state.db).await?;
    let res = activity::Entity::update_many()
        .col_expr(activity::Column::Domains, Expr::value(p.domains.clone()))
        .col_expr(activity::Column::Routines, Expr::value(p.routines.clone()))
        .col_expr(activity::Column::CosOutcome, Expr::value(p.cos_outcome))
        .col_expr(activity::Column::AgeMin, Expr::value(p.age_min))
        .col_expr(activity::Column::AgeMax, Expr::value(p.age_max))
        .col_expr(activity::Column::Version, Expr::value(seen + 1))
        .col_expr(
            activity::Column::LastReviewed,
            Expr::value(page.user.today()),
        )
        .col_expr(activity::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(activity::Column::Id.eq(id))
        .filter(activity::Column::Version.eq(seen))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        txn.rollback().await?;
        return Err(AppError::Conflict(
            "Someone saved this activity while you were editing it. Open it again to see their version.".into(),
        ));
    }
    let snapshot = json!({ "activity": {
        "domains": a.domains.to_string(), "routines": a.routines.to_string(), "cos_outcome": a.cos_outcome,
        "age_min": a.age_min, "age_max": a.age_max, "status": a.status,
    }, "texts": texts });
    activity_history::ActiveModel {
        activity_id: Set(id),
        version: Set(a.version),
        snapshot: Set(snapshot.to_string()),
        edited_by: Set(Some(page.user.id)),
        edited_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_texts(&txn, id, &p).await?;
    audit::record_in(
        &txn,
        &Actor::user(&page.user, &meta),
        Event::new("activity.edited", "activity", id).detail(json!({ "version": seen + 1 })),
    )
    .await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/activities/{id}"),
        Kind::Success,
        "Activity saved.",
    ))
}

/// Copies a starter activity into the program as a draft, to adapt it.
pub async fn copy(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (a, texts) = model::load(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.program_id.is_some_and(|p| p != page.user.program_id) {
        return Err(AppError::NotFound);
    }
    let form = ActivityForm::from_model(&a, &texts);
    let p = form.parse().map_err(|_| {
        AppError::Conflict("This activity is incomplete and cannot be copied.".into())
    })?;
    let now = Utc::now();
    let txn = crate::db::begin_write(&state.db).await?;
    // Every column copied (reset_all marks them all for the insert), then the copy's own.
    let mut copy = activity::ActiveModel::from(a.clone()).reset_all();
    copy.id = sea_orm::ActiveValue::NotSet;
    copy.program_id = Set(Some(page.user.program_id));
    copy.status = Set(activity::Status::Draft);
    copy.author_id = Set(Some(page.user.id));
    copy.slug = Set(None);
    copy.version = Set(1);
    copy.created_at = Set(now);
    copy.updated_at = Set(now);
    let copy = copy.insert(&txn).await?;
    write_texts(&txn, copy.id, &p).await?;
    audit::record_in(
        &txn,
        &Actor::user(&page.user, &meta),
        Event::new("activity.copied", "activity", copy.id).detail(json!({ "from": a.id })),
    )
    .await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/activities/{}/edit", copy.id),
        Kind::Success,
        "Copied to your program as a draft.",
    ))
}

/// Admins publish a program's activity so it can be given to families.
pub async fn publish(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::PublishActivity).await?;
    let (a, texts) = own(&state, &page, id).await?;
    if !texts.get(&Lang::En).is_some_and(|t| t.is_complete()) {
        return Ok(flash::redirect(
            &state,
            &format!("/activities/{id}"),
            Kind::Error,
            "Complete the English text before publishing.",
        ));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let mut m: activity::ActiveModel = a.into();
    m.status = Set(activity::Status::Published);
    m.update(&txn).await?;
    audit::record_in(
        &txn,
        &Actor::user(&page.user, &meta),
        Event::new("activity.published", "activity", id),
    )
    .await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/activities/{id}"),
        Kind::Success,
        "Published.",
    ))
}
