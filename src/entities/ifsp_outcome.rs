use sea_orm::entity::prelude::*;

/// Whom an outcome is for.
#[derive(
    Clone,
    Copy,
    Debug,
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
pub enum Kind {
    #[sea_orm(string_value = "child")]
    #[strum(message = "The child")]
    Child,
    #[sea_orm(string_value = "family")]
    #[strum(message = "The family")]
    Family,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ifsp_outcomes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ifsp_id: i32,
    pub position: i32,
    pub kind: Kind,
    pub statement: String,
    pub criteria: String,
    pub procedures: String,
    pub target_date: Option<Date>,
    pub routines: String,
    /// The COS outcome it serves.
    pub cos_outcome: super::cos_rating::CosOutcome,
    /// The first version of this outcome; copies in later plan versions point back to it.
    pub origin_id: Option<i32>,
    /// The statement in the family's language (what the family page shows), starting as a
    /// copy of the English to translate; empty when it was not translated.
    pub family_statement: String,
    /// The language `family_statement` is in (the family's when it was written).
    pub family_lang: Option<super::Lang>,
}

impl Model {
    /// The statement a family reading `lang` sees, and the language it is in: the family's
    /// text when there is one in `lang`, otherwise the English.
    pub fn for_family(&self, lang: super::Lang) -> (&str, super::Lang) {
        match self.family_lang {
            Some(l) if l == lang && !self.family_statement.trim().is_empty() => {
                (&self.family_statement, l)
            }
            _ => (&self.statement, super::Lang::En),
        }
    }

    /// The key an outcome's progress history is kept under, across plan versions.
    pub fn origin(&self) -> i32 {
        self.origin_id.unwrap_or(self.id)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
