//! Activities for one child: suggestions ranked for the child's (adjusted) age, the child
//! outcomes the signed plan works on and the routines the family named; and what was shared,
//! when, and what the family said about it.
use super::model::{fold, texts_of};
use crate::{
    entities::{
        CommaList, activity, activity_share, child, cos_rating::CosOutcome,
        evaluation_result::DevelopmentalDomain, ifsp, ifsp_outcome, visit::Routine,
    },
    i18n::Lang,
    program::rules::ProgramRules,
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};

#[derive(Debug, Clone, Default)]
pub struct ChildActivities {
    /// (share, English title), newest first.
    pub shared: Vec<(activity_share::Model, String)>,
    /// (activity id, English title, why), best first.
    pub suggested: Vec<(i32, String, Vec<&'static str>)>,
    /// The signed plan's outcomes, (origin id, statement), to share an activity for.
    pub outcomes: Vec<(i32, String)>,
    /// Why the activity the user tried to share was refused, when it was.
    pub share_error: Option<String>,
    /// What the family said, refused: (share, words as typed, why).
    pub feedback_error: Option<(i32, String, String)>,
}

/// Words (accent-folded, English and Spanish) by which families name each routine.
const ROUTINE_WORDS: [(Routine, &[&str]); 10] = [
    (
        Routine::Mealtime,
        &[
            "meal",
            "snack",
            "breakfast",
            "lunch",
            "dinner",
            "eat",
            "comida",
            "desayun",
            "almuerz",
            "cena",
            "merienda",
            "comer",
        ],
    ),
    (Routine::Bath, &["bath", "tub", "bano", "banar", "tina"]),
    (Routine::Dressing, &["dress", "cloth", "vestir", "ropa"]),
    (
        Routine::Diapering,
        &["diaper", "potty", "toilet", "panal", "bacinica"],
    ),
    (
        Routine::Bedtime,
        &["bed", "sleep", "nap", "dormir", "siesta", "cama"],
    ),
    (Routine::Play, &["play", "toy", "jugar", "juego", "juguete"]),
    (
        Routine::Outdoors,
        &[
            "park", "outside", "walk", "yard", "parque", "afuera", "paseo", "patio",
        ],
    ),
    (
        Routine::Errands,
        &[
            "store", "shop", "car", "errand", "tienda", "mandado", "carro", "compras",
        ],
    ),
    (
        Routine::Chores,
        &[
            "chore", "laundry", "cook", "clean", "cocin", "limpi", "quehacer",
        ],
    ),
    (
        Routine::Books,
        &["book", "read", "story", "libro", "leer", "cuento"],
    ),
];

/// What ranking needs of an activity: four short columns, not the texts or the search text.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Candidate {
    pub id: i32,
    pub cos_outcome: CosOutcome,
    pub domains: CommaList<DevelopmentalDomain>,
    pub routines: CommaList<Routine>,
}

/// The words of an accent-folded text.
fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The domains each child outcome (COS A, B, C) draws on.
fn domains_of(cos: CosOutcome) -> &'static [DevelopmentalDomain] {
    use DevelopmentalDomain::*;
    match cos {
        CosOutcome::A => &[SocialEmotional],
        CosOutcome::B => &[Cognitive, Communication],
        CosOutcome::C => &[Adaptive, Physical],
    }
}

/// A score and its reasons: the plan's child outcomes (3), their domains (1), and each
/// routine the family named (2).
pub fn score(a: &Candidate, outcomes: &[CosOutcome], named: &[&str]) -> (i32, Vec<&'static str>) {
    let mut s = 0;
    let mut why = Vec::new();
    if outcomes.contains(&a.cos_outcome) {
        s += 3;
        why.push("works on a child outcome in the plan");
    }
    if outcomes
        .iter()
        .any(|o| a.domains.0.iter().any(|d| domains_of(*o).contains(d)))
    {
        s += 1;
    }
    let fits = a.routines.0.iter().any(|r| {
        ROUTINE_WORDS
            .iter()
            .filter(|(k, _)| k == r)
            .flat_map(|(_, words)| words.iter())
            .any(|w| named.iter().any(|n| n.starts_with(w)))
    });
    if fits {
        s += 2;
        why.push("fits a routine the family named");
    }
    (s, why)
}

/// Suggestions (the best `limit`) for the child's age on `on`, and what was shared.
pub async fn load(
    db: &impl ConnectionTrait,
    c: &child::Model,
    rules: &ProgramRules,
    on: NaiveDate,
    limit: usize,
) -> Result<ChildActivities, DbErr> {
    let shares = activity_share::Entity::find()
        .filter(activity_share::Column::ChildId.eq(c.id))
        .order_by_desc(activity_share::Column::SharedOn)
        .all(db)
        .await?;
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(c.id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(db)
        .await?;
    let plan_outcomes = match &plan {
        Some(p) => {
            ifsp_outcome::Entity::find()
                .filter(ifsp_outcome::Column::IfspId.eq(p.id))
                .order_by_asc(ifsp_outcome::Column::Position)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let outcomes: Vec<CosOutcome> = plan_outcomes.iter().map(|o| o.cos_outcome).collect();
    let age = crate::timeline::age(
        c.date_of_birth,
        c.gestational_weeks.and_then(|w| u32::try_from(w).ok()),
        on,
        rules,
    );
    let months = age.adjusted_months.unwrap_or(age.months) as i32;
    let candidates = activity::Entity::find()
        .filter(
            Condition::any()
                .add(activity::Column::ProgramId.is_null())
                .add(activity::Column::ProgramId.eq(c.program_id)),
        )
        .filter(activity::Column::Status.eq(activity::Status::Published))
        .filter(activity::Column::AgeMin.lte(months))
        .filter(activity::Column::AgeMax.gte(months))
        .select_only()
        .columns([
            activity::Column::Id,
            activity::Column::CosOutcome,
            activity::Column::Domains,
            activity::Column::Routines,
        ])
        .into_model::<Candidate>()
        .all(db)
        .await?;
    // The family's words for their routines, folded once for every candidate.
    let routines = fold(plan.as_ref().map(|p| p.routines.as_str()).unwrap_or(""));
    let named = words(&routines);
    let mut ranked: Vec<(i32, &Candidate, Vec<&'static str>)> = candidates
        .iter()
        .map(|a| {
            let (s, why) = score(a, &outcomes, &named);
            (s, a, why)
        })
        .collect();
    ranked.sort_by_key(|(s, a, _)| (-s, a.id));
    ranked.truncate(limit);
    let ids: Vec<i32> = ranked
        .iter()
        .map(|(_, a, _)| a.id)
        .chain(shares.iter().map(|s| s.activity_id))
        .collect();
    let texts = texts_of(db, ids).await?;
    let title = |id: i32| {
        texts
            .get(&id)
            .and_then(|t| t.get(&Lang::En))
            .map(|t| t.title.clone())
            .unwrap_or_default()
    };
    Ok(ChildActivities {
        outcomes: plan_outcomes
            .iter()
            .map(|o| (o.origin(), o.statement.clone()))
            .collect(),
        share_error: None,
        feedback_error: None,
        suggested: ranked
            .into_iter()
            .map(|(_, a, why)| (a.id, title(a.id), why))
            .collect(),
        shared: shares
            .into_iter()
            .map(|s| {
                let t = title(s.activity_id);
                (s, t)
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Choice;

    fn act(cos: CosOutcome, domain: DevelopmentalDomain, routine: Routine) -> Candidate {
        Candidate {
            id: 1,
            cos_outcome: cos,
            domains: CommaList(vec![domain]),
            routines: CommaList(vec![routine]),
        }
    }

    #[test]
    fn every_routine_has_words_families_use() {
        for key in Routine::all().filter(|r| *r != Routine::Unset) {
            assert!(
                ROUTINE_WORDS
                    .iter()
                    .any(|(k, w)| *k == key && !w.is_empty()),
                "{key:?}"
            );
        }
    }

    #[test]
    fn outcomes_and_named_routines_rank_an_activity_higher() {
        let outcomes = vec![CosOutcome::B];
        let rank = |a: Candidate, family: &str| {
            let folded = fold(family);
            score(&a, &outcomes, &words(&folded))
        };
        let (s, why) = rank(
            act(
                CosOutcome::B,
                DevelopmentalDomain::Communication,
                Routine::Mealtime,
            ),
            "Breakfast, snack, bath",
        );
        assert_eq!(s, 3 + 1 + 2);
        assert_eq!(why.len(), 2);
        // Accents and case do not matter: "Baño" names the bath routine.
        assert_eq!(
            rank(
                act(CosOutcome::C, DevelopmentalDomain::Physical, Routine::Bath),
                "Baño por la noche"
            )
            .0,
            2
        );
        assert_eq!(
            rank(
                act(
                    CosOutcome::A,
                    DevelopmentalDomain::SocialEmotional,
                    Routine::Errands
                ),
                "park"
            )
            .0,
            0
        );
    }
}
