//! Hearth's starter library (`assets/activities/starter.toml`, compiled in): validated, and
//! imported so that a newer revision updates an activity nobody has edited locally, while a
//! local edit is never overwritten.
use super::model::{AGE_BANDS, reindex, search_text};
use crate::{
    entities::{
        Choice, CommaList, activity, activity_text, cos_rating::CosOutcome,
        evaluation_result::DevelopmentalDomain, visit::Routine,
    },
    i18n::Lang,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Library {
    pub activity: Vec<StarterActivity>,
}

#[derive(Debug, Deserialize)]
pub struct StarterActivity {
    pub slug: String,
    pub revision: i32,
    pub domains: Vec<DevelopmentalDomain>,
    pub cos_outcome: CosOutcome,
    pub age_min: i32,
    pub age_max: i32,
    pub routines: Vec<String>,
    pub en: StarterText,
    pub es: StarterText,
}

impl StarterActivity {
    /// The routines as stored (`problems` reports any the list does not know).
    pub fn routine_list(&self) -> CommaList<Routine> {
        CommaList(
            self.routines
                .iter()
                .filter_map(|r| Routine::parse(r))
                .collect(),
        )
    }
}

#[derive(Debug, Deserialize)]
pub struct StarterText {
    pub title: String,
    pub summary: String,
    pub materials: String,
    pub steps: Vec<String>,
    pub adapt: String,
    pub watch_for: String,
    pub safety: String,
}

pub fn library() -> Result<Library, String> {
    let file = crate::assets::Assets::get("activities/starter.toml")
        .ok_or("the starter library is missing from the build")?;
    let text = std::str::from_utf8(&file.data).map_err(|e| e.to_string())?;
    toml::from_str(text).map_err(|e| format!("starter library: {e}"))
}

/// Everything wrong with the library, as sentences; empty when it is fit to load.
pub fn problems(lib: &Library) -> Vec<String> {
    let mut out = Vec::new();
    let mut slugs = std::collections::HashSet::new();
    for a in &lib.activity {
        let at = &a.slug;
        if !slugs.insert(at) {
            out.push(format!("{at}: duplicate slug"));
        }
        if !(0..=36).contains(&a.age_min)
            || !(0..=36).contains(&a.age_max)
            || a.age_min >= a.age_max
        {
            out.push(format!(
                "{at}: ages {}–{} are not a range within 0–36",
                a.age_min, a.age_max
            ));
        }
        if a.domains.is_empty() {
            out.push(format!("{at}: missing domain"));
        }
        if a.routines.is_empty()
            || a.routines
                .iter()
                .any(|r| Routine::parse(r).is_none_or(|r| r == Routine::Unset))
        {
            out.push(format!("{at}: unknown or missing routine"));
        }
        for (lang, t) in [(Lang::En, &a.en), (Lang::Es, &a.es)] {
            let fields = [
                &t.title,
                &t.summary,
                &t.materials,
                &t.adapt,
                &t.watch_for,
                &t.safety,
            ];
            if fields.iter().any(|f| f.trim().is_empty())
                || t.steps.is_empty()
                || t.steps.iter().any(|s| s.trim().is_empty())
            {
                out.push(format!("{at}: incomplete {lang} text"));
            }
        }
    }
    for (key, label, min, max) in AGE_BANDS {
        let n = lib
            .activity
            .iter()
            .filter(|a| a.age_min < max && a.age_max > min)
            .count();
        if n < 8 {
            out.push(format!(
                "age band {label} ({key}) has {n} activities; at least 8 are needed"
            ));
        }
    }
    for key in DevelopmentalDomain::all() {
        let n = lib
            .activity
            .iter()
            .filter(|a| a.domains.contains(&key))
            .count();
        if n < 8 {
            out.push(format!(
                "domain {key} has {n} activities; at least 8 are needed"
            ));
        }
    }
    out
}

fn text_row(activity_id: i32, lang: Lang, t: &StarterText) -> activity_text::ActiveModel {
    activity_text::ActiveModel {
        activity_id: Set(activity_id),
        lang: Set(lang),
        title: Set(t.title.clone()),
        summary: Set(t.summary.clone()),
        materials: Set(t.materials.clone()),
        steps: Set(t.steps.join("\n")),
        adapt: Set(t.adapt.clone()),
        watch_for: Set(t.watch_for.clone()),
        safety: Set(t.safety.clone()),
        ..Default::default()
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub updated: usize,
    /// Newer in the library, but edited locally: left as the program wrote it.
    pub kept_local: usize,
}

/// Loads or updates the starter library.
pub async fn import(db: &impl ConnectionTrait, lib: &Library) -> Result<Imported, DbErr> {
    let mut result = Imported::default();
    let now = Utc::now();
    for a in &lib.activity {
        let existing = activity::Entity::find()
            .filter(activity::Column::ProgramId.is_null())
            .filter(activity::Column::Slug.eq(&a.slug))
            .one(db)
            .await?;
        let id = match existing {
            Some(e) if e.starter_revision >= a.revision => continue,
            Some(e) if e.edited_locally => {
                result.kept_local += 1;
                continue;
            }
            Some(e) => {
                activity_text::Entity::delete_many()
                    .filter(activity_text::Column::ActivityId.eq(e.id))
                    .exec(db)
                    .await?;
                let mut m: activity::ActiveModel = e.into();
                m.domains = Set(CommaList(a.domains.clone()));
                m.cos_outcome = Set(a.cos_outcome);
                m.age_min = Set(a.age_min);
                m.age_max = Set(a.age_max);
                m.routines = Set(a.routine_list());
                m.starter_revision = Set(a.revision);
                m.updated_at = Set(now);
                result.updated += 1;
                m.update(db).await?.id
            }
            None => {
                result.added += 1;
                activity::ActiveModel {
                    program_id: Set(None),
                    slug: Set(Some(a.slug.clone())),
                    domains: Set(CommaList(a.domains.clone())),
                    cos_outcome: Set(a.cos_outcome),
                    age_min: Set(a.age_min),
                    age_max: Set(a.age_max),
                    routines: Set(a.routine_list()),
                    status: Set(activity::Status::Published),
                    author_id: Set(None),
                    last_reviewed: Set(Some(now.date_naive())),
                    edited_locally: Set(false),
                    starter_revision: Set(a.revision),
                    search_text: Set(String::new()),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?
                .id
            }
        };
        let texts = vec![
            text_row(id, Lang::En, &a.en).insert(db).await?,
            text_row(id, Lang::Es, &a.es).insert(db).await?,
        ];
        let folded = search_text(&texts);
        activity::Entity::update_many()
            .col_expr(
                activity::Column::SearchText,
                sea_orm::sea_query::Expr::value(folded.clone()),
            )
            .filter(activity::Column::Id.eq(id))
            .exec(db)
            .await?;
        reindex(db, id, &folded).await?;
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_library_is_complete_in_both_languages_and_covers_every_band_and_domain() {
        let lib = library().unwrap();
        assert!(
            lib.activity.len() >= 60,
            "{} activities",
            lib.activity.len()
        );
        assert_eq!(problems(&lib), Vec::<String>::new());
    }

    #[test]
    fn validation_finds_what_is_wrong() {
        let mut lib = library().unwrap();
        lib.activity.truncate(3);
        lib.activity[0].age_max = 40;
        lib.activity[1].es.safety = " ".into();
        lib.activity[2].routines = vec!["juggling".into()];
        let p = problems(&lib);
        assert!(p.iter().any(|m| m.contains("not a range within 0–36")));
        assert!(p.iter().any(|m| m.contains("incomplete es text")));
        assert!(p.iter().any(|m| m.contains("unknown or missing routine")));
        assert!(p.iter().any(|m| m.contains("at least 8 are needed")));
    }
}
