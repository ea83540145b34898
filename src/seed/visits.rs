//! A month of demo visits per provider: signed notes with coaching practices (some reviewed),
//! a few notes still to sign (one overdue), a family cancellation with its make-up due, and
//! the next two weeks scheduled. Times are spread so no provider overlaps.
use crate::{
    entities::{
        Lang, child, ifsp, ifsp_outcome, ifsp_service, user,
        visit::{self, Routine},
    },
    visits::{
        model::{Coaching, PRACTICES, Practice, recurrence, signing_credential},
        rules::{makeup_due, units},
        schedule::blank,
    },
};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

const SLOTS: [(u32, u32); 6] = [(9, 0), (10, 30), (12, 30), (14, 0), (15, 30), (17, 0)];

/// (routine, tried, caregiver did, child's response, joint plan, the joint plan in Spanish for
/// a Spanish-speaking family: what their page and coaching note show)
const NOTES: [(Routine, &str, &str, &str, &str, &str); 4] = [
    (
        Routine::Mealtime,
        "Held the snack in view and paused, waiting for a sign or sound.",
        "Dad waited five seconds, then modelled 'more' with the sign.",
        "Reached, then signed 'more' on the second try.",
        "At breakfast and snack, pause with the food in view and wait before helping.",
        "En el desayuno y la merienda, hagan una pausa con la comida a la vista y esperen antes de ayudar.",
    ),
    (
        Routine::Bath,
        "Named body parts while washing; offered two toys to choose.",
        "Mom offered the cup and the duck and waited for a point.",
        "Pointed to the duck twice and smiled.",
        "At bath time, offer two toys and wait for a point or a word.",
        "A la hora del baño, ofrezcan dos juguetes y esperen a que señale uno o diga una palabra.",
    ),
    (
        Routine::Play,
        "Practised pulling to stand at the couch with a favourite toy on the cushion.",
        "Grandma placed the toy just out of reach and cheered each try.",
        "Pulled to stand three times, once without help.",
        "During play, put a toy on the couch cushion twice a day.",
        "Durante el juego, pongan un juguete sobre el cojín del sofá dos veces al día.",
    ),
    (
        Routine::Bedtime,
        "Built a three-step wind-down: bath, book, song, lights low.",
        "Mom dimmed the lights and sang the same song each night.",
        "Settled in about 20 minutes on two of three nights.",
        "Keep the same three steps every night; note how long settling takes.",
        "Sigan los mismos tres pasos cada noche y apunten cuánto tarda en quedarse tranquilo.",
    ),
];

pub async fn seed(
    db: &impl ConnectionTrait,
    program_id: i32,
    today: NaiveDate,
) -> Result<(), DbErr> {
    let plans = ifsp::Entity::find()
        .filter(ifsp::Column::ProgramId.eq(program_id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .order_by_asc(ifsp::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::ProgramId.eq(program_id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut taken: HashMap<(i32, NaiveDate), usize> = HashMap::new();
    let mut k = 0usize;
    let mut rows = Vec::new();
    for plan in &plans {
        let Some(c) = child::Entity::find_by_id(plan.child_id).one(db).await? else {
            continue;
        };
        let lang = crate::ifsp::model::family_lang(db, &c).await?;
        let outcome = ifsp_outcome::Entity::find()
            .filter(ifsp_outcome::Column::IfspId.eq(plan.id))
            .order_by_asc(ifsp_outcome::Column::Position)
            .one(db)
            .await?
            .map(|o| o.origin());
        let services = ifsp_service::Entity::find()
            .filter(ifsp_service::Column::IfspId.eq(plan.id))
            .filter(ifsp_service::Column::ConsentGiven.eq(true))
            .all(db)
            .await?;
        for s in &services {
            let Some(provider) = s.provider_id else {
                continue;
            };
            let from = s.start_date.max(today - Duration::days(28));
            let until = s
                .end_date
                .unwrap_or(today + Duration::days(14))
                .min(today + Duration::days(14));
            for day in recurrence(from, s.frequency, s.period, until) {
                // Home visits happen on weekdays.
                let day = match day.weekday() {
                    Weekday::Sat => day + Duration::days(2),
                    Weekday::Sun => day + Duration::days(1),
                    _ => day,
                };
                let slot = taken.entry((provider, day)).or_default();
                let Some(&(h, m)) = SLOTS.get(*slot) else {
                    continue;
                };
                *slot += 1;
                k += 1;
                let start = day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
                let end = start + Duration::minutes(i64::from(s.minutes));
                let now = Utc::now();
                let mut v = blank(&c, s, provider, start, end, None, provider, now);
                // Every row of a batch names the same columns.
                v.joint_plan_family = Set(String::new());
                v.joint_plan_lang = Set(None);
                if day < today {
                    let name = names.get(&provider).cloned().unwrap_or_default();
                    // A provider whose licence had lapsed by then cannot have signed.
                    let billed = units(i64::from(s.minutes), &Default::default());
                    let credential = signing_credential(db, provider, day, billed).await?.ok();
                    fill(&mut v, (k, lang), day, today, outcome, (name, credential));
                }
                rows.push(v);
            }
        }
    }
    // One statement per batch: a demo seed runs before every test.
    for chunk in rows.chunks(100) {
        visit::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    Ok(())
}

/// Turns a past visit into a delivered one with a note, or a family cancellation.
fn fill(
    v: &mut visit::ActiveModel,
    (k, lang): (usize, Lang),
    day: NaiveDate,
    today: NaiveDate,
    outcome: Option<i32>,
    (provider, credential): (String, Option<String>),
) {
    // Written and signed the evening of the visit.
    let now = day
        .and_hms_opt(20, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or_else(Utc::now);
    if k % 11 == 5 {
        v.status = Set(visit::Status::Cancelled);
        v.cancelled_by = Set(Some(visit::CancelledBy::Family));
        v.cancel_reason = Set("Child had a fever; the family asked to reschedule.".into());
        v.makeup_due = Set(Some(makeup_due(day, &Default::default())));
        return;
    }
    let (routine, tried, did, response, plan, spanish) = NOTES[k % NOTES.len()];
    v.status = Set(visit::Status::Completed);
    v.participants = Set("Parent and child".into());
    v.parent_report = Set("Things went well this week; a few hard evenings.".into());
    v.outcomes_addressed = Set(format!(
        "[{}]",
        outcome.map(|o| o.to_string()).unwrap_or_default()
    ));
    v.routine = Set(routine);
    v.tried = Set(tried.into());
    v.caregiver_did = Set(did.into());
    v.child_response = Set(response.into());
    v.joint_plan = Set(plan.into());
    // The provider translated the joint plan for a Spanish-speaking family.
    if lang == Lang::Es {
        v.joint_plan_family = Set(spanish.into());
        v.joint_plan_lang = Set(Some(Lang::Es));
    }
    v.next_visit_on = Set(Some(day + Duration::days(14)));
    v.mileage_tenths = Set(40 + (k as i32 * 37) % 160);
    let coaching = Coaching(
        PRACTICES
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let done = !(k + i).is_multiple_of(5);
                (
                    p.key.to_string(),
                    Practice {
                        done: Some(done),
                        note: String::new(),
                    },
                )
            })
            .collect(),
    );
    v.coaching = Set(serde_json::to_string(&coaching).unwrap_or_default());
    v.logged_at = Set(Some(now));
    v.version = Set(2);
    // Recent notes, and one older one, are still waiting for a signature.
    let unsigned = day >= today - Duration::days(2) || k % 13 == 7;
    if let (false, Some(credential)) = (unsigned, credential) {
        v.signed_at = Set(Some(now));
        v.signed_name = Set(Some(provider));
        v.signed_credential = Set(Some(credential));
        if k.is_multiple_of(3) && day < today - Duration::days(7) {
            v.reviewed_at = Set(Some(now));
            v.fidelity = Set(Some(3 + (k % 3) as i32));
            v.review_comment =
                Set("Good use of reflection; try more caregiver practice time.".into());
        }
    }
}
