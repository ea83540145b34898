//! The family's language is a column type, so it is defined here with the other states;
//! what Hearth says in it (the catalogue lookups) is added in `crate::i18n`.
use sea_orm::entity::prelude::*;

/// A language Hearth speaks to families in: a caregiver's language, a coaching note's, an
/// e-mail's, an activity text's. One list, stored as its code.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Lang {
    #[sea_orm(string_value = "en")]
    #[strum(message = "English")]
    En,
    #[sea_orm(string_value = "es")]
    #[strum(message = "Spanish (español)")]
    Es,
}

impl Lang {
    /// A language asked for in a link (`?lang=`); anything Hearth cannot speak yet gets
    /// English.
    pub fn from_code(code: &str) -> Lang {
        <Lang as crate::entities::Choice>::parse(code).unwrap_or(Lang::En)
    }

    /// The language's code (BCP 47): what is stored, and the pages' `lang` attribute.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The language's name in English, for staff pages ("In Spanish (what the family
    /// reads)").
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Spanish",
        }
    }

    /// The other language, for the "see this in …" link on family pages.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Es,
            Lang::Es => Lang::En,
        }
    }
}
