//! `hearth export`: a program's records (or every program's) in the interchange format.
//!
//! Streaming: each table is read a page at a time in id order (`id > last ORDER BY id LIMIT
//! PAGE`), and only that page and the ids it refers to are in memory. The reads are not one
//! snapshot: export from a quiet database (or a copy) for a file that is consistent to the row.
use super::Kind;
use super::ids::{self, Names};
use super::records::*;
use crate::entities::{
    agency, caregiver, child, consent, cos_rating, delay, disclosure, evaluation,
    evaluation_result, family, ifsp, ifsp_outcome, ifsp_service, ifsp_signature, outcome_progress,
    program, referral, referral_packet, transition, transition_step, user, visit, visit_addendum,
};
use anyhow::{Context, bail};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Query,
};
use std::collections::BTreeMap;
use std::io::Write;

/// Rows read per query.
const PAGE: u64 = 500;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this program (by slug); every program when `None`.
    pub program: Option<String>,
    /// Only records created or changed on or after this day (UTC); the programs' own records
    /// are always written. Records they refer to from before are not: the receiver has them.
    pub since: Option<NaiveDate>,
}

/// Records written, per type.
pub type Counts = BTreeMap<Kind, usize>;

async fn page<E: EntityTrait>(
    db: &DatabaseConnection,
    cond: &Condition,
    id: E::Column,
    after: i32,
) -> Result<Vec<E::Model>, DbErr> {
    E::find()
        .filter(cond.clone())
        .filter(id.gt(after))
        .order_by_asc(id)
        .limit(PAGE)
        .all(db)
        .await
}

fn line(out: &mut impl Write, r: &Record) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, r)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Writes the records `opts` selects to `out`, in dependency order.
pub async fn export(
    db: &DatabaseConnection,
    opts: &Options,
    out: &mut impl Write,
) -> anyhow::Result<Counts> {
    let txn = crate::db::begin_write(db).await?;
    let tag = ids::installation_tag(&txn).await?;
    txn.commit().await?;
    let mut counts = Counts::new();
    let mut n = Names::new(&tag);

    let mut pcond = Condition::all();
    if let Some(slug) = &opts.program {
        pcond = pcond.add(program::Column::Slug.eq(slug.clone()));
    }
    let programs = program::Entity::find()
        .filter(pcond)
        .order_by_asc(program::Column::Id)
        .all(db)
        .await?;
    if let Some(slug) = &opts.program
        && programs.is_empty()
    {
        bail!("no program '{slug}'");
    }
    let pids: Vec<i32> = programs.iter().map(|p| p.id).collect();
    n.load(db, Kind::Program, pids.iter().copied()).await?;
    for p in &programs {
        line(out, &Record::Program(ProgramRec::from_model(p, &n)))?;
        *counts.entry(Kind::Program).or_default() += 1;
    }
    let since = opts
        .since
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc());
    let families_of = Query::select()
        .column(family::Column::Id)
        .from(family::Entity)
        .and_where(family::Column::ProgramId.is_in(pids.clone()))
        .to_owned();
    let children_of = Query::select()
        .column(child::Column::Id)
        .from(child::Entity)
        .and_where(child::Column::ProgramId.is_in(pids.clone()))
        .to_owned();

    // One loop per type: a page, the names it needs, its lines.
    macro_rules! each {
        ($kind:expr, $entity:ty, $id:expr, $cond:expr, |$m:ident| [$($refkind:expr => $refid:expr),*], $rec:expr) => {{
            let cond = $cond;
            let mut after = 0;
            loop {
                let rows = page::<$entity>(db, &cond, $id, after).await?;
                let Some(last) = rows.last() else { break };
                after = last.id;
                n.clear();
                n.load(db, $kind, rows.iter().map(|r| r.id)).await?;
                // Each reference is an `Option` or a list of ids.
                $(n.load(db, $refkind, rows.iter().flat_map(|$m| $refid)).await?;)*
                for $m in &rows {
                    line(out, &$rec)?;
                }
                *counts.entry($kind).or_default() += rows.len();
            }
        }};
    }
    each!(
        Kind::Staff,
        user::Entity,
        user::Column::Id,
        Condition::all()
            .add(user::Column::ProgramId.is_in(pids.clone()))
            .add_option(since.map(|s| user::Column::UpdatedAt.gte(s))),
        |m| [Kind::Program => Some(m.program_id)],
        Record::Staff(StaffRec::from_model(m, &n))
    );
    each!(
        Kind::Agency,
        agency::Entity,
        agency::Column::Id,
        Condition::all()
            .add(agency::Column::ProgramId.is_in(pids.clone()))
            .add_option(since.map(|s| agency::Column::UpdatedAt.gte(s))),
        |m| [Kind::Program => Some(m.program_id)],
        Record::Agency(AgencyRec::from_model(m, &n))
    );
    each!(
        Kind::Family,
        family::Entity,
        family::Column::Id,
        Condition::all()
            .add(family::Column::ProgramId.is_in(pids.clone()))
            .add_option(since.map(|s| family::Column::CreatedAt.gte(s))),
        |m| [Kind::Program => Some(m.program_id)],
        Record::Family(FamilyRec::from_model(m, &n))
    );
    each!(
        Kind::Caregiver,
        caregiver::Entity,
        caregiver::Column::Id,
        Condition::all()
            .add(caregiver::Column::FamilyId.in_subquery(families_of.clone()))
            .add_option(since.map(|s| caregiver::Column::CreatedAt.gte(s))),
        |m| [Kind::Family => Some(m.family_id)],
        Record::Caregiver(CaregiverRec::from_model(m, &n))
    );
    each!(
        Kind::Child,
        child::Entity,
        child::Column::Id,
        Condition::all()
            .add(child::Column::ProgramId.is_in(pids.clone()))
            .add_option(since.map(|s| child::Column::UpdatedAt.gte(s))),
        |m| [Kind::Program => Some(m.program_id), Kind::Family => Some(m.family_id), Kind::Staff => m.coordinator_id],
        Record::Child(ChildRec::from_model(m, &n))
    );
    each!(
        Kind::Referral,
        referral::Entity,
        referral::Column::Id,
        Condition::all()
            .add(referral::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(since.map(|s| referral::Column::CreatedAt.gte(s))),
        |m| [Kind::Child => Some(m.child_id), Kind::Staff => Some(m.created_by)],
        Record::Referral(ReferralRec::from_model(m, &n))
    );
    each!(
        Kind::Consent,
        consent::Entity,
        consent::Column::Id,
        Condition::all()
            .add(consent::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(since.map(|s| consent::Column::CreatedAt.gte(s))),
        |m| [Kind::Child => Some(m.child_id), Kind::Staff => Some(m.recorded_by)],
        Record::Consent(ConsentRec::from_model(m, &n))
    );
    each!(
        Kind::Evaluation,
        evaluation::Entity,
        evaluation::Column::Id,
        Condition::all()
            .add(evaluation::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(since.map(|s| evaluation::Column::CreatedAt.gte(s))),
        |m| [Kind::Child => Some(m.child_id), Kind::Staff => Some(m.created_by), Kind::Staff => m.confirmed_by, Kind::Staff => m.closed_by, Kind::Evaluation => m.superseded_by],
        Record::Evaluation(EvaluationRec::from_model(m, &n))
    );
    // The results of the evaluations written above (results have no time of their own).
    let evaluations_of = Query::select()
        .column(evaluation::Column::Id)
        .from(evaluation::Entity)
        .and_where(evaluation::Column::ChildId.in_subquery(children_of.clone()))
        .and_where_option(since.map(|s| evaluation::Column::CreatedAt.gte(s)))
        .to_owned();
    each!(
        Kind::EvaluationResult,
        evaluation_result::Entity,
        evaluation_result::Column::Id,
        Condition::all().add(evaluation_result::Column::EvaluationId.in_subquery(evaluations_of)),
        |m| [Kind::Evaluation => Some(m.evaluation_id)],
        Record::EvaluationResult(EvaluationResultRec::from_model(m, &n))
    );
    each!(
        Kind::Delay,
        delay::Entity,
        delay::Column::Id,
        Condition::all()
            .add(delay::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(since.map(|s| delay::Column::CreatedAt.gte(s))),
        |m| [Kind::Child => Some(m.child_id), Kind::Staff => Some(m.recorded_by)],
        Record::Delay(DelayRec::from_model(m, &n))
    );
    each!(
        Kind::CosRating,
        cos_rating::Entity,
        cos_rating::Column::Id,
        Condition::all()
            .add(cos_rating::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(since.map(|s| cos_rating::Column::CreatedAt.gte(s))),
        |m| [Kind::Child => Some(m.child_id), Kind::Staff => Some(m.created_by)],
        Record::CosRating(CosRatingRec::from_model(m, &n))
    );
    each!(
        Kind::Transition,
        transition::Entity,
        transition::Column::Id,
        Condition::all()
            .add(transition::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(since.map(|s| transition::Column::UpdatedAt.gte(s))),
        |m| [Kind::Child => Some(m.child_id)],
        Record::Transition(TransitionRec::from_model(m, &n))
    );
    // Plan versions (with `--since`: changed, signed, or superseded by a version signed
    // since), then what hangs off the versions written.
    let signed_since = Query::select()
        .column(ifsp::Column::SupersedesId)
        .from(ifsp::Entity)
        .and_where(ifsp::Column::SignedAt.gte(since.unwrap_or_default()))
        .and_where(ifsp::Column::SupersedesId.is_not_null())
        .to_owned();
    let plan_since = since.map(|s| {
        Condition::any()
            .add(ifsp::Column::UpdatedAt.gte(s))
            .add(ifsp::Column::SignedAt.gte(s))
            .add(ifsp::Column::Id.in_subquery(signed_since))
    });
    each!(
        Kind::Ifsp,
        ifsp::Entity,
        ifsp::Column::Id,
        Condition::all()
            .add(ifsp::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(plan_since.clone()),
        |m| [Kind::Child => Some(m.child_id), Kind::Program => Some(m.program_id), Kind::Staff => Some(m.created_by), Kind::Ifsp => m.supersedes_id],
        Record::Ifsp(Box::new(IfspRec::from_model(m, &n)))
    );
    let plans_of = Query::select()
        .column(ifsp::Column::Id)
        .from(ifsp::Entity)
        .cond_where(
            Condition::all()
                .add(ifsp::Column::ChildId.in_subquery(children_of.clone()))
                .add_option(plan_since),
        )
        .to_owned();
    each!(
        Kind::IfspOutcome,
        ifsp_outcome::Entity,
        ifsp_outcome::Column::Id,
        Condition::all().add(ifsp_outcome::Column::IfspId.in_subquery(plans_of.clone())),
        |m| [Kind::Ifsp => Some(m.ifsp_id), Kind::IfspOutcome => m.origin_id],
        Record::IfspOutcome(IfspOutcomeRec::from_model(m, &n))
    );
    each!(
        Kind::IfspService,
        ifsp_service::Entity,
        ifsp_service::Column::Id,
        Condition::all().add(ifsp_service::Column::IfspId.in_subquery(plans_of.clone())),
        |m| [Kind::Ifsp => Some(m.ifsp_id), Kind::Staff => m.provider_id],
        Record::IfspService(IfspServiceRec::from_model(m, &n))
    );
    each!(
        Kind::IfspSignature,
        ifsp_signature::Entity,
        ifsp_signature::Column::Id,
        Condition::all().add(ifsp_signature::Column::IfspId.in_subquery(plans_of.clone())),
        |m| [Kind::Ifsp => Some(m.ifsp_id)],
        Record::IfspSignature(IfspSignatureRec::from_model(m, &n))
    );
    // Steps have no time of their own: with `--since`, those of the plans written and
    // those done since.
    each!(
        Kind::TransitionStep,
        transition_step::Entity,
        transition_step::Column::Id,
        Condition::all()
            .add(transition_step::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(opts.since.map(|d| {
                Condition::any()
                    .add(transition_step::Column::IfspId.in_subquery(plans_of.clone()))
                    .add(transition_step::Column::DoneOn.gte(d))
            })),
        |m| [Kind::Child => Some(m.child_id), Kind::Ifsp => Some(m.ifsp_id), Kind::Staff => m.recorded_by],
        Record::TransitionStep(TransitionStepRec::from_model(m, &n))
    );
    let all_plans = Query::select()
        .column(ifsp::Column::Id)
        .from(ifsp::Entity)
        .and_where(ifsp::Column::ChildId.in_subquery(children_of.clone()))
        .to_owned();
    each!(
        Kind::OutcomeProgress,
        outcome_progress::Entity,
        outcome_progress::Column::Id,
        Condition::all()
            .add(outcome_progress::Column::IfspId.in_subquery(all_plans))
            .add_option(since.map(|s| outcome_progress::Column::CreatedAt.gte(s))),
        |m| [Kind::IfspOutcome => Some(m.origin_id), Kind::Ifsp => Some(m.ifsp_id), Kind::Staff => Some(m.created_by)],
        Record::OutcomeProgress(OutcomeProgressRec::from_model(m, &n))
    );
    each!(
        Kind::Visit,
        visit::Entity,
        visit::Column::Id,
        Condition::all()
            .add(visit::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(since.map(|s| visit::Column::UpdatedAt.gte(s))),
        |m| [Kind::Program => Some(m.program_id), Kind::Child => Some(m.child_id),
             Kind::Staff => Some(m.provider_id), Kind::Staff => Some(m.created_by),
             Kind::Staff => m.reviewed_by, Kind::Visit => m.makeup_of_id,
             Kind::IfspService => Some(m.service_id), Kind::IfspOutcome => m.addressed_outcomes()],
        Record::Visit(Box::new(VisitRec::from_model(m, &n)))
    );
    let visits_of = Query::select()
        .column(visit::Column::Id)
        .from(visit::Entity)
        .and_where(visit::Column::ChildId.in_subquery(children_of.clone()))
        .to_owned();
    each!(
        Kind::VisitAddendum,
        visit_addendum::Entity,
        visit_addendum::Column::Id,
        Condition::all()
            .add(visit_addendum::Column::VisitId.in_subquery(visits_of))
            .add_option(since.map(|s| visit_addendum::Column::CreatedAt.gte(s))),
        |m| [Kind::Visit => Some(m.visit_id), Kind::Staff => Some(m.signed_by)],
        Record::VisitAddendum(VisitAddendumRec::from_model(m, &n))
    );
    // A packet changes as the agency opens and answers it, and has no time of change: it
    // is written when it was sent or opened, acknowledged or revoked since the day.
    each!(
        Kind::ReferralPacket,
        referral_packet::Entity,
        referral_packet::Column::Id,
        Condition::all()
            .add(referral_packet::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(since.map(|s| {
                Condition::any()
                    .add(referral_packet::Column::CreatedAt.gte(s))
                    .add(referral_packet::Column::OpenedAt.gte(s))
                    .add(referral_packet::Column::AcknowledgedAt.gte(s))
                    .add(referral_packet::Column::RevokedAt.gte(s))
            })),
        |m| [Kind::Child => Some(m.child_id), Kind::Agency => Some(m.agency_id),
             Kind::Consent => Some(m.consent_id), Kind::Staff => Some(m.created_by)],
        Record::ReferralPacket(ReferralPacketRec::from_model(m, &n))
    );
    each!(
        Kind::Disclosure,
        disclosure::Entity,
        disclosure::Column::Id,
        Condition::all()
            .add(disclosure::Column::ChildId.in_subquery(children_of.clone()))
            .add_option(since.map(|s| disclosure::Column::At.gte(s))),
        |m| [Kind::Child => Some(m.child_id), Kind::Agency => m.agency_id,
             Kind::Staff => m.by_user, Kind::ReferralPacket => m.packet_id],
        Record::Disclosure(DisclosureRec::from_model(m, &n))
    );
    out.flush().context("writing the export")?;
    Ok(counts)
}
