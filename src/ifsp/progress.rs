//! Progress on outcomes, rated at each review, and its history as a small server-rendered
//! SVG chart (with the same facts as text, for screen readers and print).
use super::{
    commands::{self, NewRating},
    load_draft,
    parts::{Typed, answer, invalid, typed},
    post::PlanPost,
};
use crate::{
    audit::Actor,
    entities::{Choice, ifsp, outcome_progress::Rating},
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        fields::{paragraph, parse_date},
        form::Errors,
    },
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;

/// Height on the chart: achieved at the top. Revise and discontinue are decisions, not
/// levels, and are drawn as marks on the baseline.
pub fn level(rating: Rating) -> Option<u8> {
    match rating {
        Rating::Achieved => Some(3),
        Rating::Progressing => Some(2),
        Rating::NotYet => Some(1),
        Rating::Revise | Rating::Discontinue => None,
    }
}

/// A chart of ratings over time, with a tick under the axis for each delivered visit that
/// worked on the outcome. `points` and `visits` must be in date order.
pub fn chart(points: &[(NaiveDate, Rating)], visits: &[NaiveDate]) -> Markup {
    const W: f64 = 320.0;
    const H: f64 = 100.0;
    const PAD: f64 = 16.0;
    const RUG: f64 = 10.0;
    let dates = points.iter().map(|p| p.0).chain(visits.iter().copied());
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        return html! {};
    };
    let span = (last - first).num_days().max(1) as f64;
    let x = |d: NaiveDate| PAD + (d - first).num_days() as f64 / span * (W - 2.0 * PAD);
    let base = H - PAD - RUG;
    let y = |lvl: u8| base - (f64::from(lvl) - 1.0) / 2.0 * (base - PAD);
    let line: Vec<String> = points
        .iter()
        .filter_map(|(d, r)| level(*r).map(|l| format!("{:.1},{:.1}", x(*d), y(l))))
        .collect();
    let mut summary: Vec<String> = points
        .iter()
        .map(|(d, r)| format!("{d}: {}", r.label()))
        .collect();
    if !visits.is_empty() {
        summary.push(format!("{} visits worked on it", visits.len()));
    }
    html! {
        svg class="progress-chart" viewBox={"0 0 " (W) " " (H)} width=(W) height=(H) role="img" aria-label={"Progress: " (summary.join("; "))} {
            title { "Progress over time" }
            @for (lvl, name) in [(3u8, "Achieved"), (2, "Progressing"), (1, "Not yet")] {
                line x1=(PAD) x2={(W - PAD)} y1=(y(lvl)) y2=(y(lvl)) class="grid" {}
                text x="2" y={(y(lvl) - 3.0)} class="axis" { (name) }
            }
            @if line.len() > 1 { polyline points=(line.join(" ")) class="trend" {} }
            @for (d, r) in points {
                @match level(*r) {
                    Some(l) => circle cx=(format!("{:.1}", x(*d))) cy=(format!("{:.1}", y(l))) r="4" class="point" { title { (d) ": " (r.label()) } },
                    None => rect x=(format!("{:.1}", x(*d) - 4.0)) y={(base - 4.0)} width="8" height="8" class="decision" { title { (d) ": " (r.label()) } },
                }
            }
            @for d in visits {
                line x1=(format!("{:.1}", x(*d))) x2=(format!("{:.1}", x(*d))) y1={(H - PAD)} y2={(H - PAD + RUG - 2.0)} class="visit" { title { "Visit " (d) } }
            }
            @if !visits.is_empty() { text x="2" y={(H - 1.0)} class="axis" { "Visits" } }
        }
    }
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ProgressForm {
    pub rating: String,
    pub rated_on: String,
    pub note: String,
}

/// The most a progress note may hold, in characters: refused beyond it, never cut.
pub const NOTE_MAX: usize = 2000;

/// Rates one outcome in a review (or annual plan, or amendment) draft.
pub async fn rate(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, oid)): Path<(i32, i32)>,
    post: PlanPost,
) -> AppResult<Response> {
    let (c, plan) = load_draft(&state, &page, &meta, id).await?;
    let form: ProgressForm = post.scoped(&progress_scope(oid))?;
    let Typed {
        edit,
        mut forms,
        ok,
    } = typed(&post, &page, &c);
    let outcome = plan
        .outcomes
        .iter()
        .find(|o| o.id == oid)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    if matches!(plan.ifsp.kind, ifsp::Kind::Initial | ifsp::Kind::Interim) {
        e.add(
            "rating",
            "Progress is rated at a review, an annual plan or an amendment.",
        );
    }
    let rating: Option<Rating> =
        e.choice("rating", &form.rating, "Choose how the outcome is going.");
    let on = parse_date(&mut e, "rated_on", &form.rated_on, "date of the rating");
    if on.is_some_and(|d| d > page.user.today()) {
        e.add("rated_on", "The rating cannot be dated in the future.");
    }
    let note = paragraph(&mut e, "note", &form.note, NOTE_MAX);
    let (Some(on), Some(rating), true, true) = (on, rating, e.is_empty(), ok) else {
        forms.progress = Some((oid, form, e));
        return invalid(&state, &page, &c, &plan, forms).await;
    };
    forms.progress = Some((oid, form, Errors::default()));
    let r = NewRating {
        outcome: oid,
        origin: outcome.origin(),
        rated_on: on,
        rating,
        note,
        by: page.user.id,
    };
    let actor = Actor::user(&page.user, &meta);
    let done = commands::rate_progress(&state.db, actor, id, edit.as_ref(), r).await;
    let msg = "Progress recorded.";
    answer(&state, &page, &meta, &c, id, done, "outcomes", msg, forms).await
}

/// The scope of one outcome's progress fields on the draft page.
pub fn progress_scope(oid: i32) -> String {
    format!("p{oid}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_chart_draws_one_mark_per_rating_and_says_it_in_words() {
        let svg = chart(
            &[
                (d("2026-01-10"), Rating::NotYet),
                (d("2026-07-10"), Rating::Progressing),
                (d("2027-01-10"), Rating::Revise),
            ],
            &[],
        )
        .into_string();
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains("aria-label=\"Progress: 2026-01-10: Not yet; 2026-07-10: Progressing; 2027-01-10: Revise the outcome\""));
        // 181 of 365 days across a 288-unit axis starting at 16.
        assert!(
            svg.contains("<polyline points=\"16.0,74.0 158.8,45.0\""),
            "{svg}"
        );
        assert_eq!(chart(&[], &[]).into_string(), "");
    }

    #[test]
    fn visits_that_worked_on_the_outcome_are_ticks_on_the_time_axis() {
        let svg = chart(
            &[(d("2026-01-10"), Rating::NotYet)],
            &[d("2026-01-10"), d("2026-02-10"), d("2027-01-10")],
        )
        .into_string();
        assert_eq!(svg.matches("class=\"visit\"").count(), 3);
        assert!(svg.contains("Not yet; 3 visits worked on it"));
        // The axis spans ratings and visits: the last visit is at the right edge.
        assert!(svg.contains("x1=\"304.0\""), "{svg}");
        // Visits alone still draw.
        assert!(
            chart(&[], &[d("2026-03-01")])
                .into_string()
                .contains("Visit 2026-03-01")
        );
    }
}
