//! Finding activities, reading one, and its family handout.
use super::{
    model::{self, AGE_BANDS, Filters},
    views,
};
use crate::{
    entities::{
        Choice, cos_rating::CosOutcome, evaluation_result::DevelopmentalDomain, visit::Routine,
    },
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    views::Page,
};
use axum::extract::{Path, Query, State};
use maud::Markup;
use serde::Deserialize;

/// Results shown at once; narrowing the search beats paging on a phone.
const LIST: u64 = 60;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub q: String,
    pub domain: String,
    pub band: String,
    pub routine: String,
    pub outcome: String,
}

impl ListQuery {
    /// Unknown filter values are ignored rather than refused: a search box never errors.
    pub fn filters(&self) -> Filters {
        Filters {
            q: self.q.chars().take(200).collect(),
            domain: DevelopmentalDomain::parse(&self.domain),
            band: AGE_BANDS
                .iter()
                .find(|b| b.0 == self.band)
                .map(|b| (b.2, b.3)),
            routine: Routine::parse(&self.routine).filter(|r| *r != Routine::Unset),
            outcome: CosOutcome::parse(&self.outcome),
            published_only: false,
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> AppResult<Markup> {
    let (total, found) = model::search(&state.db, page.user.program_id, &q.filters(), LIST).await?;
    Ok(views::list_page(&page, &q, total, &found))
}

/// An activity of the starter library or the user's program; another program's is 404.
async fn visible(state: &AppState, page: &Page, id: i32) -> AppResult<model::Loaded> {
    model::load(&state.db, id)
        .await?
        .filter(|(a, _)| a.program_id.is_none_or(|p| p == page.user.program_id))
        .ok_or(AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let (a, texts) = visible(&state, &page, id).await?;
    Ok(views::activity_page(&page, &a, &texts))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HandoutQuery {
    pub lang: String,
}

/// A one-page handout in the asked language. A missing translation is said plainly to staff;
/// the other language is never given in its place.
pub async fn handout(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Query(q): Query<HandoutQuery>,
) -> AppResult<Markup> {
    let (a, texts) = visible(&state, &page, id).await?;
    let lang = Lang::from_code(&q.lang);
    match texts.get(&lang).filter(|t| t.is_complete()) {
        Some(t) => Ok(views::handout(lang, &a, t, None)),
        None => Err(AppError::Conflict(format!(
            "This activity has no complete {} text yet, so there is no handout in that language.",
            if lang == Lang::Es {
                "Spanish"
            } else {
                "English"
            }
        ))),
    }
}
