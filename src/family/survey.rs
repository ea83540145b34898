//! The C4 family outcomes survey on the family page: three statements, each answered on an
//! agreement scale (or "prefer not to say"), and an optional comment.
//!
//! Once per family per reporting year (1 July – 30 June, the federal year the indicators
//! report): the first submission is final, and so is saying no. A family that changes its
//! mind after sending has no way to edit, by choice: an answer that can be changed until the
//! year closes would need a way to find the family's row again after the link ends, and C4 is
//! meant to be one look back per year. The row is keyed to the family and the year, and the
//! insert does nothing when the row exists, so two presses at once store one and the second
//! is told calmly that the year is already answered.
use crate::{
    audit::{Actor, Change, Event},
    entities::{
        Choice, Lang,
        family_survey::{self, Agreement, Area, Status},
    },
    views::form::Errors,
};
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    TryInsertResult,
};
use serde_json::json;

/// The longest comment, in characters.
pub const COMMENT_MAX: usize = 500;

/// The reporting year containing `today`, named by the year its 1 July falls in.
pub fn year_of(today: NaiveDate) -> i32 {
    if today.month() >= 7 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// The first day of the next reporting year, when the survey opens again.
pub fn reopens(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 7, 1).expect("1 July exists")
}

/// The survey as posted: each area's chosen value (empty when none was chosen), and the
/// comment, kept as typed to show again.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct SurveyForm {
    pub know_rights: String,
    pub communicate_needs: String,
    pub help_develop: String,
    pub comment: String,
}

impl SurveyForm {
    pub fn value(&self, area: Area) -> &str {
        match area {
            Area::KnowRights => &self.know_rights,
            Area::CommunicateNeeds => &self.communicate_needs,
            Area::HelpDevelop => &self.help_develop,
        }
    }
}

/// A survey that can be stored: an answer for every area, and a comment within the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub know_rights: Agreement,
    pub communicate_needs: Agreement,
    pub help_develop: Agreement,
    pub comment: String,
}

/// The field name of an area (the form's and the column's).
fn field(area: Area) -> &'static str {
    area.as_str()
}

/// Parses the form, with each message in the family's language next to its field.
pub fn parse(form: &SurveyForm, l: Lang) -> Result<Answers, Errors> {
    let mut errors = Errors::default();
    let mut pick = |area: Area| {
        let v = Agreement::parse(form.value(area).trim());
        if v.is_none() {
            errors.add(field(area), l.t("survey.choose"));
        }
        v
    };
    let (a, b, c) = (
        pick(Area::KnowRights),
        pick(Area::CommunicateNeeds),
        pick(Area::HelpDevelop),
    );
    let comment = form.comment.trim();
    let n = comment.chars().count();
    if n > COMMENT_MAX {
        errors.add(
            "comment",
            l.tr(
                "survey.too_long",
                &[("max", &COMMENT_MAX.to_string()), ("n", &n.to_string())],
            ),
        );
    }
    match (a, b, c) {
        (Some(a), Some(b), Some(c)) if errors.is_empty() => Ok(Answers {
            know_rights: a,
            communicate_needs: b,
            help_develop: c,
            comment: comment.to_owned(),
        }),
        _ => Err(errors),
    }
}

/// The family's survey row for `year`, if there is one.
pub async fn of_year(
    db: &impl ConnectionTrait,
    family_id: i32,
    year: i32,
) -> Result<Option<family_survey::Model>, DbErr> {
    family_survey::Entity::find()
        .filter(family_survey::Column::FamilyId.eq(family_id))
        .filter(family_survey::Column::Year.eq(year))
        .one(db)
        .await
}

/// What became of a submission.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    Saved,
    /// The family's year was already answered or declined: nothing changed.
    AlreadyAnswered,
}

/// Who answers, for which year and where.
pub struct Respondent {
    pub program_id: i32,
    pub family_id: i32,
    pub child_id: i32,
    pub today: NaiveDate,
    pub lang: Lang,
    /// The link and caregiver, for the audit detail.
    pub who: serde_json::Value,
}

/// Stores the year's answers (`Some`) or the family's "no thanks" (`None`), with its audit
/// row, unless the year already has one. The audit row says that the family answered, never
/// what: answers are counted in the report, not read one by one.
pub async fn submit(
    db: &DatabaseConnection,
    actor: Actor,
    r: &Respondent,
    answers: Option<Answers>,
) -> Result<Stored, DbErr> {
    let year = year_of(r.today);
    let status = if answers.is_some() {
        Status::Answered
    } else {
        Status::Declined
    };
    let a = answers.as_ref();
    let row = family_survey::ActiveModel {
        id: NotSet,
        program_id: Set(r.program_id),
        family_id: Set(r.family_id),
        year: Set(year),
        status: Set(status),
        know_rights: Set(a.map(|a| a.know_rights)),
        communicate_needs: Set(a.map(|a| a.communicate_needs)),
        help_develop: Set(a.map(|a| a.help_develop)),
        comment: Set(a.map(|a| a.comment.clone()).unwrap_or_default()),
        language: Set(r.lang),
        answered_on: Set(r.today),
        created_at: Set(Utc::now()),
    };
    let change = Change::begin(db, actor).await?;
    let inserted = family_survey::Entity::insert(row)
        .on_conflict_do_nothing_on([family_survey::Column::FamilyId, family_survey::Column::Year])
        .exec_without_returning(change.db())
        .await?;
    if !matches!(inserted, TryInsertResult::Inserted(1)) {
        change.rollback().await?;
        return Ok(Stored::AlreadyAnswered);
    }
    let mut detail = r.who.clone();
    detail["year"] = json!(year);
    detail["family"] = json!(r.family_id);
    let action = match status {
        Status::Answered => "family.survey_answered",
        Status::Declined => "family.survey_declined",
    };
    change
        .commit(Event::new(action, "child", r.child_id).detail(detail))
        .await?;
    Ok(Stored::Saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_year_turns_on_the_first_of_july() {
        assert_eq!(year_of(d("2026-06-30")), 2025);
        assert_eq!(year_of(d("2026-07-01")), 2026);
        assert_eq!(year_of(d("2027-01-15")), 2026);
        assert_eq!(reopens(2026), d("2027-07-01"));
    }

    fn form(a: &str, b: &str, c: &str, comment: &str) -> SurveyForm {
        SurveyForm {
            know_rights: a.into(),
            communicate_needs: b.into(),
            help_develop: c.into(),
            comment: comment.into(),
        }
    }

    #[test]
    fn every_area_needs_an_answer_and_the_comment_a_limit() {
        let ok = parse(
            &form("agree", "prefer_not", "strongly_disagree", "  Gracias "),
            Lang::Es,
        );
        assert_eq!(
            ok.ok(),
            Some(Answers {
                know_rights: Agreement::Agree,
                communicate_needs: Agreement::PreferNot,
                help_develop: Agreement::StronglyDisagree,
                comment: "Gracias".into(),
            })
        );
        let e = parse(&form("agree", "", "maybe", &"x".repeat(501)), Lang::En).unwrap_err();
        assert_eq!(e.get("know_rights"), None);
        assert!(e.get("communicate_needs").is_some());
        assert!(e.get("help_develop").is_some());
        assert!(e.get("comment").unwrap().contains("501"), "{e:?}");
        // 500 characters of accented text is within the limit (characters, not bytes).
        assert!(parse(&form("agree", "agree", "agree", &"ñ".repeat(500)), Lang::Es).is_ok());
    }
}
