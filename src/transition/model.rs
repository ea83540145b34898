//! The transition workspace as loaded: the case, the transition record (or a blank one),
//! the IFSP's transition steps with their done dates, the agencies to notify, and what was
//! disclosed.
use super::rules;
use crate::{
    agencies,
    children::model::{Case, load_case},
    entities::{agency, child, disclosure, ifsp, referral_packet, transition, transition_step},
    program::rules::ProgramRules,
    timeline::Clocks,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Participant {
    pub name: String,
    pub role: String,
}

pub fn participants(t: &transition::Model) -> Vec<Participant> {
    serde_json::from_str(&t.participants).unwrap_or_default()
}

/// A transition record not saved yet (version 0: the first save inserts it).
pub fn blank(child_id: i32) -> transition::Model {
    transition::Model {
        id: 0,
        child_id,
        potentially_eligible: None,
        eligibility_reason: String::new(),
        opt_out_informed_on: None,
        notified_on: None,
        conference_on: None,
        participants: "[]".into(),
        family_approved_on: None,
        family_declined_conference: false,
        conference_held_on: None,
        conference_notes: String::new(),
        version: 0,
        updated_at: Utc::now(),
    }
}

/// One line of the signed plan's transition steps, with its done date if recorded.
pub struct Step {
    pub position: i32,
    pub text: String,
    pub done_on: Option<NaiveDate>,
}

pub struct Workspace {
    pub case: Case,
    pub record: transition::Model,
    /// The referral whose clocks run (the latest, as on every page).
    pub referred_on: NaiveDate,
    pub objected: bool,
    /// The current signed plan and its steps.
    pub plan: Option<ifsp::Model>,
    pub steps: Vec<Step>,
    /// The engine's answer for the child, the same one the child page shows.
    pub clocks: Clocks,
    pub open: bool,
    /// School districts serving the family's county, and the state education agency.
    pub leas: Vec<agency::Model>,
    pub seas: Vec<agency::Model>,
    pub disclosures: Vec<disclosure::Model>,
    /// Referral packets sent, newest first, with the agency's name.
    pub packets: Vec<(referral_packet::Model, String)>,
}

/// The lines of a plan's transition steps (one step per line, bullets stripped).
pub use crate::timeline::facts::step_lines;

pub async fn load(
    db: &impl ConnectionTrait,
    c: child::Model,
    today: NaiveDate,
    rules: &ProgramRules,
) -> Result<Workspace, DbErr> {
    let case = load_case(db, c).await?;
    let child_id = case.child.id;
    let record = transition::Entity::find()
        .filter(transition::Column::ChildId.eq(child_id))
        .one(db)
        .await?
        .unwrap_or_else(|| blank(child_id));
    let clocks = case.clocks(rules, today);
    let referred_on = clocks.referral.unwrap_or(today);
    let objected = case.facts.transition.objected(today);
    let plan = case
        .plans
        .iter()
        .find(|p| p.status == ifsp::Status::Signed)
        .cloned();
    let done: Vec<transition_step::Model> = match &plan {
        Some(p) => {
            transition_step::Entity::find()
                .filter(transition_step::Column::ChildId.eq(child_id))
                .filter(transition_step::Column::IfspId.eq(p.id))
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let steps = plan
        .as_ref()
        .map(|p| {
            step_lines(p)
                .into_iter()
                .enumerate()
                .map(|(i, text)| {
                    let position = i as i32 + 1;
                    let done_on = done
                        .iter()
                        .find(|d| d.position == position && d.step == text)
                        .and_then(|d| d.done_on);
                    Step {
                        position,
                        text,
                        done_on,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let open = record.version > 0
        || rules::workspace_open(case.child.date_of_birth, referred_on, today, rules);
    let program = case.child.program_id;
    let leas =
        agencies::model::serving(db, program, agency::Kind::Lea, &case.family.county).await?;
    let seas = agencies::model::serving(db, program, agency::Kind::Sea, "").await?;
    let disclosures = disclosure::Entity::find()
        .filter(disclosure::Column::ChildId.eq(child_id))
        .order_by_desc(disclosure::Column::At)
        .all(db)
        .await?;
    let packets = referral_packet::Entity::find()
        .filter(referral_packet::Column::ChildId.eq(child_id))
        .order_by_desc(referral_packet::Column::Id)
        .all(db)
        .await?;
    let names: std::collections::HashMap<i32, String> = agency::Entity::find()
        .filter(agency::Column::Id.is_in(packets.iter().map(|p| p.agency_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let packets = packets
        .into_iter()
        .map(|p| {
            let n = names.get(&p.agency_id).cloned().unwrap_or_default();
            (p, n)
        })
        .collect();
    Ok(Workspace {
        packets,
        case,
        record,
        referred_on,
        objected,
        plan,
        steps,
        clocks,
        open,
        leas,
        seas,
        disclosures,
    })
}
