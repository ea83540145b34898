//! Reading cases: one whole case for the child page, and many for a caseload, with their
//! due items computed by the timeline engine.
use crate::{
    entities::{
        Choice, caregiver, child, consent, cos_rating, delay, evaluation, family, ifsp, referral,
        user,
    },
    program::rules::ProgramRules,
    timeline::case::{CaseFacts, DueItem, Phase, due_items},
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Everything the child page shows.
pub struct Case {
    pub child: child::Model,
    pub family: family::Model,
    pub caregivers: Vec<caregiver::Model>,
    pub referrals: Vec<referral::Model>,
    pub consents: Vec<consent::Model>,
    pub evaluations: Vec<evaluation::Model>,
    pub delays: Vec<delay::Model>,
    pub coordinator: Option<user::Model>,
    /// Every plan version, newest first.
    pub plans: Vec<ifsp::Model>,
    pub cos: Vec<cos_rating::Model>,
    /// Services of every plan version, by id.
    pub services: HashMap<i32, crate::entities::ifsp_service::Model>,
    /// Home visits, newest first.
    pub visits: Vec<crate::entities::visit::Model>,
    /// Activity suggestions and what was shared: loaded for the child page only.
    pub activities: Option<crate::activities::child::ChildActivities>,
}

impl Case {
    /// The referral whose clocks run now: the latest one.
    pub fn current_referral(&self) -> Option<&referral::Model> {
        self.referrals.iter().max_by_key(|r| (r.received_on, r.id))
    }

    pub fn facts(&self) -> CaseFacts {
        facts(
            &self.child,
            self.current_referral(),
            &self.delays,
            &self.plans,
        )
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

    pub fn due(&self, rules: &ProgramRules, today: NaiveDate) -> Vec<DueItem> {
        due_items(&self.facts(), rules, today)
    }
}

pub fn phase(status: child::Status) -> Phase {
    match status {
        child::Status::Referred | child::Status::Evaluating => Phase::Intake,
        child::Status::Active => Phase::Active,
        child::Status::NotEligible | child::Status::Exited => Phase::Closed,
    }
}

/// The facts the clocks need, from a case's records. The child page and the caseload both
/// use this one function, so they always agree.
fn facts(
    c: &child::Model,
    r: Option<&referral::Model>,
    delays: &[delay::Model],
    plans: &[ifsp::Model],
) -> CaseFacts {
    let initial_ifsp_delay = delays
        .iter()
        .filter(|d| d.clock == delay::Clock::InitialIfsp)
        .map(|d| d.reason)
        // A documented family reason wins over an agency note for the same clock.
        .max_by_key(|r| r.excuses());
    let held = |kind: ifsp::Kind| {
        plans
            .iter()
            .filter(|p| p.kind == kind && !p.is_draft())
            .filter_map(|p| p.meeting_date)
            .max()
    };
    // An annual meeting is also a review; the six-month clock restarts from either.
    let last_annual_on = held(ifsp::Kind::Annual);
    CaseFacts {
        date_of_birth: Some(c.date_of_birth),
        phase: Some(phase(c.status)),
        referral_received: r.map(|r| r.received_on),
        first_contact_on: r.and_then(|r| r.first_contact_on),
        initial_ifsp_on: c.initial_ifsp_on,
        initial_ifsp_delay,
        last_review_on: held(ifsp::Kind::Review).max(last_annual_on),
        last_annual_on,
        ..Default::default()
    }
}

pub async fn load_child(db: &impl ConnectionTrait, id: i32) -> Result<Option<child::Model>, DbErr> {
    child::Entity::find_by_id(id).one(db).await
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
        Some(id) => user::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let services = crate::entities::ifsp_service::Entity::find()
        .filter(crate::entities::ifsp_service::Column::IfspId.is_in(plans.iter().map(|p| p.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let visits = crate::visits::model::for_child(db, c.id).await?;
    Ok(Case {
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
        visits,
        activities: None,
    })
}

/// One row of a caseload: the child and what is due.
pub struct CaseloadRow {
    pub child: child::Model,
    pub due: Vec<DueItem>,
}

impl CaseloadRow {
    pub fn next_due(&self) -> Option<&DueItem> {
        self.due.iter().find(|i| i.is_open())
    }

    pub fn overdue(&self) -> usize {
        self.due
            .iter()
            .filter(|i| i.status == crate::timeline::Compliance::Overdue)
            .count()
    }
}

/// Which children a caseload query returns.
pub enum Scope {
    Coordinator(i32),
    /// The children a provider serves on signed plans.
    Provider(i32),
    Program,
}

/// (child, provider) pairs from consented, assigned services on signed plans. Each lookup
/// starts from its bounded side: a child's plans, or a provider's services.
async fn serving(
    db: &impl ConnectionTrait,
    provider: Option<i32>,
    child: Option<i32>,
) -> Result<Vec<(i32, i32)>, DbErr> {
    use crate::entities::ifsp_service;
    let consented = || {
        ifsp_service::Entity::find()
            .filter(ifsp_service::Column::ConsentGiven.eq(true))
            .filter(ifsp_service::Column::ProviderId.is_not_null())
    };
    let signed = || ifsp::Entity::find().filter(ifsp::Column::Status.eq(ifsp::Status::Signed));
    let (plans, services) = match (child, provider) {
        (Some(c), _) => {
            let plans = signed().filter(ifsp::Column::ChildId.eq(c)).all(db).await?;
            let ids: Vec<i32> = plans.iter().map(|p| p.id).collect();
            let mut q = consented().filter(ifsp_service::Column::IfspId.is_in(ids));
            if let Some(p) = provider {
                q = q.filter(ifsp_service::Column::ProviderId.eq(p));
            }
            (plans, q.all(db).await?)
        }
        (None, Some(p)) => {
            let services = consented()
                .filter(ifsp_service::Column::ProviderId.eq(p))
                .all(db)
                .await?;
            let ids: Vec<i32> = services.iter().map(|s| s.ifsp_id).collect();
            (
                signed().filter(ifsp::Column::Id.is_in(ids)).all(db).await?,
                services,
            )
        }
        (None, None) => return Ok(Vec::new()),
    };
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
    Ok(serving(db, None, Some(child_id))
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect())
}

/// Children with their due items, in three queries whatever the caseload's size.
pub async fn caseload(
    db: &impl ConnectionTrait,
    program_id: i32,
    scope: Scope,
    rules: &ProgramRules,
    today: NaiveDate,
) -> Result<Vec<CaseloadRow>, DbErr> {
    let mut q = child::Entity::find().filter(child::Column::ProgramId.eq(program_id));
    match scope {
        Scope::Coordinator(id) => q = q.filter(child::Column::CoordinatorId.eq(id)),
        Scope::Provider(id) => {
            let ids: Vec<i32> = serving(db, Some(id), None)
                .await?
                .into_iter()
                .map(|(c, _)| c)
                .collect();
            q = q.filter(child::Column::Id.is_in(ids));
        }
        Scope::Program => {}
    }
    let children = q.order_by_asc(child::Column::LastName).all(db).await?;
    let ids: Vec<i32> = children.iter().map(|c| c.id).collect();
    let mut latest: HashMap<i32, referral::Model> = HashMap::new();
    for r in referral::Entity::find()
        .filter(referral::Column::ChildId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        match latest.get(&r.child_id) {
            Some(have) if (have.received_on, have.id) >= (r.received_on, r.id) => {}
            _ => {
                latest.insert(r.child_id, r);
            }
        }
    }
    let mut delays: HashMap<i32, Vec<delay::Model>> = HashMap::new();
    for d in delay::Entity::find()
        .filter(delay::Column::ChildId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        delays.entry(d.child_id).or_default().push(d);
    }
    let mut plans: HashMap<i32, Vec<ifsp::Model>> = HashMap::new();
    for p in ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.is_in(ids))
        .all(db)
        .await?
    {
        plans.entry(p.child_id).or_default().push(p);
    }
    let mut rows: Vec<CaseloadRow> = children
        .into_iter()
        .map(|c| {
            let f = facts(
                &c,
                latest.get(&c.id),
                delays.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                plans.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
            );
            CaseloadRow {
                due: due_items(&f, rules, today),
                child: c,
            }
        })
        .collect();
    // Overdue first, then the soonest next due item; cases with nothing due last.
    rows.sort_by_key(|r| {
        let next = r.next_due().map(|i| i.due);
        (r.overdue() == 0, next.is_none(), next)
    });
    Ok(rows)
}

/// Active coordinators of a program, for assignment menus.
pub async fn coordinators(
    db: &impl ConnectionTrait,
    program_id: i32,
) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::ProgramId.eq(program_id))
        .filter(user::Column::Role.eq(user::Role::Coordinator))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await
}
