//! Reading cases: one child's records (what the child page, the plan's printable documents,
//! the transition workspace and the referral packets start from), and many children for a
//! caseload, with their due items computed by the timeline engine.
use crate::{
    entities::{
        Choice, caregiver, child, consent, cos_rating, delay, evaluation, family, ifsp, referral,
        user,
    },
    program::rules::ProgramRules,
    timeline::{self, CaseFacts, Clocks, DueItem},
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// A child's records: the child, the family, and what runs the clocks. Visits and
/// activities are not here: the child page (`pages::child`) reads them from their domains.
pub struct Case {
    pub child: child::Model,
    pub family: family::Model,
    pub caregivers: Vec<caregiver::Model>,
    pub referrals: Vec<referral::Model>,
    pub consents: Vec<consent::Model>,
    pub evaluations: Vec<evaluation::Model>,
    pub delays: Vec<delay::Model>,
    pub coordinator: Option<user::Person>,
    /// Every plan version, newest first.
    pub plans: Vec<ifsp::Model>,
    pub cos: Vec<cos_rating::Model>,
    /// Services of every plan version, by id.
    pub services: HashMap<i32, crate::entities::ifsp_service::Model>,
    /// What the clocks are computed from, read by the timeline's one loader.
    pub facts: CaseFacts,
}

impl Case {
    /// The referral whose clocks run now: the latest one (the engine's rule).
    pub fn current_referral(&self) -> Option<&referral::Model> {
        timeline::facts::latest_referral(&self.referrals)
    }

    /// What happened on the case, oldest first, from its records.
    pub fn history(&self) -> Vec<(NaiveDate, String)> {
        let mut h: Vec<(NaiveDate, String)> = Vec::new();
        h.push((self.child.date_of_birth, "Born".into()));
        for r in &self.referrals {
            h.push((r.received_on, "Referral received".into()));
            if let Some(d) = r.first_contact_on {
                h.push((d, "First contact with the family".into()));
            }
        }
        for k in &self.consents {
            let what = if k.given { "given" } else { "declined" };
            h.push((
                k.decided_on,
                format!(
                    "Consent ({}) {what} by {}",
                    k.kind.as_str().replace('_', " "),
                    k.decided_by
                ),
            ));
            if let Some(d) = k.revoked_on {
                h.push((
                    d,
                    format!("Consent ({}) revoked", k.kind.as_str().replace('_', " ")),
                ));
            }
        }
        for e in &self.evaluations {
            h.push((e.evaluated_on, format!("Evaluation ({})", e.tools)));
            if !e.counts() {
                let on = e.closed_at.map_or(e.evaluated_on, |t| t.date_naive());
                h.push((
                    on,
                    format!(
                        "Evaluation ({}) {}",
                        e.tools,
                        e.status.label().to_lowercase()
                    ),
                ));
                continue;
            }
            if let (Some(ok), Some(d)) = (e.confirmed_eligible, e.notice_sent_on) {
                let what = if ok { "eligible" } else { "not eligible" };
                h.push((d, format!("Found {what}; prior written notice given")));
            }
        }
        for d in &self.delays {
            h.push((d.documented_on, format!("Delay documented: {}", d.note)));
        }
        if let Some(d) = self.child.initial_ifsp_on {
            h.push((d, "Initial IFSP meeting".into()));
        }
        if let Some(d) = self.child.exit_date {
            h.push((d, "Exited Part C".into()));
        }
        h.sort_by_key(|(d, _)| *d);
        h
    }

    /// Every clock on the case, from the one engine.
    pub fn clocks(&self, rules: &ProgramRules, today: NaiveDate) -> Clocks {
        timeline::clocks(&self.facts, rules, today)
    }
}

pub async fn load_child(db: &impl ConnectionTrait, id: i32) -> Result<Option<child::Model>, DbErr> {
    child::Entity::find_by_id(id).one(db).await
}

/// The referral whose clocks run now (the latest received, as `Case::current_referral`),
/// for the forms that check a date against it without reading the whole case.
pub async fn current_referral(
    db: &impl ConnectionTrait,
    child_id: i32,
) -> Result<Option<referral::Model>, DbErr> {
    referral::Entity::find()
        .filter(referral::Column::ChildId.eq(child_id))
        .order_by_desc(referral::Column::ReceivedOn)
        .order_by_desc(referral::Column::Id)
        .one(db)
        .await
}

/// The day the child's first referral was received: no date of birth may come after it.
pub async fn first_received_on(
    db: &impl ConnectionTrait,
    child_id: i32,
) -> Result<Option<NaiveDate>, DbErr> {
    Ok(referral::Entity::find()
        .filter(referral::Column::ChildId.eq(child_id))
        .order_by_asc(referral::Column::ReceivedOn)
        .one(db)
        .await?
        .map(|r| r.received_on))
}

/// The family's first caregiver in the order the child page lists them (primary first).
pub async fn primary_caregiver(
    db: &impl ConnectionTrait,
    family_id: i32,
) -> Result<Option<caregiver::Model>, DbErr> {
    caregiver::Entity::find()
        .filter(caregiver::Column::FamilyId.eq(family_id))
        .order_by_desc(caregiver::Column::IsPrimary)
        .order_by_asc(caregiver::Column::Id)
        .one(db)
        .await
}

pub async fn load_case(db: &impl ConnectionTrait, c: child::Model) -> Result<Case, DbErr> {
    let family = family::Entity::find_by_id(c.family_id)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("family {}", c.family_id)))?;
    let caregivers = caregiver::Entity::find()
        .filter(caregiver::Column::FamilyId.eq(c.family_id))
        .order_by_desc(caregiver::Column::IsPrimary)
        .order_by_asc(caregiver::Column::Id)
        .all(db)
        .await?;
    let referrals = referral::Entity::find()
        .filter(referral::Column::ChildId.eq(c.id))
        .order_by_asc(referral::Column::ReceivedOn)
        .all(db)
        .await?;
    let consents = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(c.id))
        .order_by_desc(consent::Column::DecidedOn)
        .all(db)
        .await?;
    let evaluations = evaluation::Entity::find()
        .filter(evaluation::Column::ChildId.eq(c.id))
        .order_by_desc(evaluation::Column::EvaluatedOn)
        .all(db)
        .await?;
    let delays = delay::Entity::find()
        .filter(delay::Column::ChildId.eq(c.id))
        .order_by_asc(delay::Column::DocumentedOn)
        .all(db)
        .await?;
    let plans = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(c.id))
        .order_by_desc(ifsp::Column::Id)
        .all(db)
        .await?;
    let cos = cos_rating::Entity::find()
        .filter(cos_rating::Column::ChildId.eq(c.id))
        .all(db)
        .await?;
    let coordinator = match c.coordinator_id {
        Some(id) => {
            user::Entity::find_by_id(id)
                .into_partial_model()
                .one(db)
                .await?
        }
        None => None,
    };
    let services = crate::entities::ifsp_service::Entity::find()
        .filter(crate::entities::ifsp_service::Column::IfspId.is_in(plans.iter().map(|p| p.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let facts = timeline::facts::for_child(db, &c).await?;
    Ok(Case {
        facts,
        child: c,
        family,
        caregivers,
        referrals,
        consents,
        evaluations,
        delays,
        coordinator,
        plans,
        cos,
        services,
    })
}

/// One row of a caseload: the child and what is due.
pub struct CaseloadRow {
    pub child: child::Model,
    pub clocks: Clocks,
}

impl CaseloadRow {
    pub fn next_due(&self) -> Option<&DueItem> {
        self.clocks.next_open()
    }

    pub fn overdue(&self) -> usize {
        self.clocks.overdue()
    }
}

/// Which children a caseload query returns.
pub enum Scope {
    Coordinator(i32),
    /// The children a provider serves on signed plans.
    Provider(i32),
    Program,
}

/// (child, provider) pairs from consented, assigned services on a child's signed plans.
pub(super) async fn serving(
    db: &impl ConnectionTrait,
    child: i32,
) -> Result<Vec<(i32, i32)>, DbErr> {
    use crate::entities::ifsp_service;
    let plans = ifsp::Entity::find()
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .filter(ifsp::Column::ChildId.eq(child))
        .all(db)
        .await?;
    let ids: Vec<i32> = plans.iter().map(|p| p.id).collect();
    let services = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::ConsentGiven.eq(true))
        .filter(ifsp_service::Column::ProviderId.is_not_null())
        .filter(ifsp_service::Column::IfspId.is_in(ids))
        .all(db)
        .await?;
    let child_of: HashMap<i32, i32> = plans.into_iter().map(|p| (p.id, p.child_id)).collect();
    Ok(services
        .into_iter()
        .filter_map(|s| Some((*child_of.get(&s.ifsp_id)?, s.provider_id?)))
        .collect())
}

/// The providers who serve a child now (assigned to a consented service on the signed plan).
pub async fn serving_providers(
    db: &impl ConnectionTrait,
    child_id: i32,
) -> Result<Vec<i32>, DbErr> {
    Ok(serving(db, child_id)
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect())
}

/// Children with their due items, in a fixed number of queries whatever the caseload's size.
pub async fn caseload(
    db: &impl ConnectionTrait,
    program_id: i32,
    scope: Scope,
    rules: &ProgramRules,
    today: NaiveDate,
) -> Result<Vec<CaseloadRow>, DbErr> {
    rows(db, program_id, scope, rules, today, false).await
}

/// The open cases of a scope with their due items (what the home pages list), in a fixed
/// number of queries whatever the caseload's size.
pub async fn open_caseload(
    db: &impl ConnectionTrait,
    program_id: i32,
    scope: Scope,
    rules: &ProgramRules,
    today: NaiveDate,
) -> Result<Vec<CaseloadRow>, DbErr> {
    rows(db, program_id, scope, rules, today, true).await
}

async fn rows(
    db: &impl ConnectionTrait,
    program_id: i32,
    scope: Scope,
    rules: &ProgramRules,
    today: NaiveDate,
    only_open: bool,
) -> Result<Vec<CaseloadRow>, DbErr> {
    let mut q = child::Entity::find()
        .filter(child::Column::ProgramId.eq(program_id))
        .order_by_asc(child::Column::LastName);
    if only_open {
        q = q.filter(super::caseload::open());
    }
    let children = match scope {
        Scope::Coordinator(id) => {
            q.filter(child::Column::CoordinatorId.eq(id))
                .all(db)
                .await?
        }
        Scope::Provider(id) => {
            super::caseload::served_children(db, program_id, id, only_open).await?
        }
        Scope::Program => q.all(db).await?,
    };
    let mut facts = timeline::facts::for_children(db, &children).await?;
    let mut rows: Vec<CaseloadRow> = children
        .into_iter()
        .map(|c| CaseloadRow {
            clocks: timeline::clocks(&facts.remove(&c.id).unwrap_or_default(), rules, today),
            child: c,
        })
        .collect();
    // Overdue first, then the soonest next due item; cases with nothing due last.
    rows.sort_by_key(|r| {
        let next = r.next_due().map(|i| i.due);
        (r.overdue() == 0, next.is_none(), next)
    });
    Ok(rows)
}

/// Active coordinators of a program, for assignment menus and the supervisor's filter: the
/// pages that show them, and only those, read them.
pub async fn coordinators(
    db: &impl ConnectionTrait,
    program_id: i32,
) -> Result<Vec<user::Person>, DbErr> {
    user::Entity::find()
        .filter(user::Column::ProgramId.eq(program_id))
        .filter(user::Column::Role.eq(user::Role::Coordinator))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .into_partial_model()
        .all(db)
        .await
}
