//! Plans and their versions: create a draft, copy a signed plan into a new draft, sign.
use crate::entities::{
    Choice, child, evaluation, evaluation_result, evaluation_result::DevelopmentalDomain, ifsp,
    ifsp_outcome, ifsp_service, ifsp_signature, outcome_progress,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use std::collections::HashMap;

/// A plan with everything in it.
pub struct Plan {
    pub ifsp: ifsp::Model,
    pub outcomes: Vec<ifsp_outcome::Model>,
    pub services: Vec<ifsp_service::Model>,
    pub signatures: Vec<ifsp_signature::Model>,
    /// Each outcome's progress ratings across versions, by `origin()`, oldest first.
    pub progress: HashMap<i32, Vec<outcome_progress::Model>>,
    /// The child's delivered and family-missed visits, for timely services.
    pub history: super::timely::ServiceHistory,
}

impl Plan {
    /// Services the parent consented to on a signed plan: the only ones that may be delivered.
    pub fn active_services(&self) -> Vec<&ifsp_service::Model> {
        if self.ifsp.status != ifsp::Status::Signed {
            return Vec::new();
        }
        self.services
            .iter()
            .filter(|s| s.consent_given == Some(true))
            .collect()
    }
}

pub async fn load(db: &impl ConnectionTrait, id: i32) -> Result<Option<Plan>, DbErr> {
    let Some(p) = ifsp::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(Some(fill(db, p).await?))
}

async fn fill(db: &impl ConnectionTrait, p: ifsp::Model) -> Result<Plan, DbErr> {
    let outcomes = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(p.id))
        .order_by_asc(ifsp_outcome::Column::Position)
        .all(db)
        .await?;
    let services = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(p.id))
        .order_by_asc(ifsp_service::Column::Id)
        .all(db)
        .await?;
    let signatures = ifsp_signature::Entity::find()
        .filter(ifsp_signature::Column::IfspId.eq(p.id))
        .order_by_asc(ifsp_signature::Column::Id)
        .all(db)
        .await?;
    let origins: Vec<i32> = outcomes.iter().map(|o| o.origin()).collect();
    let mut progress: HashMap<i32, Vec<outcome_progress::Model>> = HashMap::new();
    for r in outcome_progress::Entity::find()
        .filter(outcome_progress::Column::OriginId.is_in(origins))
        .order_by_asc(outcome_progress::Column::RatedOn)
        .all(db)
        .await?
    {
        progress.entry(r.origin_id).or_default().push(r);
    }
    let history = super::timely::service_history(db, p.child_id).await?;
    Ok(Plan {
        ifsp: p,
        outcomes,
        services,
        signatures,
        progress,
        history,
    })
}

/// The outcomes of the child's signed plan, as (origin id, statement): a visit addresses the
/// plan in force, and origin ids keep an outcome's history across plan versions.
pub async fn plan_outcomes(
    db: &impl ConnectionTrait,
    child_id: i32,
) -> Result<Vec<(i32, String)>, DbErr> {
    Ok(signed_outcomes(db, child_id)
        .await?
        .into_iter()
        .map(|o| (o.origin(), o.statement))
        .collect())
}

/// The outcomes of the child's signed plan, whole (the family page picks each one's text in
/// the family's language).
pub async fn signed_outcomes(
    db: &impl ConnectionTrait,
    child_id: i32,
) -> Result<Vec<ifsp_outcome::Model>, DbErr> {
    let Some(plan) = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(child_id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(plan.id))
        .order_by_asc(ifsp_outcome::Column::Position)
        .all(db)
        .await
}

/// The language the family of plan `id`'s child reads: their first caregiver's.
pub async fn family_lang_of_plan(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<crate::entities::Lang, DbErr> {
    let Some(p) = ifsp::Entity::find_by_id(id).one(db).await? else {
        return Ok(crate::entities::Lang::En);
    };
    let Some(c) = child::Entity::find_by_id(p.child_id).one(db).await? else {
        return Ok(crate::entities::Lang::En);
    };
    family_lang(db, &c).await
}

/// The language a child's family reads: their first caregiver's (primary first), else
/// English.
pub async fn family_lang(
    db: &impl ConnectionTrait,
    c: &child::Model,
) -> Result<crate::entities::Lang, DbErr> {
    Ok(crate::children::model::primary_caregiver(db, c.family_id)
        .await?
        .map(|g| g.language)
        .unwrap_or(crate::entities::Lang::En))
}

/// Every version of a child's plan, newest first.
pub async fn versions(db: &impl ConnectionTrait, child_id: i32) -> Result<Vec<ifsp::Model>, DbErr> {
    ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(child_id))
        .order_by_desc(ifsp::Column::Id)
        .all(db)
        .await
}

/// Present levels prefilled from the latest evaluation's results, one line per area (a
/// withdrawn or corrected evaluation is not one to plan from).
async fn present_levels(db: &impl ConnectionTrait, child_id: i32) -> Result<[String; 5], DbErr> {
    let mut levels: [String; 5] = Default::default();
    let Some(ev) = evaluation::Entity::find()
        .filter(evaluation::Column::ChildId.eq(child_id))
        .filter(evaluation::Column::Status.eq(evaluation::Status::Recorded))
        .order_by_desc(evaluation::Column::EvaluatedOn)
        .one(db)
        .await?
    else {
        return Ok(levels);
    };
    let results = evaluation_result::Entity::find()
        .filter(evaluation_result::Column::EvaluationId.eq(ev.id))
        .all(db)
        .await?;
    for r in results {
        let d = r.domain;
        let idx = DevelopmentalDomain::all()
            .position(|x| x == d)
            .expect("domain listed");
        let mut parts = vec![format!("Evaluation of {} ({})", ev.evaluated_on, ev.tools)];
        if let Some(m) = r.developmental_months {
            parts.push(format!("developmental age {m} months"));
        }
        if let Some(p) = r.percent_delay {
            parts.push(format!("{p}% delay"));
        }
        if let Some(s) = r.sd {
            parts.push(format!("{s} SD"));
        }
        levels[idx] = parts.join(", ") + ".";
    }
    Ok(levels)
}

/// A new draft: an initial plan prefilled from the evaluation, or a copy of the signed plan
/// (outcomes and services with their consents included) for a review, annual or amendment.
pub async fn create_draft(
    db: &impl ConnectionTrait,
    c: &child::Model,
    kind: ifsp::Kind,
    from: Option<&Plan>,
    by: i32,
) -> Result<ifsp::Model, DbErr> {
    let now = Utc::now();
    let blank = String::new;
    let mut m = ifsp::ActiveModel {
        child_id: Set(c.id),
        program_id: Set(c.program_id),
        kind: Set(kind),
        status: Set(ifsp::Status::Draft),
        meeting_date: Set(None),
        participants: Set(blank()),
        present_cognitive: Set(blank()),
        present_physical: Set(blank()),
        present_communication: Set(blank()),
        present_social_emotional: Set(blank()),
        present_adaptive: Set(blank()),
        family_agrees: Set(false),
        family_concerns: Set(blank()),
        family_priorities: Set(blank()),
        family_resources: Set(blank()),
        routines: Set(blank()),
        other_services: Set(blank()),
        transition_steps: Set(blank()),
        behavior_patterns: Set(blank()),
        behavior_function: Set(blank()),
        replacement_skills: Set(blank()),
        caregiver_responses: Set(blank()),
        supersedes_id: Set(from.map(|p| p.ifsp.id)),
        signed_at: Set(None),
        version: Set(1),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    match from {
        Some(p) => {
            let o = &p.ifsp;
            m.participants = Set(o.participants.clone());
            m.present_cognitive = Set(o.present_cognitive.clone());
            m.present_physical = Set(o.present_physical.clone());
            m.present_communication = Set(o.present_communication.clone());
            m.present_social_emotional = Set(o.present_social_emotional.clone());
            m.present_adaptive = Set(o.present_adaptive.clone());
            m.family_agrees = Set(o.family_agrees);
            m.family_concerns = Set(o.family_concerns.clone());
            m.family_priorities = Set(o.family_priorities.clone());
            m.family_resources = Set(o.family_resources.clone());
            m.routines = Set(o.routines.clone());
            m.other_services = Set(o.other_services.clone());
            m.transition_steps = Set(o.transition_steps.clone());
            m.behavior_patterns = Set(o.behavior_patterns.clone());
            m.behavior_function = Set(o.behavior_function.clone());
            m.replacement_skills = Set(o.replacement_skills.clone());
            m.caregiver_responses = Set(o.caregiver_responses.clone());
        }
        None => {
            let [cog, phys, comm, se, ad] = present_levels(db, c.id).await?;
            m.present_cognitive = Set(cog);
            m.present_physical = Set(phys);
            m.present_communication = Set(comm);
            m.present_social_emotional = Set(se);
            m.present_adaptive = Set(ad);
        }
    }
    let draft = m.insert(db).await?;
    if let Some(p) = from {
        for o in &p.outcomes {
            let mut a: ifsp_outcome::ActiveModel = o.clone().into();
            a.id = sea_orm::ActiveValue::NotSet;
            a.ifsp_id = Set(draft.id);
            a.origin_id = Set(Some(o.origin()));
            a.insert(db).await?;
        }
        for s in &p.services {
            let mut a: ifsp_service::ActiveModel = s.clone().into();
            a.id = sea_orm::ActiveValue::NotSet;
            a.ifsp_id = Set(draft.id);
            a.insert(db).await?;
        }
    }
    Ok(draft)
}

/// The present-levels fields a plan needs before it is signed, with the area each names.
const PRESENT_LEVELS: [(&str, &str); 5] = [
    ("present_cognitive", "cognitive"),
    ("present_physical", "physical"),
    ("present_communication", "communication"),
    ("present_social_emotional", "social-emotional"),
    ("present_adaptive", "adaptive"),
];

/// Whether the plan's field `field` must be filled before signing: what
/// [`signing_problems`] checks, and what the draft's labels say.
pub fn required_to_sign(field: &str, in_transition_window: bool) -> bool {
    field == "meeting_date"
        || PRESENT_LEVELS.iter().any(|(f, _)| *f == field)
        || (in_transition_window && field == "transition_steps")
}

/// What must be true before a plan may be signed, in words for the team: shown on the
/// draft from the start, and refused at signing.
pub fn signing_problems(p: &Plan, in_transition_window: bool) -> Vec<String> {
    let mut out = Vec::new();
    let i = &p.ifsp;
    if i.meeting_date.is_none() {
        out.push("Enter the meeting date.".to_owned());
    }
    let typed = super::form::PlanForm::from_model(i);
    for (field, label) in PRESENT_LEVELS {
        if typed.get(field).trim().is_empty() {
            out.push(format!(
                "Describe present levels of development in the {label} area."
            ));
        }
    }
    if p.outcomes.is_empty() {
        out.push("Add at least one outcome.".to_owned());
    }
    if p.services.is_empty() {
        out.push("Add at least one service.".to_owned());
    }
    for s in &p.services {
        if s.consent_given.is_none() {
            out.push(format!(
                "Record the parent's consent decision for {}.",
                s.service_type.label()
            ));
        }
    }
    if required_to_sign("transition_steps", in_transition_window)
        && i.transition_steps.trim().is_empty()
    {
        out.push(
            "The child is within the transition window: write the transition steps and services."
                .to_owned(),
        );
    }
    out
}
