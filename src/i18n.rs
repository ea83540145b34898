//! The one catalogue of family-facing text (`assets/locales/*.yml`, via rust-i18n).
//!
//! There is deliberately no fallback language: a missing Spanish string shows as its key
//! ("plan.title"), visibly missing, never silently in English. A test keeps the two
//! catalogues' keys identical.
//!
//! The language itself is a column type and is defined with the entities
//! ([`crate::entities::Lang`]); this module gives it its words.
pub use crate::entities::Lang;

/// What Hearth says in each language, from the catalogue.
impl Lang {
    pub fn t(self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.code()).into_owned()
    }

    /// A catalogue text with its `%{name}` placeholders filled in.
    pub fn tr(self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.t(key), |text, (name, value)| {
            text.replace(&format!("%{{{name}}}"), value)
        })
    }

    /// A date written out the way families read it ("Monday, December 7, 2026" /
    /// "lunes 7 de diciembre de 2026"); the pattern is in the catalogue.
    pub fn date(self, d: chrono::NaiveDate) -> String {
        let locale = match self {
            Lang::En => chrono::Locale::en_US,
            Lang::Es => chrono::Locale::es_ES,
        };
        d.format_localized(&self.t("date.long"), locale).to_string()
    }

    /// A time of day ("2:30 PM" / "14:30").
    pub fn time(self, t: chrono::NaiveTime) -> String {
        t.format(&self.t("date.time")).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(file: &str) -> BTreeSet<String> {
        std::fs::read_to_string(format!(
            "{}/assets/locales/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split(':').next().unwrap().trim().to_owned())
        .collect()
    }

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let (en, es) = (keys("en.yml"), keys("es.yml"));
        assert!(en.len() > 50);
        assert_eq!(
            en.difference(&es).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in Spanish"
        );
        assert_eq!(
            es.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in English"
        );
    }

    #[test]
    fn lookups_reach_the_catalogue() {
        assert_eq!(Lang::Es.t("plan.services"), "Servicios");
        assert_eq!(Lang::En.t("kind.review"), "Six-month review");
        // Missing text shows as its key, visibly missing; never in the other language.
        assert_eq!(Lang::Es.t("no.such.key"), "no.such.key");
    }

    #[test]
    fn placeholders_and_dates_in_each_language() {
        assert_eq!(
            Lang::Es.tr("email.greeting", &[("name", "María")]),
            "Hola, María:"
        );
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(Lang::En.date(d), "Monday, December 7, 2026");
        assert_eq!(Lang::Es.date(d), "lunes 7 de diciembre de 2026");
        let t = chrono::NaiveTime::from_hms_opt(14, 30, 0).unwrap();
        assert_eq!(Lang::En.time(t), "2:30 PM");
        assert_eq!(Lang::Es.time(t), "14:30");
    }
}
