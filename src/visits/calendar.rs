//! A provider's calendar feed: a secret URL that phone calendars subscribe to. The secret
//! is shown once and stored only as a SHA-256 hash; making a new one or revoking ends the
//! old URL, which then answers 404. Events carry the child's initials and the service, never
//! a full name or address: subscribed calendars are copied to third-party clouds.
use crate::{
    audit::{Actor, Event as AuditEvent},
    entities::{Choice, calendar_feed, child, ifsp_service, program, user, visit},
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::csrf_field,
        layout,
    },
};
use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

async fn active(state: &AppState, user_id: i32) -> AppResult<Option<calendar_feed::Model>> {
    Ok(calendar_feed::Entity::find()
        .filter(calendar_feed::Column::UserId.eq(user_id))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .one(&state.db)
        .await?)
}

fn feed_page(p: &Page, feed: Option<&calendar_feed::Model>, new_url: Option<&str>) -> Markup {
    layout::page(
        p,
        "Calendar feed",
        "/visits",
        html! {
            h1 { "Your visits in your phone's calendar" }
            p class="lead" { "Subscribe to a private link and your scheduled visits appear in your calendar app. Events show the child's initials and the service, never names or addresses." }
            @if let Some(url) = new_url {
                div class="flash flash-success" role="status" {
                    p { "Your new calendar link. Copy it now: it is shown only once." }
                    p { code class="copy" { (url) } }
                }
            }
            @match feed {
                Some(f) => {
                    p { "A link is active since " (f.created_at.format("%-d %b %Y")) "." }
                    form method="post" action="/calendar/revoke" class="inline" {
                        (csrf_field(&p.csrf))
                        button type="submit" { "Revoke the link" }
                    }
                    " "
                }
                None => { p { "No link is active." } }
            }
            form method="post" action="/calendar" class="inline" {
                (csrf_field(&p.csrf))
                button type="submit" class="primary" { @if feed.is_some() { "Replace with a new link" } @else { "Create a link" } }
            }
        },
    )
}

pub async fn page(State(state): State<AppState>, page: Page) -> AppResult<Markup> {
    let feed = active(&state, page.user.id).await?;
    Ok(feed_page(&page, feed.as_ref(), None))
}

/// Makes a new secret link, revoking any old one.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    let token = hex::encode(rand::random::<[u8; 24]>());
    let actor = Actor::user(&page.user, &meta);
    let feed = super::commands::create_feed(&state.db, actor, page.user.id, hash(&token)).await?;
    let url = format!("{}/calendar/{token}.ics", state.config.origin());
    Ok(feed_page(&page, Some(&feed), Some(&url)))
}

pub async fn revoke(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Response> {
    let actor = Actor::user(&page.user, &meta);
    super::commands::revoke_feeds(&state.db, actor, page.user.id).await?;
    Ok(flash::redirect(
        &state,
        "/calendar",
        Kind::Success,
        "Calendar link revoked. Calendars subscribed to it stop updating.",
    ))
}

fn initials(c: &child::Model) -> String {
    [&c.first_name, &c.last_name]
        .iter()
        .filter_map(|n| n.chars().next())
        .map(|ch| format!("{ch}."))
        .collect()
}

/// The feed itself: no session, the secret in the URL is the credential.
pub async fn feed(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    let feed = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(hash(token)))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let u = user::Entity::find_by_id(feed.user_id)
        .into_partial_model::<user::Staff>()
        .one(&state.db)
        .await?
        .filter(|u| u.active)
        .ok_or(AppError::NotFound)?;
    let tz: chrono_tz::Tz = program::Entity::find_by_id(u.program_id)
        .one(&state.db)
        .await?
        .map(|p| p.tz())
        .unwrap_or(chrono_tz::America::New_York);
    let now = Utc::now().with_timezone(&tz).naive_local();
    let visits = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(u.id))
        .filter(visit::Column::Status.ne(visit::Status::Cancelled))
        .filter(visit::Column::StartsAt.gte(now - Duration::days(30)))
        .filter(visit::Column::StartsAt.lt(now + Duration::days(180)))
        .all(&state.db)
        .await?;
    let children: HashMap<i32, child::Model> = child::Entity::find()
        .filter(child::Column::Id.is_in(visits.iter().map(|v| v.child_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let services: HashMap<i32, String> = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::Id.is_in(visits.iter().map(|v| v.service_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.service_type.label().to_owned()))
        .collect();
    let utc = |t: NaiveDateTime| {
        tz.from_local_datetime(&t)
            .earliest()
            .map(|d| d.with_timezone(&Utc))
    };
    let host = state
        .config
        .base_url
        .host_str()
        .unwrap_or("hearth")
        .to_owned();
    let mut cal = Calendar::new();
    cal.name("Hearth visits");
    for v in &visits {
        let (Some(start), Some(end)) = (utc(v.starts_at), utc(v.ends_at)) else {
            continue;
        };
        let who = children.get(&v.child_id).map(initials).unwrap_or_default();
        let what = services.get(&v.service_id).cloned().unwrap_or_default();
        cal.push(
            Event::new()
                .uid(&format!("visit-{}@{host}", v.id))
                .sequence(u32::try_from(v.version).unwrap_or(0))
                .timestamp(v.updated_at)
                .summary(&format!("Visit {who} ({what})"))
                .url(&format!("{}/visits/{}", state.config.origin(), v.id))
                .starts(start)
                .ends(end)
                .done(),
        );
    }
    state
        .audit
        .record(
            &Actor::anonymous(&meta),
            AuditEvent::new("calendar.feed_read", "user", u.id)
                .detail(serde_json::json!({ "events": visits.len() })),
        )
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        cal.done().to_string(),
    )
        .into_response())
}
