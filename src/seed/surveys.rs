//! Demo C4 answers: every family of a child with a plan, not exited before this reporting
//! year, answered this year's survey, so the indicators page shows family-outcome figures
//! (and, for the area where one family preferred not to say, the withheld figure). A family
//! page therefore says the survey is done; delete the family's `family_surveys` row to see
//! it offered.
use crate::entities::{
    Lang, child,
    family_survey::{self, Agreement, Status},
};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use std::collections::BTreeSet;

/// (rights, needs, develop, comment) by turn; `None` is a family that said no.
type Answer = Option<(Agreement, Agreement, Agreement, &'static str)>;

const ANSWERS: [Answer; 8] = {
    use Agreement::*;
    [
        Some((
            StronglyAgree,
            Agree,
            StronglyAgree,
            "The visits at bath time helped the most.",
        )),
        Some((Agree, Agree, Agree, "")),
        Some((Neutral, StronglyAgree, Agree, "")),
        Some((
            Agree,
            PreferNot,
            StronglyAgree,
            "Nos gustaría más visitas por la tarde.",
        )),
        Some((Disagree, Agree, Agree, "")),
        Some((StronglyAgree, StronglyAgree, Neutral, "")),
        Some((Agree, Disagree, Agree, "")),
        None,
    ]
};

pub async fn seed(
    db: &impl ConnectionTrait,
    program_id: i32,
    today: NaiveDate,
) -> Result<(), DbErr> {
    let children = child::Entity::find()
        .filter(child::Column::ProgramId.eq(program_id))
        .filter(child::Column::InitialIfspOn.is_not_null())
        .order_by_asc(child::Column::Id)
        .all(db)
        .await?;
    let mut families = BTreeSet::new();
    let year = if today.month() >= 7 {
        today.year()
    } else {
        today.year() - 1
    };
    let start = NaiveDate::from_ymd_opt(year, 7, 1).expect("1 July exists");
    for c in &children {
        if c.exit_date.is_some_and(|e| e < start) || !families.insert(c.family_id) {
            continue;
        }
        let answer = ANSWERS[(families.len() - 1) % ANSWERS.len()];
        // Answered over the last weeks, never before the year began.
        let on = Ord::max(start, today - Duration::days(3 * families.len() as i64));
        family_survey::ActiveModel {
            program_id: Set(program_id),
            family_id: Set(c.family_id),
            year: Set(year),
            status: Set(if answer.is_some() {
                Status::Answered
            } else {
                Status::Declined
            }),
            know_rights: Set(answer.map(|a| a.0)),
            communicate_needs: Set(answer.map(|a| a.1)),
            help_develop: Set(answer.map(|a| a.2)),
            comment: Set(answer.map_or("", |a| a.3).to_owned()),
            language: Set(if answer.is_some_and(|a| a.3.starts_with("Nos")) {
                Lang::Es
            } else {
                Lang::En
            }),
            answered_on: Set(on),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
