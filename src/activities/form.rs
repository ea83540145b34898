//! An activity as typed on the authoring form, parsed into what is stored. English needs a
//! title; a Spanish text may be left for later and is then shown as missing.
use crate::{
    entities::{
        Choice, CommaList, activity, activity_text, cos_rating::CosOutcome,
        evaluation_result::DevelopmentalDomain, visit::Routine,
    },
    i18n::Lang,
    views::{
        fields::{limit, paragraph, text},
        form::Errors,
    },
};
use serde::Deserialize;
use std::collections::HashMap;

pub const TEXT_FIELDS: [(&str, &str); 7] = [
    ("title", "Title"),
    ("summary", "Summary"),
    ("materials", "Materials found at home"),
    ("steps", "Steps (one per line)"),
    ("adapt", "How to adapt"),
    ("watch_for", "What to watch for"),
    ("safety", "Safety notes"),
];

/// The longest title, in characters: a name on one line.
pub const TITLE_MAX: usize = limit::NAME;
/// The longest of the other parts (summary, materials, steps…), in characters.
pub const PART_MAX: usize = 4000;

/// A text field's form name, like `es_title`, for `lang` and a key of `TEXT_FIELDS`.
pub fn field_name(lang: Lang, key: &str) -> &'static str {
    const NAMES: [[&str; 7]; 2] = [
        [
            "en_title",
            "en_summary",
            "en_materials",
            "en_steps",
            "en_adapt",
            "en_watch_for",
            "en_safety",
        ],
        [
            "es_title",
            "es_summary",
            "es_materials",
            "es_steps",
            "es_adapt",
            "es_watch_for",
            "es_safety",
        ],
    ];
    let i = TEXT_FIELDS.iter().position(|(k, _)| *k == key).unwrap_or(0);
    NAMES[usize::from(lang == Lang::Es)][i]
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub domains: Vec<String>,
    pub routines: Vec<String>,
    pub cos_outcome: String,
    pub age_min: String,
    pub age_max: String,
    pub en_title: String,
    pub en_summary: String,
    pub en_materials: String,
    pub en_steps: String,
    pub en_adapt: String,
    pub en_watch_for: String,
    pub en_safety: String,
    pub es_title: String,
    pub es_summary: String,
    pub es_materials: String,
    pub es_steps: String,
    pub es_adapt: String,
    pub es_watch_for: String,
    pub es_safety: String,
    pub version: String,
}

/// What a valid form stores.
#[derive(Debug)]
pub struct Parsed {
    pub domains: CommaList<DevelopmentalDomain>,
    pub routines: CommaList<Routine>,
    pub cos_outcome: CosOutcome,
    pub age_min: i32,
    pub age_max: i32,
    /// Language code and its texts, for each language with any text.
    pub texts: Vec<(Lang, [String; 7])>,
}

impl ActivityForm {
    /// The typed text of `lang`'s field `key` (as in `TEXT_FIELDS`).
    pub fn text(&self, lang: Lang, key: &str) -> &str {
        let en = lang == Lang::En;
        match key {
            "title" if en => &self.en_title,
            "title" => &self.es_title,
            "summary" if en => &self.en_summary,
            "summary" => &self.es_summary,
            "materials" if en => &self.en_materials,
            "materials" => &self.es_materials,
            "steps" if en => &self.en_steps,
            "steps" => &self.es_steps,
            "adapt" if en => &self.en_adapt,
            "adapt" => &self.es_adapt,
            "watch_for" if en => &self.en_watch_for,
            "watch_for" => &self.es_watch_for,
            _ if en => &self.en_safety,
            _ => &self.es_safety,
        }
    }

    pub fn from_model(a: &activity::Model, texts: &HashMap<Lang, activity_text::Model>) -> Self {
        let t = |lang: Lang, f: fn(&activity_text::Model) -> &String| {
            texts.get(&lang).map(|x| f(x).clone()).unwrap_or_default()
        };
        ActivityForm {
            domains: a.domains.0.iter().map(|d| d.to_string()).collect(),
            routines: a.routines.0.iter().map(|r| r.to_string()).collect(),
            cos_outcome: a.cos_outcome.to_string(),
            age_min: a.age_min.to_string(),
            age_max: a.age_max.to_string(),
            en_title: t(Lang::En, |x| &x.title),
            en_summary: t(Lang::En, |x| &x.summary),
            en_materials: t(Lang::En, |x| &x.materials),
            en_steps: t(Lang::En, |x| &x.steps),
            en_adapt: t(Lang::En, |x| &x.adapt),
            en_watch_for: t(Lang::En, |x| &x.watch_for),
            en_safety: t(Lang::En, |x| &x.safety),
            es_title: t(Lang::Es, |x| &x.title),
            es_summary: t(Lang::Es, |x| &x.summary),
            es_materials: t(Lang::Es, |x| &x.materials),
            es_steps: t(Lang::Es, |x| &x.steps),
            es_adapt: t(Lang::Es, |x| &x.adapt),
            es_watch_for: t(Lang::Es, |x| &x.watch_for),
            es_safety: t(Lang::Es, |x| &x.safety),
            version: a.version.to_string(),
        }
    }

    pub fn parse(&self) -> Result<Parsed, Errors> {
        let mut e = Errors::default();
        let domains: Option<Vec<DevelopmentalDomain>> = self
            .domains
            .iter()
            .map(|d| DevelopmentalDomain::parse(d))
            .collect();
        let domains = domains.filter(|d| !d.is_empty());
        if domains.is_none() {
            e.add("domains", "Choose at least one domain from the list.");
        }
        let routines: Option<Vec<Routine>> = self
            .routines
            .iter()
            .map(|r| Routine::parse(r).filter(|r| *r != Routine::Unset))
            .collect();
        if routines.is_none() {
            e.add("routines", "Choose routines from the list.");
        }
        let cos_outcome: Option<CosOutcome> = e.choice(
            "cos_outcome",
            &self.cos_outcome,
            "Choose the child outcome (A, B or C).",
        );
        let age = |e: &mut Errors, field: &'static str, v: &str| match v.trim().parse::<i32>() {
            Ok(n) if (0..=36).contains(&n) => Some(n),
            _ => {
                e.add(field, "Enter an age in months from 0 to 36.");
                None
            }
        };
        let min = age(&mut e, "age_min", &self.age_min);
        let max = age(&mut e, "age_max", &self.age_max);
        if let (Some(a), Some(b)) = (min, max)
            && b <= a
        {
            e.add("age_max", "The oldest age must be more than the youngest.");
        }
        if self.en_title.trim().is_empty() {
            e.add("en_title", "Enter the English title.");
        }
        // Each part is checked against its own limit and answered next to it: nothing is cut.
        let mut texts = Vec::new();
        for lang in Lang::all() {
            let values: [String; 7] = TEXT_FIELDS.map(|(k, _)| {
                let (name, typed) = (field_name(lang, k), self.text(lang, k));
                if k == "title" {
                    text(&mut e, name, typed, TITLE_MAX)
                } else {
                    paragraph(&mut e, name, typed, PART_MAX)
                }
            });
            if values.iter().any(|v| !v.is_empty()) {
                texts.push((lang, values));
            }
        }
        let (Some(age_min), Some(age_max), Some(domains), Some(routines), Some(cos_outcome), true) =
            (min, max, domains, routines, cos_outcome, e.is_empty())
        else {
            return Err(e);
        };
        Ok(Parsed {
            domains: CommaList(domains),
            routines: CommaList(routines),
            cos_outcome,
            age_min,
            age_max,
            texts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ActivityForm {
        ActivityForm {
            domains: vec!["communication".into()],
            routines: vec!["bath".into()],
            cos_outcome: "B".into(),
            age_min: "12".into(),
            age_max: "24".into(),
            en_title: "Splash and say".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_form_keeps_only_languages_with_text() {
        let p = valid().parse().unwrap();
        assert_eq!((p.age_min, p.age_max), (12, 24));
        assert_eq!(p.texts.len(), 1);
        assert_eq!(p.texts[0].0, Lang::En);
    }

    #[test]
    fn ages_out_of_order_and_a_missing_title_are_refused() {
        let mut f = valid();
        f.age_min = "24".into();
        f.age_max = "12".into();
        f.en_title = " ".into();
        f.domains = vec!["astrology".into()];
        let e = f.parse().unwrap_err();
        assert!(e.get("age_max").is_some());
        assert!(e.get("en_title").is_some());
        assert!(e.get("domains").is_some());
        f.age_max = "40".into();
        assert!(
            f.parse()
                .unwrap_err()
                .get("age_max")
                .unwrap()
                .contains("0 to 36")
        );
    }

    #[test]
    fn each_text_over_its_limit_is_refused_on_its_own_field() {
        let mut f = valid();
        f.es_steps = "p".repeat(4001);
        f.en_title = "t".repeat(201);
        f.es_safety = "s".repeat(4000);
        let e = f.parse().unwrap_err();
        assert_eq!(
            e.get("es_steps"),
            Some("Use at most 4000 characters (this has 4001).")
        );
        assert_eq!(
            e.get("en_title"),
            Some("Use at most 200 characters (this has 201).")
        );
        assert_eq!(e.get("es_safety"), None, "exactly at the limit is fine");
        assert_eq!(e.get("en_summary"), None);
    }
}
