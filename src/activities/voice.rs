//! The family's voice: what a family said about the activities shared with them (the
//! "we tried it" presses on their page, in their own words), read back for staff as a feed.
use crate::{
    entities::{activity_share, activity_text, caregiver, child},
    i18n::Lang,
};
use chrono::NaiveDate;
use sea_orm::{
    ConnectionTrait, DbErr,
    sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query},
};

/// How many answers a feed shows.
pub const FEED_LEN: usize = 10;
/// The shares with something said that one feed reads at most: the feed is one bounded
/// query, so an answer added to a share older than the latest `SHARES_READ` ones with
/// feedback is not on it (it is still on the child page).
const SHARES_READ: u64 = 40;

/// One "we tried it" answer, for staff to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub share_id: i32,
    pub child_id: i32,
    pub child_name: String,
    pub activity_id: i32,
    /// The activity's title on staff pages (English, else its other text).
    pub activity: String,
    pub on: NaiveDate,
    /// The family's words as they wrote them (may be empty: a press without words).
    pub words: String,
    /// The family's language (their first caregiver's): the words' `lang`.
    pub lang: Lang,
}

/// The latest "we tried it" answers of the families of `children`, newest first, at most
/// [`FEED_LEN`]: one statement, however many children or answers there are.
pub async fn feed(db: &impl ConnectionTrait, children: &[i32]) -> Result<Vec<Answer>, DbErr> {
    if children.is_empty() {
        return Ok(Vec::new());
    }
    let (s, c, g, en, es) = (
        Alias::new("s"),
        Alias::new("c"),
        Alias::new("g"),
        Alias::new("t_en"),
        Alias::new("t_es"),
    );
    let text_join = |alias: &Alias, lang: Lang| {
        Expr::col((alias.clone(), activity_text::Column::ActivityId))
            .equals((s.clone(), activity_share::Column::ActivityId))
            .and(Expr::col((alias.clone(), activity_text::Column::Lang)).eq(lang.code()))
    };
    let q = Query::select()
        .column((s.clone(), activity_share::Column::Id))
        .column((s.clone(), activity_share::Column::ChildId))
        .column((s.clone(), activity_share::Column::ActivityId))
        .column((s.clone(), activity_share::Column::FamilyFeedback))
        .column((c.clone(), child::Column::FirstName))
        .expr_as(
            Expr::col((g.clone(), caregiver::Column::Language)),
            Alias::new("family_lang"),
        )
        .expr_as(
            Expr::col((en.clone(), activity_text::Column::Title)),
            Alias::new("title_en"),
        )
        .expr_as(
            Expr::col((es.clone(), activity_text::Column::Title)),
            Alias::new("title_es"),
        )
        .from_as(activity_share::Entity, s.clone())
        .join_as(
            JoinType::InnerJoin,
            child::Entity,
            c.clone(),
            Expr::col((c.clone(), child::Column::Id))
                .equals((s.clone(), activity_share::Column::ChildId)),
        )
        // The family's primary caregiver (one a family; the child page lists them so).
        .join_as(
            JoinType::LeftJoin,
            caregiver::Entity,
            g.clone(),
            Expr::col((g.clone(), caregiver::Column::FamilyId))
                .equals((c.clone(), child::Column::FamilyId))
                .and(Expr::col((g.clone(), caregiver::Column::IsPrimary)).eq(true)),
        )
        .join_as(
            JoinType::LeftJoin,
            activity_text::Entity,
            en.clone(),
            text_join(&en, Lang::En),
        )
        .join_as(
            JoinType::LeftJoin,
            activity_text::Entity,
            es.clone(),
            text_join(&es, Lang::Es),
        )
        .and_where(Expr::col((s.clone(), activity_share::Column::ChildId)).is_in(children.to_vec()))
        .and_where(Expr::col((s.clone(), activity_share::Column::FamilyFeedback)).ne(""))
        .order_by((s.clone(), activity_share::Column::Id), Order::Desc)
        .limit(SHARES_READ)
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&q).await? {
        let share_id: i32 = row.try_get_by_index(0)?;
        let child_id: i32 = row.try_get_by_index(1)?;
        let activity_id: i32 = row.try_get_by_index(2)?;
        let feedback: String = row.try_get_by_index(3)?;
        let child_name: String = row.try_get_by_index(4)?;
        let lang: Option<String> = row.try_get_by_index(5)?;
        let lang = lang.map_or(Lang::En, |l| Lang::from_code(&l));
        let en: Option<String> = row.try_get_by_index(6)?;
        let es: Option<String> = row.try_get_by_index(7)?;
        let activity = en.or(es).unwrap_or_else(|| "An activity".to_owned());
        for line in said(&feedback) {
            if let Said::Tried { on, words } = line {
                out.push(Answer {
                    share_id,
                    child_id,
                    child_name: child_name.clone(),
                    activity_id,
                    activity: activity.clone(),
                    on,
                    words: words.to_owned(),
                    lang,
                });
            }
        }
    }
    // Newest first; the same day's in the order they were said (later lines, later shares).
    out.reverse();
    out.sort_by_key(|a| std::cmp::Reverse(a.on));
    out.truncate(FEED_LEN);
    Ok(out)
}

/// One line of what a family said about an activity.
#[derive(Debug, PartialEq, Eq)]
pub enum Said<'a> {
    /// A "we tried it" press on a date, with the family's own words if they wrote any.
    Tried {
        on: chrono::NaiveDate,
        words: &'a str,
    },
    /// Words as they were recorded (by staff, or before presses were dated).
    Words(&'a str),
}

/// Splits what a family said into lines, recognising "we tried it" presses by their label in
/// either language, so the page can label them in the reader's language while the family's
/// words stay exactly as they wrote them.
pub fn said(text: &str) -> Vec<Said<'_>> {
    let labels = [Lang::En.t("family.tried"), Lang::Es.t("family.tried")];
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            labels
                .iter()
                .find_map(|label| {
                    let rest = line.strip_prefix(label.as_str())?.trim_start();
                    let on = chrono::NaiveDate::parse_from_str(rest.get(..10)?, "%Y-%m-%d").ok()?;
                    let words = rest[10..].trim_start_matches(':').trim();
                    Some(Said::Tried { on, words })
                })
                .unwrap_or(Said::Words(line))
        })
        .collect()
}

/// "What the family said": the answers read-only, each with its activity and date (in the
/// program's style) and the family's words in their own language. `children` names the
/// child on each answer (the provider's home lists several families).
pub fn feed_view(answers: &[Answer], children: bool) -> maud::Markup {
    use crate::views::when;
    maud::html! {
        section aria-labelledby="said-h" class="card family-said" id="family-said" {
            h2 id="said-h" { "What the family said" }
            @if answers.is_empty() {
                p class="muted" { "No “we tried it” answers yet." }
            } @else {
                p class="hint" { "The families’ “we tried it” answers, newest first, in their own words. Reply in the next visit note." }
                ul {
                    @for a in answers {
                        li {
                            @if children { a href={"/children/" (a.child_id)} { (a.child_name) } " · " }
                            strong { (a.activity) } " · " (when::day(a.on))
                            @if !a.words.is_empty() {
                                blockquote lang=(a.lang.code()) { (a.words) }
                            } @else {
                                " · " span class="muted" { "tried it (no words)" }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presses_in_either_language_are_recognised_and_words_kept_as_written() {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(
            said("Lo probamos 2026-11-30: le encantó\nWe tried it 2026-12-01\nAt bath time."),
            vec![
                Said::Tried {
                    on: d(11, 30),
                    words: "le encantó"
                },
                Said::Tried {
                    on: d(12, 1),
                    words: ""
                },
                Said::Words("At bath time."),
            ]
        );
        assert_eq!(
            said("We tried it soon"),
            vec![Said::Words("We tried it soon")]
        );
    }
}
