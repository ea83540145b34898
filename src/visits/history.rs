//! A child's visits as the child page lists them (the next few and the newest delivered or
//! missed ones) and the older ones a page at a time: a child seen weekly for three years has
//! 150 visits and more, each with forty columns of note, and the child page shows 25 lines.
use super::{rules, schedule::span, views::status_badge};
use crate::{
    audit::{Actor, Event},
    children::authorized_child,
    entities::{Choice, ifsp_service, visit},
    error::AppResult,
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::{Page, layout},
};
use axum::extract::{Path, Query, State};
use chrono::NaiveDateTime;
use maud::{Markup, html};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Deserialize;
use std::collections::HashMap;

/// Scheduled visits the child page shows, soonest first.
pub const COMING: u64 = 5;
/// Delivered, missed and past scheduled visits the child page shows, newest first.
pub const RECENT: u64 = 20;
/// Visits per page of the history.
pub const PER_PAGE: u64 = 50;

/// The child page's visits.
pub struct ChildVisits {
    pub coming: Vec<visit::Line>,
    pub recent: Vec<visit::Line>,
    /// Whether there are more than `recent` shows (listed on the history pages).
    pub older: bool,
}

/// Everything that is not a visit still to come: delivered, missed, or scheduled and past.
fn not_coming(now: NaiveDateTime) -> Condition {
    Condition::any()
        .add(visit::Column::Status.ne(visit::Status::Scheduled))
        .add(visit::Column::StartsAt.lt(now))
}

/// The visits the child page lists, in two bounded statements whatever the record's length.
pub async fn for_child_page(
    db: &impl ConnectionTrait,
    child_id: i32,
    now: NaiveDateTime,
) -> Result<ChildVisits, DbErr> {
    let of_child = || visit::Entity::find().filter(visit::Column::ChildId.eq(child_id));
    let coming = of_child()
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::StartsAt.gte(now))
        .order_by_asc(visit::Column::StartsAt)
        .order_by_asc(visit::Column::Id)
        .limit(COMING)
        .into_partial_model()
        .all(db)
        .await?;
    // One more than shown says whether there are older ones.
    let mut recent: Vec<visit::Line> = of_child()
        .filter(not_coming(now))
        .order_by_desc(visit::Column::StartsAt)
        .order_by_desc(visit::Column::Id)
        .limit(RECENT + 1)
        .into_partial_model()
        .all(db)
        .await?;
    let older = recent.len() as u64 > RECENT;
    recent.truncate(RECENT as usize);
    Ok(ChildVisits {
        coming,
        recent,
        older,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HistoryQuery {
    /// 1 is the newest page.
    pub page: String,
}

/// `/children/{id}/visits`: every visit of the child but those still to come, newest first,
/// a page at a time. A read of the child's record, so audited.
pub async fn history(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Query(q): Query<HistoryQuery>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::ViewChild).await?;
    let n: u64 = q.page.parse().unwrap_or(1).max(1);
    let now = page.user.today().and_hms_opt(0, 0, 0).unwrap_or_default();
    let list: Vec<visit::Line> = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(id))
        .filter(not_coming(now))
        .order_by_desc(visit::Column::StartsAt)
        .order_by_desc(visit::Column::Id)
        .offset((n - 1) * PER_PAGE)
        .limit(PER_PAGE + 1)
        .into_partial_model()
        .all(&state.db)
        .await?;
    let more = list.len() as u64 > PER_PAGE;
    let list = &list[..list.len().min(PER_PAGE as usize)];
    let services: HashMap<i32, &'static str> = ifsp_service::Entity::find()
        .select_only()
        .columns([ifsp_service::Column::Id, ifsp_service::Column::ServiceType])
        .filter(ifsp_service::Column::Id.is_in(list.iter().map(|v| v.service_id)))
        .into_tuple::<(i32, ifsp_service::ServiceType)>()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|(id, t)| (id, t.label()))
        .collect();
    state
        .audit
        .record(
            &Actor::user(&page.user, &meta),
            Event::new("child.visits_viewed", "child", id).detail(serde_json::json!({
                "page": n,
                "visits": list.iter().map(|v| v.id).collect::<Vec<_>>(),
            })),
        )
        .await?;
    let today = page.user.today();
    let rules = &page.user.rules;
    let title = format!("Visits: {}", c.full_name());
    Ok(layout::page(
        &page,
        &title,
        "/caseload",
        html! {
            p class="breadcrumb" { a href={"/children/" (id) "#visits"} { (c.full_name()) } }
            h1 { (title) }
            @if list.is_empty() { p class="muted" { "No visits on this page." } }
            ul class="due" {
                @for v in list {
                    li {
                        a href={"/visits/" (v.id)} { (span(v.starts_at, v.ends_at)) }
                        span { (services.get(&v.service_id).copied().unwrap_or("")) }
                        (status_badge(v, today, rules::note_due(v.starts_at.date(), rules)))
                    }
                }
            }
            nav class="filters" aria-label="Pages" {
                @if n > 1 { a href={"/children/" (id) "/visits?page=" (n - 1)} { "← Newer" } }
                @if n > 1 && more { " · " }
                @if more { a rel="next" href={"/children/" (id) "/visits?page=" (n + 1)} { "Older →" } }
            }
        },
    ))
}
