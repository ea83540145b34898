//! Refused signings on the supervisor's (and admin's) home page: a provider who tried to sign
//! a billable note without a credential current on the visit's date needs a renewed
//! credential on file, and the supervisor is the one who chases it.
use crate::entities::{audit_log, user};
use crate::views::when;
use chrono::{DateTime, Duration, Utc};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// How far back the home page looks.
pub const WINDOW_DAYS: i64 = 30;

/// One refused signing, newest first on the page.
pub struct Refusal {
    pub at: DateTime<Utc>,
    pub provider: String,
    pub visit_id: Option<i32>,
    /// "no_credential" or "expired", as audited.
    pub reason: String,
}

/// The program's refused signings in the last `WINDOW_DAYS` days before `now`.
pub async fn recent(
    db: &impl ConnectionTrait,
    program_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<Refusal>, DbErr> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::ProgramId.eq(program_id))
        .filter(audit_log::Column::Action.eq("visit.sign_refused"))
        .filter(audit_log::Column::CreatedAt.gte(now - Duration::days(WINDOW_DAYS)))
        .order_by_desc(audit_log::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.user_id)))
        .into_partial_model::<user::Person>()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let detail: serde_json::Value = serde_json::from_str(&r.detail).unwrap_or_default();
            Refusal {
                at: r.created_at,
                provider: r
                    .user_id
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_default(),
                visit_id: r.entity_id.and_then(|id| id.parse().ok()),
                reason: detail["reason"].as_str().unwrap_or_default().to_owned(),
            }
        })
        .collect())
}

fn reason_label(reason: &str) -> &'static str {
    match reason {
        "no_credential" => "no credential on file",
        "expired" => "credential expired before the visit",
        _ => "no current credential",
    }
}

/// The card, shown only when there was at least one refusal.
pub fn section(refusals: &[Refusal], tz: chrono_tz::Tz) -> Markup {
    let n = refusals.len();
    html! {
        @if n > 0 {
            section aria-labelledby="refused-h" class="card" {
                h2 id="refused-h" {
                    "Signing refused: " (n) (if n == 1 { " attempt" } else { " attempts" })
                    " in the last " (WINDOW_DAYS) " days"
                }
                p class="hint" { "Billable notes these providers could not sign for want of a current credential. An admin adds the renewed credential on the provider's staff page." }
                ul class="due" {
                    @for r in refusals.iter().take(20) {
                        li {
                            span {
                                (r.provider) " — "
                                @if let Some(v) = r.visit_id { a href={"/visits/" (v)} { "visit " (v) } } @else { "a visit" }
                                " — " (reason_label(&r.reason))
                            }
                            span class="muted" { (when::moment(r.at, tz)) }
                        }
                    }
                }
            }
        }
    }
}
