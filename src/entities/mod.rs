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
