//! The first events since a date, for every child of a batch at once: the first referral
//! packet to a school district, and each service's first delivered and first missed visit.
use super::Scope;
use crate::entities::{agency, child, ifsp, ifsp_service, program, referral_packet, visit};
use crate::timeline::case::CaseFacts;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::{Alias, Expr, ExprTrait, Func, JoinType, Query, SimpleExpr},
};
use std::collections::HashMap;

/// The first referral packet to a school district since the referral, as a day in the
/// program's time zone.
pub(super) async fn lea_referrals(
    db: &impl ConnectionTrait,
    children: &[child::Model],
    scope: &Scope,
    out: &mut HashMap<i32, CaseFacts>,
) -> Result<(), DbErr> {
    let q = Query::select()
        .column((referral_packet::Entity, referral_packet::Column::ChildId))
        .column((referral_packet::Entity, referral_packet::Column::CreatedAt))
        .from(referral_packet::Entity)
        .inner_join(
            agency::Entity,
            Expr::col((agency::Entity, agency::Column::Id))
                .equals((referral_packet::Entity, referral_packet::Column::AgencyId)),
        )
        .and_where(Expr::col((agency::Entity, agency::Column::Kind)).eq(agency::Kind::Lea))
        .and_where(scope.on((referral_packet::Entity, referral_packet::Column::ChildId)))
        .to_owned();
    let rows = db.query_all(&q).await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut program_ids: Vec<i32> = children.iter().map(|c| c.program_id).collect();
    program_ids.sort_unstable();
    program_ids.dedup();
    let zones: HashMap<i32, chrono_tz::Tz> = program::Entity::find()
        .filter(program::Column::Id.is_in(program_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.tz()))
        .collect();
    let zone_of: HashMap<i32, chrono_tz::Tz> = children
        .iter()
        .filter_map(|c| Some((c.id, *zones.get(&c.program_id)?)))
        .collect();
    for row in rows {
        let child: i32 = row.try_get_by_index(0)?;
        let at: DateTime<Utc> = row.try_get_by_index(1)?;
        let (Some(f), Some(tz)) = (out.get_mut(&child), zone_of.get(&child)) else {
            continue;
        };
        let on = at.with_timezone(tz).date_naive();
        if f.referral.is_some_and(|r| on < r.received_on) {
            continue;
        }
        let tf = &mut f.transition;
        tf.lea_referral_on = Some(tf.lea_referral_on.map_or(on, |d| Ord::min(d, on)));
    }
    Ok(())
}

/// Per consented service of the children's plans: the first completed and signed visit of
/// the same service type on or after the consent date, and the first the family cancelled
/// or missed. Matching by type lets a service carried into a review keep its first visit.
pub(super) async fn first_visits(
    db: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<(HashMap<i32, NaiveDate>, HashMap<i32, NaiveDate>), DbErr> {
    let delivered = Expr::col((visit::Entity, visit::Column::Status))
        .eq(visit::Status::Completed)
        .and(Expr::col((visit::Entity, visit::Column::SignedAt)).is_not_null());
    let missed = Expr::col((visit::Entity, visit::Column::Status))
        .eq(visit::Status::Cancelled)
        .and(
            Expr::col((visit::Entity, visit::Column::CancelledBy))
                .is_in([visit::CancelledBy::Family, visit::CancelledBy::NoShow]),
        );
    Ok((
        first_visit_where(db, scope, delivered).await?,
        first_visit_where(db, scope, missed).await?,
    ))
}

/// `MIN` over the services of the same type on the child's plans of each one's first visit
/// since consent: the inner `MIN` is one seek into `idx_visits_service_status_time` (service,
/// status, time), so no visit row but the first is read. The visits of a service on the
/// child's plan are the child's own (a visit whose service is on another child's plan is
/// refused when logged and when imported), so the inner query does not name the child: with
/// the child's id in it SQLite walked every visit of the child instead.
async fn first_visit_where(
    db: &impl ConnectionTrait,
    scope: &Scope,
    which: SimpleExpr,
) -> Result<HashMap<i32, NaiveDate>, DbErr> {
    let (s, p, p2, vs) = (
        Alias::new("s"),
        Alias::new("p"),
        Alias::new("p2"),
        Alias::new("vs"),
    );
    let first = Query::select()
        .expr(Func::min(Expr::col((
            visit::Entity,
            visit::Column::StartsAt,
        ))))
        .from(visit::Entity)
        .and_where(
            Expr::col((visit::Entity, visit::Column::ServiceId))
                .equals((vs.clone(), ifsp_service::Column::Id)),
        )
        .and_where(which)
        .and_where(
            Expr::col((visit::Entity, visit::Column::StartsAt))
                .gte(Expr::col((s.clone(), ifsp_service::Column::ConsentDate))),
        )
        .to_owned();
    let first = Func::min(SimpleExpr::SubQuery(None, Box::new(first.into())));
    let q = Query::select()
        .column((s.clone(), ifsp_service::Column::Id))
        .expr(first.clone())
        .from_as(ifsp_service::Entity, s.clone())
        .join_as(
            JoinType::InnerJoin,
            ifsp::Entity,
            p.clone(),
            Expr::col((p.clone(), ifsp::Column::Id))
                .equals((s.clone(), ifsp_service::Column::IfspId)),
        )
        .join_as(
            JoinType::InnerJoin,
            ifsp::Entity,
            p2.clone(),
            Expr::col((p2.clone(), ifsp::Column::ChildId))
                .equals((p.clone(), ifsp::Column::ChildId)),
        )
        .join_as(
            JoinType::InnerJoin,
            ifsp_service::Entity,
            vs.clone(),
            Expr::col((vs.clone(), ifsp_service::Column::IfspId))
                .equals((p2, ifsp::Column::Id))
                .and(
                    Expr::col((vs, ifsp_service::Column::ServiceType))
                        .equals((s.clone(), ifsp_service::Column::ServiceType)),
                ),
        )
        .and_where(scope.on((p, ifsp::Column::ChildId)))
        .and_where(Expr::col((s.clone(), ifsp_service::Column::ConsentGiven)).eq(true))
        .group_by_col((s, ifsp_service::Column::Id))
        // Only services with such a visit: a row per service without one is read for nothing.
        .and_having(Expr::expr(first).is_not_null())
        .to_owned();
    let mut out = HashMap::new();
    for row in db.query_all(&q).await? {
        let id: i32 = row.try_get_by_index(0)?;
        let first: Option<NaiveDateTime> = row.try_get_by_index(1)?;
        if let Some(first) = first {
            out.insert(id, first.date());
        }
    }
    Ok(out)
}
