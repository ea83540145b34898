//! A provider's day and week: visits in time order, notes still to sign, make-ups owed.
use super::{rules, schedule::span, views::status_badge};
use crate::{
    audit::{Actor, Event},
    entities::{Choice, child, ifsp_service, user, visit},
    error::AppResult,
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::{Page, layout},
};
use axum::extract::{Query, State};
use chrono::{Datelike, Duration, NaiveDate};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

const LIST: u64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AgendaQuery {
    pub date: String,
    pub view: String,
    pub provider: String,
}

pub async fn agenda(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Markup> {
    let today = page.user.today();
    let date = NaiveDate::parse_from_str(&q.date, "%Y-%m-%d").unwrap_or(today);
    let week = q.view != "day";
    let (from, to) = if week {
        let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
        (monday, monday + Duration::days(7))
    } else {
        (date, date + Duration::days(1))
    };
    // Supervisors and admins may look at anyone's agenda; everyone else sees their own.
    let mut provider = page.user.id;
    let wanted = q
        .provider
        .parse::<i32>()
        .ok()
        .filter(|id| *id != page.user.id);
    if let Some(id) = wanted {
        policy::require(&state.db, &page.user, &meta, Action::ViewProgramCaseload).await?;
        provider = id;
    }
    let supervisor = policy::can(
        &page.user,
        Action::ViewProgramCaseload,
        &policy::Target::program(&page.user),
    );
    // The one person whose agenda this is, in the user's program; the menu of the program's
    // providers only for those who see it (supervisors and admins).
    let Some(who) = user::Entity::find_by_id(provider)
        .filter(user::Column::ProgramId.eq(page.user.program_id))
        .into_partial_model::<user::Person>()
        .one(&state.db)
        .await?
    else {
        return Err(crate::error::AppError::NotFound);
    };
    let mut staff: Vec<user::Person> = if supervisor {
        user::Entity::find()
            .filter(user::Column::ProgramId.eq(page.user.program_id))
            .filter(user::Column::Role.eq(user::Role::Provider))
            .filter(user::Column::Active.eq(true))
            .order_by_asc(user::Column::DisplayName)
            .into_partial_model()
            .all(&state.db)
            .await?
    } else {
        Vec::new()
    };
    if supervisor && !staff.iter().any(|u| u.id == who.id) {
        staff.insert(0, who.clone());
    }
    let mine = || visit::Entity::find().filter(visit::Column::ProviderId.eq(provider));
    let visits: Vec<visit::Line> = mine()
        .filter(visit::Column::StartsAt.gte(from.and_hms_opt(0, 0, 0).unwrap_or_default()))
        .filter(visit::Column::StartsAt.lt(to.and_hms_opt(0, 0, 0).unwrap_or_default()))
        .order_by_asc(visit::Column::StartsAt)
        .into_partial_model()
        .all(&state.db)
        .await?;
    // Oldest first, at most LIST of each, with the total: the page stays small however far
    // behind someone is.
    let unsigned_q = mine()
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .filter(visit::Column::SignedAt.is_null());
    let unsigned_total = unsigned_q.clone().count(&state.db).await?;
    let unsigned: Vec<visit::Line> = unsigned_q
        .order_by_asc(visit::Column::StartsAt)
        .limit(LIST)
        .into_partial_model()
        .all(&state.db)
        .await?;
    let past_q = mine()
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::StartsAt.lt(today.and_hms_opt(0, 0, 0).unwrap_or_default()));
    let past_total = past_q.clone().count(&state.db).await?;
    let past_scheduled: Vec<visit::Line> = past_q
        .order_by_asc(visit::Column::StartsAt)
        .limit(LIST)
        .into_partial_model()
        .all(&state.db)
        .await?;
    let all = visits.iter().chain(&unsigned).chain(&past_scheduled);
    let children: HashMap<i32, String> = child::Entity::find()
        .select_only()
        .columns([
            child::Column::Id,
            child::Column::FirstName,
            child::Column::LastName,
        ])
        .filter(child::Column::Id.is_in(all.clone().map(|v| v.child_id)))
        .into_tuple::<(i32, String, String)>()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|(id, first, last)| (id, format!("{first} {last}")))
        .collect();
    let services: HashMap<i32, String> = ifsp_service::Entity::find()
        .select_only()
        .columns([ifsp_service::Column::Id, ifsp_service::Column::ServiceType])
        .filter(ifsp_service::Column::Id.is_in(all.map(|v| v.service_id)))
        .into_tuple::<(i32, ifsp_service::ServiceType)>()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|(id, t)| (id, t.label().to_owned()))
        .collect();
    let mut days: BTreeMap<NaiveDate, Vec<&visit::Line>> = BTreeMap::new();
    for v in &visits {
        days.entry(v.starts_at.date()).or_default().push(v);
    }
    state
        .audit
        .record(
            &Actor::user(&page.user, &meta),
            Event::new("visit.agenda_viewed", "user", provider).detail(
                json!({ "from": from.to_string(), "to": to.to_string(), "count": visits.len() }),
            ),
        )
        .await?;
    let rules = &page.user.rules;
    let row = |v: &visit::Line| {
        html! {
            li {
                a href={"/visits/" (v.id)} { (span(v.starts_at, v.ends_at)) }
                span { (children.get(&v.child_id).cloned().unwrap_or_default()) " · " (services.get(&v.service_id).cloned().unwrap_or_default()) }
                (status_badge(v, today, rules::note_due(v.starts_at.date(), rules)))
            }
        }
    };
    let step = if week { 7 } else { 1 };
    let link = |d: NaiveDate| {
        let mut s = format!(
            "/visits?date={d}&view={}",
            if week { "week" } else { "day" }
        );
        if provider != page.user.id {
            s.push_str(&format!("&provider={provider}"));
        }
        s
    };
    Ok(layout::page(
        &page,
        "Visits",
        "/visits",
        html! {
            h1 { "Visits: " (who.display_name) }
            nav class="filters" aria-label="Agenda" {
                a href=(link(from - Duration::days(step))) { "← Earlier" } " · "
                a href=(link(today)) { "Today" } " · "
                a href=(link(from + Duration::days(step))) { "Later →" } " · "
                @if week { a href={"/visits?view=day&date=" (date)} { "Day view" } } @else { a href={"/visits?view=week&date=" (date)} { "Week view" } }
                " · " a href="/calendar" { "Calendar feed" }
            }
            @if supervisor {
                form method="get" action="/visits" class="filters" {
                    input type="hidden" name="date" value=(date);
                    input type="hidden" name="view" value=(if week { "week" } else { "day" });
                    label for="f-provider" { "Whose visits" }
                    select id="f-provider" name="provider" {
                        @for u in &staff { option value=(u.id) selected[u.id == provider] { (u.display_name) } }
                    }
                    button type="submit" { "Show" }
                }
            }
            h2 { @if week { "Week of " (from.format("%a %-d %b %Y")) } @else { (from.format("%A %-d %B %Y")) } }
            @if days.is_empty() { p class="muted" { "No visits." } }
            @for (day, list) in &days {
                h3 { (day.format("%A %-d %B")) }
                ul class="due" { @for v in list { (row(v)) } }
            }
            @if !unsigned.is_empty() {
                h2 { "Notes to sign (" (unsigned_total) ")" }
                p class="hint" { "Notes are due " (rules.note_due_business_days) " business days after the visit." }
                ul class="due" { @for v in &unsigned { (row(v)) } }
                @if unsigned_total > LIST { p class="muted" { "The oldest " (LIST) " of " (unsigned_total) "." } }
            }
            @if !past_scheduled.is_empty() {
                h2 { "Past visits with no note (" (past_total) ")" }
                p class="hint" { "Log each one, or record it as missed." }
                ul class="due" { @for v in &past_scheduled { (row(v)) } }
                @if past_total > LIST { p class="muted" { "The oldest " (LIST) " of " (past_total) "." } }
            }
        },
    ))
}
