//! What C2, C3 and C4 read beyond the clocks' facts, for a report's children in a fixed
//! number of statements (the COS ratings, the signed plans, their services), never one per
//! child.
use super::indicators::{
    c2::{PlanFacts, PlannedService},
    c3::CosFacts,
    c5c6::{ChildFind, Population},
    t618::Tables618,
};
use crate::entities::{cos_rating, family_survey, ifsp, ifsp_service, program_population};
use crate::timeline::facts::Scope;
use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Query,
};
use std::collections::HashMap;

/// A child's COS ratings and signed (or superseded) plans with their services.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    pub cos: CosFacts,
    pub plans: Vec<PlanFacts>,
}

/// [`Extra`] of the children in `scope`, each statement sent once: the plans' services are
/// found through a subquery of the same plans, never a list of plan ids.
pub async fn for_scope(
    db: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<HashMap<i32, Extra>, DbErr> {
    let mut out: HashMap<i32, Extra> = HashMap::new();
    let mut ratings: HashMap<i32, Vec<cos_rating::Model>> = HashMap::new();
    for r in cos_rating::Entity::find()
        .filter(scope.on((cos_rating::Entity, cos_rating::Column::ChildId)))
        .all(db)
        .await?
    {
        ratings.entry(r.child_id).or_default().push(r);
    }
    for (id, rows) in &ratings {
        out.entry(*id).or_default().cos = CosFacts::from_rows(rows);
    }
    let signed = Condition::all()
        .add(scope.on((ifsp::Entity, ifsp::Column::ChildId)))
        .add(ifsp::Column::Status.ne(ifsp::Status::Draft))
        .add(ifsp::Column::MeetingDate.is_not_null());
    let plans = ifsp::Entity::find().filter(signed.clone()).all(db).await?;
    let mut services: HashMap<i32, Vec<PlannedService>> = HashMap::new();
    if !plans.is_empty() {
        let ids = Query::select()
            .column(ifsp::Column::Id)
            .from(ifsp::Entity)
            .cond_where(signed)
            .to_owned();
        for s in ifsp_service::Entity::find()
            .filter(ifsp_service::Column::IfspId.in_subquery(ids))
            .all(db)
            .await?
        {
            services.entry(s.ifsp_id).or_default().push(PlannedService {
                location: s.location,
                frequency: s.frequency,
                period: s.period,
                minutes: s.minutes,
                start_date: s.start_date,
                end_date: s.end_date,
                consented: s.consent_given == Some(true),
            });
        }
    }
    for p in plans {
        let Some(met) = p.meeting_date else { continue };
        out.entry(p.child_id).or_default().plans.push(PlanFacts {
            id: p.id,
            meeting_date: met,
            services: services.remove(&p.id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// C5/C6: the child count against the population entered for the count date's year.
pub async fn child_find(
    db: &impl ConnectionTrait,
    program_id: i32,
    count_date: NaiveDate,
    t618: &Tables618,
) -> Result<ChildFind, DbErr> {
    let year = count_date.year();
    let population = program_population::Entity::find()
        .filter(program_population::Column::ProgramId.eq(program_id))
        .filter(program_population::Column::Year.eq(year))
        .one(db)
        .await?
        .map(|p| Population {
            year,
            birth_to_one: usize::try_from(p.birth_to_one).unwrap_or(0),
            birth_to_three: usize::try_from(p.birth_to_three).unwrap_or(0),
        });
    let ages = t618.by_age();
    Ok(ChildFind {
        year,
        under_one: ages[0],
        under_three: ages.iter().sum(),
        population,
    })
}

/// C4: the program's survey rows (answered or declined) sent in the period. Only counted,
/// never listed.
pub async fn survey_responses(
    db: &impl ConnectionTrait,
    program_id: i32,
    period: &super::Period,
) -> Result<Vec<family_survey::Model>, DbErr> {
    family_survey::Entity::find()
        .filter(family_survey::Column::ProgramId.eq(program_id))
        .filter(family_survey::Column::AnsweredOn.gte(period.from))
        .filter(family_survey::Column::AnsweredOn.lte(period.to))
        .all(db)
        .await
}
