//! Writing checked records: insert what is new, update what differs, count the rest.
use super::parse::Parsed;
use crate::entities::{
    agency, caregiver, child, consent, cos_rating, delay, disclosure, evaluation,
    evaluation_result, family, ifsp_outcome, ifsp_service, ifsp_signature, outcome_progress,
    program, referral, referral_packet, transition, transition_step, user, visit, visit_addendum,
};
use crate::interchange::Kind;
use crate::interchange::ids::{self, Locals, Names};
use crate::interchange::records::*;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set, Unchanged};
use std::collections::HashMap;

/// What importing one record did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Upserts one record. `names` knows the external id of every row the file names, so a row's
/// record can be compared with the file's. `later` collects what is written after every
/// record (the lock of a plan that was a draft here).
// The arms of types without a version or password pass `()` for the hooks.
#[allow(clippy::no_effect)]
pub async fn upsert(
    db: &impl ConnectionTrait,
    p: &Parsed,
    locals: &mut Locals,
    names: &mut Names,
    later: &mut super::plans::Later,
) -> Result<Outcome, DbErr> {
    let kind: Kind = p.rec.kind();
    let ext = p.rec.id().to_owned();
    let local = locals.find(kind, &ext);
    // One arm per type: the row (if any), the record it gives, then insert or update.
    macro_rules! arm {
        ($r:expr, $m:ident, $rec:ident, |$am:ident, $old:ident| $on_update:expr, |$new:ident| $on_insert:expr) => {{
            let r = $r;
            let row = match local {
                Some(id) => $m::Entity::find_by_id(id).one(db).await?,
                None => None,
            };
            match row {
                Some($old) if $rec::from_model(&$old, names) == *r => {
                    return Ok(Outcome::Unchanged);
                }
                Some($old) => {
                    #[allow(unused_mut)]
                    let mut $am = r.active(locals);
                    $am.id = Unchanged($old.id);
                    $on_update;
                    $am.update(db).await?;
                    return Ok(Outcome::Updated);
                }
                None => {
                    #[allow(unused_mut)]
                    let mut $new = r.active(locals);
                    $on_insert;
                    $new.insert(db).await?.id
                }
            }
        }};
    }
    let id = match &p.rec {
        Record::Program(r) => arm!(r, program, ProgramRec, |am, _old| (), |_am| ()),
        Record::Staff(r) => arm!(r, user, StaffRec, |am, _old| (), |am| am.password_hash =
            Set(crate::interchange::records::NO_PASSWORD.to_owned())),
        Record::Agency(r) => arm!(
            r,
            agency,
            AgencyRec,
            |am, old| am.version = Set(old.version + 1),
            |am| am.version = Set(1)
        ),
        Record::Family(r) => arm!(r, family, FamilyRec, |am, _old| (), |_am| ()),
        Record::Caregiver(r) => arm!(r, caregiver, CaregiverRec, |am, _old| (), |_am| ()),
        Record::Child(r) => arm!(
            r,
            child,
            ChildRec,
            |am, old| am.version = Set(old.version + 1),
            |am| am.version = Set(1)
        ),
        Record::Referral(r) => arm!(r, referral, ReferralRec, |am, _old| (), |_am| ()),
        Record::Consent(r) => arm!(r, consent, ConsentRec, |am, _old| (), |_am| ()),
        Record::Evaluation(r) => {
            // A correction later in the file is not written yet: set at the end.
            let pending = r
                .superseded_by
                .as_deref()
                .filter(|e| locals.find(Kind::Evaluation, e).is_none());
            if let Some(e) = pending {
                later.correct(&r.id, e);
            }
            arm!(
                r,
                evaluation,
                EvaluationRec,
                |am, _old| if pending.is_some() {
                    am.superseded_by = Set(None)
                },
                |am| if pending.is_some() {
                    am.superseded_by = Set(None)
                }
            )
        }
        Record::EvaluationResult(r) => {
            arm!(
                r,
                evaluation_result,
                EvaluationResultRec,
                |am, _old| (),
                |_am| ()
            )
        }
        Record::Delay(r) => arm!(r, delay, DelayRec, |am, _old| (), |_am| ()),
        Record::CosRating(r) => arm!(r, cos_rating, CosRatingRec, |am, _old| (), |_am| ()),
        Record::Transition(r) => arm!(
            r,
            transition,
            TransitionRec,
            |am, old| am.version = Set(old.version + 1),
            |am| am.version = Set(1)
        ),
        Record::Ifsp(r) => {
            match super::plans::write_plan(db, r, local, locals, names, later).await? {
                (Outcome::Created, id) => id,
                (done, _) => return Ok(done),
            }
        }
        // A locked plan's parts arrive unchanged or with a plan new here (import::plans
        // checked): an insert, or nothing.
        Record::IfspOutcome(r) => {
            arm!(r, ifsp_outcome, IfspOutcomeRec, |am, _old| (), |_am| ())
        }
        Record::IfspService(r) => {
            arm!(r, ifsp_service, IfspServiceRec, |am, _old| (), |_am| ())
        }
        Record::IfspSignature(r) => {
            arm!(r, ifsp_signature, IfspSignatureRec, |am, _old| (), |_am| ())
        }
        Record::TransitionStep(r) => {
            arm!(
                r,
                transition_step,
                TransitionStepRec,
                |am, _old| (),
                |_am| ()
            )
        }
        Record::OutcomeProgress(r) => {
            arm!(
                r,
                outcome_progress,
                OutcomeProgressRec,
                |am, _old| (),
                |_am| ()
            )
        }
        // A signed note takes its review and nothing else (`import::visits::locked` refused
        // any other change): its lock refuses the rest, so only those columns are written.
        Record::Visit(r) => arm!(
            r.as_ref(),
            visit,
            VisitRec,
            |am, old| if old.is_signed() {
                am = visit::ActiveModel {
                    id: am.id.clone(),
                    reviewed_at: am.reviewed_at.clone(),
                    reviewed_by: am.reviewed_by.clone(),
                    review_comment: am.review_comment.clone(),
                    fidelity: am.fidelity.clone(),
                    ..Default::default()
                };
            } else {
                am.version = Set(old.version + 1);
            },
            |am| am.version = Set(1)
        ),
        // Addenda and disclosures never reach an update: `visits::locked` refused the file.
        Record::VisitAddendum(r) => {
            arm!(r, visit_addendum, VisitAddendumRec, |am, _old| (), |_am| ())
        }
        Record::ReferralPacket(r) => {
            arm!(r, referral_packet, ReferralPacketRec, |am, _old| (), |am| {
                am.token_hash = Set(hex::encode(rand::random::<[u8; 32]>()))
            })
        }
        Record::Disclosure(r) => arm!(r, disclosure, DisclosureRec, |am, _old| (), |_am| ()),
    };
    ids::remember(db, kind, &ext, id).await?;
    locals.insert(kind, &ext, id);
    names.insert(kind, id, &ext);
    Ok(Outcome::Created)
}

/// References to a record of the same type that are written after every record
/// (`plans::Later`), so they do not order the records.
const LATER: [(Kind, &str); 1] = [(Kind::Evaluation, "superseded_by")];

/// The records in the order they are written: by type in dependency order, the file's order
/// within a type (the sort is stable), except that a record comes after the records of its
/// own type that it names (see [`chained`]).
pub fn order(parsed: &[Parsed]) -> Vec<&Parsed> {
    let mut v: Vec<&Parsed> = parsed.iter().collect();
    v.sort_by_key(|p| p.rec.kind());
    let mut out = Vec::with_capacity(v.len());
    for group in v.chunk_by(|a, b| a.rec.kind() == b.rec.kind()) {
        out.extend(chained(group).0.into_iter().map(|i| group[i]));
    }
    out
}

/// Records of one type, each after the records of the group it names (a plan version after
/// the one it supersedes, an outcome after its origin, an evaluation after its correction),
/// otherwise in the group's order: the positions in that order, and each record that closes
/// a chain back to itself (with the field that does), which no order can write.
pub fn chained(group: &[&Parsed]) -> (Vec<usize>, Vec<(usize, &'static str)>) {
    let Some(kind) = group.first().map(|p| p.rec.kind()) else {
        return (vec![], vec![]);
    };
    let index: HashMap<&str, usize> = group
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rec.id(), i))
        .collect();
    let deps = |i: usize| -> Vec<(usize, &'static str)> {
        group[i]
            .rec
            .refs()
            .into_iter()
            .filter(|r| r.kind == kind && !LATER.contains(&(r.kind, r.field)))
            .filter_map(|r| index.get(r.id).map(|j| (*j, r.field)))
            .collect()
    };
    // 0 not seen, 1 on the path being followed, 2 placed. Iterative: a long chain in a
    // file cannot overflow the stack.
    let mut state = vec![0u8; group.len()];
    let mut order = Vec::with_capacity(group.len());
    let mut cycles = Vec::new();
    for start in 0..group.len() {
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        let mut path = vec![(start, deps(start), 0usize)];
        while let Some(top) = path.last_mut() {
            if let Some(&(d, field)) = top.1.get(top.2) {
                top.2 += 1;
                let from = top.0;
                match state[d] {
                    0 => {
                        state[d] = 1;
                        path.push((d, deps(d), 0));
                    }
                    1 => cycles.push((from, field)),
                    _ => {}
                }
            } else {
                state[top.0] = 2;
                order.push(top.0);
                path.pop();
            }
        }
    }
    (order, cycles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::import::parse_line;

    fn outcome(id: &str, origin: Option<&str>) -> String {
        format!(
            r#"{{"type":"ifsp_outcome","id":"{id}","ifsp":"p1","position":1,"kind":"child","statement":"Asks for more.","criteria":"","procedures":"","routines":"","cos_outcome":"B","origin":{}}}"#,
            origin.map_or("null".to_owned(), |o| format!("{o:?}"))
        )
    }

    fn parsed(lines: &[String]) -> Vec<Parsed> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| parse_line(i + 1, l).0.unwrap())
            .collect()
    }

    #[test]
    fn a_record_is_written_after_the_records_of_its_type_it_names() {
        // A copy before its origin, and the origin's own origin after both.
        let file = parsed(&[
            outcome("o3", Some("o2")),
            outcome("o9", None),
            outcome("o2", Some("o1")),
            outcome("o1", None),
        ]);
        let ids: Vec<&str> = order(&file).iter().map(|p| p.rec.id()).collect();
        assert_eq!(ids, ["o1", "o2", "o3", "o9"]);
        let group: Vec<&Parsed> = file.iter().collect();
        assert!(chained(&group).1.is_empty());
    }

    #[test]
    fn a_chain_back_to_itself_is_named_once_at_the_record_that_closes_it() {
        let file = parsed(&[
            outcome("o1", Some("o2")),
            outcome("o2", Some("o1")),
            outcome("o3", Some("o3")),
        ]);
        let group: Vec<&Parsed> = file.iter().collect();
        assert_eq!(chained(&group).1, [(1, "origin"), (2, "origin")]);
    }
}
