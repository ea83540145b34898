//! Demo C4 answers: most families with a plan answered this year's survey (one said no), so
//! the indicators page shows family-outcome figures. The first family is left unasked, so
//! its family page still offers the survey.
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
        None,
        Some((Disagree, Agree, Agree, "")),
        Some((StronglyAgree, StronglyAgree, Neutral, "")),
        Some((Agree, Disagree, Agree, "")),
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
        .filter(child::Column::Status.eq(child::Status::Active))
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
    for (n, c) in children.iter().enumerate() {
        if !families.insert(c.family_id) || n == 0 {
            continue;
        }
        let answer = ANSWERS[(families.len() - 2) % ANSWERS.len()];
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
