//! The one catalogue of family-facing text (`assets/locales/*.yml`, via rust-i18n).
//!
//! There is deliberately no fallback language: a missing Spanish string shows as its key
//! ("plan.title"), visibly missing, never silently in English. A test keeps the two
//! catalogues' keys identical.
/// A language Hearth speaks to families in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// A caregiver's language code; anything Hearth cannot speak yet gets English.
    pub fn from_code(code: &str) -> Lang {
        match code {
            "es" => Lang::Es,
            _ => Lang::En,
        }
    }

    pub fn t(self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.code()).into_owned()
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
}
