//! Writing checked records: insert what is new, update what differs, count the rest.
use super::parse::Parsed;
use crate::entities::{
    agency, caregiver, child, consent, cos_rating, delay, disclosure, evaluation,
    evaluation_result, family, program, referral, referral_packet, transition, user, visit,
    visit_addendum,
};
use crate::interchange::ids::{self, Locals, Names};
use crate::interchange::records::*;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set, Unchanged};

/// What importing one record did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Upserts one record. `names` knows the external id of every row the file names, so a row's
/// record can be compared with the file's.
// The arms of types without a version or password pass `()` for the hooks.
#[allow(clippy::no_effect)]
pub async fn upsert(
    db: &impl ConnectionTrait,
    p: &Parsed,
    locals: &mut Locals,
    names: &mut Names,
) -> Result<Outcome, DbErr> {
    let kind: crate::interchange::Kind = p.rec.kind();
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
        Record::Evaluation(r) => arm!(r, evaluation, EvaluationRec, |am, _old| (), |_am| ()),
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

/// The records in the order they are written: by type in dependency order, the file's order
/// within a type (the sort is stable).
pub fn order(parsed: &[Parsed]) -> Vec<&Parsed> {
    let mut v: Vec<&Parsed> = parsed.iter().collect();
    v.sort_by_key(|p| p.rec.kind());
    v
}
