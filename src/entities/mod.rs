//! sea-orm entities, one per table. Behaviour lives in each domain's `model.rs`.
pub mod activity;
pub mod activity_history;
pub mod activity_share;
pub mod activity_text;
pub mod agency;
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
pub mod ifsp;
pub mod ifsp_outcome;
pub mod ifsp_service;
pub mod ifsp_signature;
pub mod login_attempt;
pub mod outbox;
pub mod outbox_attempt;
pub mod outcome_progress;
pub mod program;
pub mod referral;
pub mod referral_packet;
pub mod session;
pub mod transition;
pub mod transition_step;
pub mod user;
pub mod visit;
pub mod visit_addendum;

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
        agree::<crate::i18n::Lang>();
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
        agree::<referral_packet::Outcome>();
        agree::<user::Role>();
        agree::<user::Discipline>();
        agree::<visit::Status>();
        agree::<visit::VisitMethod>();
        agree::<visit::CancelledBy>();
    }

    #[test]
    fn activity_domains_read_back_as_stored() {
        use evaluation_result::DevelopmentalDomain as D;
        let d: activity::Domains = "communication,adaptive".parse().unwrap();
        assert_eq!(d.0, vec![D::Communication, D::Adaptive]);
        assert_eq!(d.to_string(), "communication,adaptive");
        assert_eq!("".parse::<activity::Domains>().unwrap().0, vec![]);
        assert!(
            "communication,astrology"
                .parse::<activity::Domains>()
                .is_err()
        );
    }
}
