//! sea-orm entities, one per table. Behaviour lives in each domain's `model.rs`.
pub mod activity;
pub mod activity_history;
pub mod activity_share;
pub mod activity_text;
pub mod agency;
pub mod api_token;
pub mod audit_log;
pub mod calendar_feed;
pub mod caregiver;
pub mod child;
pub mod coaching_note;
pub mod consent;
pub mod cos_rating;
pub mod credential;
pub mod delay;
pub mod disclosure;
pub mod evaluation;
pub mod evaluation_result;
pub mod family;
pub mod family_link;
pub mod family_survey;
pub mod ifsp;
pub mod ifsp_outcome;
pub mod ifsp_service;
pub mod ifsp_signature;
pub mod indicator_target;
pub mod lang;
pub mod login_attempt;
pub mod note_submission;
pub mod outbox;
pub mod outbox_attempt;
pub mod outcome_progress;
pub mod program;
pub mod program_population;
pub mod referral;
pub mod referral_identifier;
pub mod referral_import;
pub mod referral_packet;
pub mod report_row;
pub mod report_version;
pub mod session;
pub mod transition;
pub mod transition_step;
pub mod user;
pub mod visit;
pub mod visit_addendum;
pub mod visit_confirmation;

pub use lang::Lang;

/// Every state, kind and method column is an enum (sea-orm `DeriveActiveEnum` stores its
/// string, strum derives the rest). This trait gives each of them the same small vocabulary,
/// so call sites never spell a stored string:
///
/// - `as_str()`: the stored string (strum `IntoStaticStr`, checked against sea-orm's
///   `string_value` by the test below);
/// - `label()`: what staff read (strum `message`; the stored string when there is none);
///   family-facing text goes through the i18n catalogue, keyed by `as_str()`;
/// - `parse()`: from a posted form value (strum `EnumString`); `None` for anything else;
/// - `all()` / `options()`: every value in order, for `<select>`s and checks.
pub trait Choice:
    Copy
    + Eq
    + std::fmt::Debug
    + strum::IntoEnumIterator
    + Into<&'static str>
    + std::str::FromStr
    + strum::EnumMessage
    + 'static
{
    fn as_str(self) -> &'static str {
        self.into()
    }

    fn label(self) -> &'static str {
        self.get_message().unwrap_or_else(|| self.as_str())
    }

    fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }

    fn all() -> impl Iterator<Item = Self> {
        Self::iter()
    }

    /// (stored string, label) for every value, in declaration order.
    fn options() -> Vec<(&'static str, &'static str)> {
        Self::iter().map(|v| (v.as_str(), v.label())).collect()
    }
}

impl<T> Choice for T where
    T: Copy
        + Eq
        + std::fmt::Debug
        + strum::IntoEnumIterator
        + Into<&'static str>
        + std::str::FromStr
        + strum::EnumMessage
        + 'static
{
}

/// A list of one enum's values, stored as their strings separated by commas ("ifsp,cos"), as
/// these columns held them before they were typed. Reading a row with an unknown item fails
/// (the database guards refuse to store one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommaList<T>(pub Vec<T>);

impl<T> Default for CommaList<T> {
    fn default() -> Self {
        CommaList(Vec::new())
    }
}

impl<T: Choice> CommaList<T> {
    pub fn contains(&self, v: T) -> bool {
        self.0.contains(&v)
    }

    /// Every item's label, joined for a page.
    pub fn labels(&self) -> String {
        self.0
            .iter()
            .map(|v| v.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl<T: Choice> std::fmt::Display for CommaList<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.0.iter().map(|v| v.as_str()).collect();
        f.write_str(&keys.join(","))
    }
}

/// An item a list column does not allow.
#[derive(Debug, thiserror::Error)]
#[error("unknown list item {0:?}")]
pub struct UnknownItem(String);

impl<T: Choice> std::str::FromStr for CommaList<T> {
    type Err = UnknownItem;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(',')
            .filter(|k| !k.is_empty())
            .map(|k| T::parse(k).ok_or_else(|| UnknownItem(k.to_owned())))
            .collect::<Result<_, _>>()
            .map(CommaList)
    }
}

impl<T: Choice> From<CommaList<T>> for sea_orm::Value {
    fn from(list: CommaList<T>) -> Self {
        list.to_string().into()
    }
}

impl<T: Choice> sea_orm::TryGetable for CommaList<T> {
    fn try_get_by<I: sea_orm::ColIdx>(
        res: &sea_orm::QueryResult,
        idx: I,
    ) -> Result<Self, sea_orm::TryGetError> {
        let s = String::try_get_by(res, idx)?;
        s.parse().map_err(|e: UnknownItem| {
            sea_orm::TryGetError::DbErr(sea_orm::DbErr::Type(e.to_string()))
        })
    }
}

impl<T: Choice> sea_orm::sea_query::ValueType for CommaList<T> {
    fn try_from(v: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
        let s = <String as sea_orm::sea_query::ValueType>::try_from(v)?;
        s.parse().map_err(|_| sea_orm::sea_query::ValueTypeErr)
    }

    fn type_name() -> String {
        "CommaList".to_owned()
    }

    fn array_type() -> sea_orm::sea_query::ArrayType {
        sea_orm::sea_query::ArrayType::String
    }

    fn column_type() -> sea_orm::sea_query::ColumnType {
        sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
    }
}

impl<T: Choice> sea_orm::sea_query::Nullable for CommaList<T> {
    fn null() -> sea_orm::Value {
        sea_orm::Value::String(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::ActiveEnum;

    /// The stored string (sea-orm's `string_value`), strum's string (parse, `as_str`,
    /// `Display`) and serde's (audit details, JSON) are written separately on each variant:
    /// they must be the same string, and it must read back as the same variant.
    fn agree<T>()
    where
        T: Choice + ActiveEnum<Value = String> + serde::Serialize + std::fmt::Display,
    {
        for v in T::all() {
            let stored = v.to_value();
            assert_eq!(v.as_str(), stored, "{v:?}");
            assert_eq!(v.to_string(), stored, "{v:?}");
            assert_eq!(serde_json::to_value(v).unwrap(), stored.as_str(), "{v:?}");
            assert_eq!(T::parse(&stored), Some(v), "{v:?}");
            assert!(!v.label().is_empty(), "{v:?}");
        }
        assert_eq!(T::parse("not_a_state"), None);
    }

    #[test]
    fn every_state_enum_stores_parses_and_serializes_the_same_string() {
        agree::<activity::Status>();
        agree::<agency::Kind>();
        agree::<agency::Channel>();
        agree::<caregiver::Relationship>();
        agree::<caregiver::Contact>();
        agree::<child::Status>();
        agree::<child::Sex>();
        agree::<child::RaceEthnicity>();
        agree::<child::ExitCategory>();
        agree::<coaching_note::Status>();
        agree::<consent::Kind>();
        agree::<cos_rating::CosOutcome>();
        agree::<cos_rating::Phase>();
        agree::<credential::Kind>();
        agree::<delay::Clock>();
        agree::<delay::DelayReason>();
        agree::<disclosure::Kind>();
        agree::<disclosure::Channel>();
        agree::<evaluation_result::DevelopmentalDomain>();
        agree::<Lang>();
        agree::<family_survey::Status>();
        agree::<family_survey::Agreement>();
        agree::<ifsp::Kind>();
        agree::<ifsp::Status>();
        agree::<ifsp_outcome::Kind>();
        agree::<ifsp_service::ServiceType>();
        agree::<ifsp_service::Period>();
        agree::<ifsp_service::Mode>();
        agree::<ifsp_service::Setting>();
        agree::<ifsp_service::Payer>();
        agree::<ifsp_signature::Role>();
        agree::<ifsp_signature::Method>();
        agree::<outbox::Kind>();
        agree::<outbox::Status>();
        agree::<outbox_attempt::Outcome>();
        agree::<outcome_progress::Rating>();
        agree::<referral::Source>();
        agree::<referral_import::State>();
        agree::<referral_packet::Outcome>();
        agree::<user::Role>();
        agree::<user::Discipline>();
        agree::<visit::Status>();
        agree::<visit::VisitMethod>();
        agree::<visit::CancelledBy>();
        agree::<visit::Routine>();
        agree::<referral_packet::Document>();
    }

    #[test]
    fn lists_read_back_as_stored() {
        use evaluation_result::DevelopmentalDomain as D;
        use referral_packet::{Document, Documents};
        let d: CommaList<D> = "communication,adaptive".parse().unwrap();
        assert_eq!(d.0, vec![D::Communication, D::Adaptive]);
        assert_eq!(d.to_string(), "communication,adaptive");
        assert_eq!("".parse::<CommaList<D>>().unwrap(), CommaList(vec![]));
        assert!("communication,astrology".parse::<CommaList<D>>().is_err());
        let docs: Documents = r#"["ifsp","cos"]"#.parse().unwrap();
        assert_eq!(docs.0, vec![Document::Ifsp, Document::Cos]);
        assert_eq!(docs.to_string(), r#"["ifsp","cos"]"#);
        assert!(r#"["ifsp","x"]"#.parse::<Documents>().is_err());
    }
}
