//! One typed struct per record type, serialized as one line each. The structs are the format:
//! their field order is the key order of a line, their serde attributes its names, and the
//! JSON Schema (`assets/interchange.schema.json`) is generated from them. States are the
//! entities' own enums, so a file can hold only values the database can.
mod disclosures;
mod eligibility;
mod families;
mod intake;
mod outcomes;
mod people;
mod plan_parts;
mod plans;
mod refs;
mod visits;

pub use disclosures::{DisclosureRec, ReferralPacketRec};
pub use eligibility::{DelayRec, EvaluationRec, EvaluationResultRec};
pub use families::phone_key;
pub use families::{CaregiverRec, ChildRec, FamilyRec};
pub use intake::{ConsentRec, ReferralRec};
pub use outcomes::{CosRatingRec, TransitionRec};
pub use people::{AgencyRec, NO_PASSWORD, ProgramRec, StaffRec};
pub use plan_parts::{IfspOutcomeRec, IfspServiceRec, OutcomeProgressRec, TransitionStepRec};
pub use plans::{IfspRec, IfspSignatureRec};
pub use refs::Ref;
pub use visits::{AbcRec, PracticeRec, REVIEW_FIELDS, VisitAddendumRec, VisitRec};

use super::Kind;
use crate::entities::Choice;
use chrono::{DateTime, Timelike, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

/// A line of the file: its `type` and the record.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[schemars(title = "Hearth interchange record (one JSON Lines line)")]
pub enum Record {
    Program(ProgramRec),
    Staff(StaffRec),
    Agency(AgencyRec),
    Family(FamilyRec),
    Caregiver(CaregiverRec),
    Child(ChildRec),
    Referral(ReferralRec),
    Consent(ConsentRec),
    Evaluation(EvaluationRec),
    EvaluationResult(EvaluationResultRec),
    Delay(DelayRec),
    CosRating(CosRatingRec),
    Transition(TransitionRec),
    // Boxed: a plan is twice the size of any other record, and a file is held in memory
    // whole while it is checked.
    Ifsp(Box<IfspRec>),
    IfspOutcome(IfspOutcomeRec),
    IfspService(IfspServiceRec),
    IfspSignature(IfspSignatureRec),
    TransitionStep(TransitionStepRec),
    OutcomeProgress(OutcomeProgressRec),
    /// Boxed: a note is many times the size of the other records.
    Visit(Box<VisitRec>),
    VisitAddendum(VisitAddendumRec),
    ReferralPacket(ReferralPacketRec),
    Disclosure(DisclosureRec),
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Program(_) => Kind::Program,
            Record::Staff(_) => Kind::Staff,
            Record::Agency(_) => Kind::Agency,
            Record::Family(_) => Kind::Family,
            Record::Caregiver(_) => Kind::Caregiver,
            Record::Child(_) => Kind::Child,
            Record::Referral(_) => Kind::Referral,
            Record::Consent(_) => Kind::Consent,
            Record::Evaluation(_) => Kind::Evaluation,
            Record::EvaluationResult(_) => Kind::EvaluationResult,
            Record::Delay(_) => Kind::Delay,
            Record::CosRating(_) => Kind::CosRating,
            Record::Transition(_) => Kind::Transition,
            Record::Ifsp(_) => Kind::Ifsp,
            Record::IfspOutcome(_) => Kind::IfspOutcome,
            Record::IfspService(_) => Kind::IfspService,
            Record::IfspSignature(_) => Kind::IfspSignature,
            Record::TransitionStep(_) => Kind::TransitionStep,
            Record::OutcomeProgress(_) => Kind::OutcomeProgress,
            Record::Visit(_) => Kind::Visit,
            Record::VisitAddendum(_) => Kind::VisitAddendum,
            Record::ReferralPacket(_) => Kind::ReferralPacket,
            Record::Disclosure(_) => Kind::Disclosure,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Record::Program(r) => &r.id,
            Record::Staff(r) => &r.id,
            Record::Agency(r) => &r.id,
            Record::Family(r) => &r.id,
            Record::Caregiver(r) => &r.id,
            Record::Child(r) => &r.id,
            Record::Referral(r) => &r.id,
            Record::Consent(r) => &r.id,
            Record::Evaluation(r) => &r.id,
            Record::EvaluationResult(r) => &r.id,
            Record::Delay(r) => &r.id,
            Record::CosRating(r) => &r.id,
            Record::Transition(r) => &r.id,
            Record::Ifsp(r) => &r.id,
            Record::IfspOutcome(r) => &r.id,
            Record::IfspService(r) => &r.id,
            Record::IfspSignature(r) => &r.id,
            Record::TransitionStep(r) => &r.id,
            Record::OutcomeProgress(r) => &r.id,
            Record::Visit(r) => &r.id,
            Record::VisitAddendum(r) => &r.id,
            Record::ReferralPacket(r) => &r.id,
            Record::Disclosure(r) => &r.id,
        }
    }

    /// Problems serde cannot see (empty names, lengths, control characters), as
    /// (field, message).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut p = Problems::default();
        match self {
            Record::Program(r) => r.check(&mut p),
            Record::Staff(r) => r.check(&mut p),
            Record::Agency(r) => r.check(&mut p),
            Record::Family(r) => r.check(&mut p),
            Record::Caregiver(r) => r.check(&mut p),
            Record::Child(r) => r.check(&mut p),
            Record::Referral(r) => r.check(&mut p),
            Record::Consent(r) => r.check(&mut p),
            Record::Evaluation(r) => r.check(&mut p),
            Record::EvaluationResult(r) => r.check(&mut p),
            Record::Delay(r) => r.check(&mut p),
            Record::CosRating(r) => r.check(&mut p),
            Record::Transition(r) => r.check(&mut p),
            Record::Ifsp(r) => r.check(&mut p),
            Record::IfspOutcome(r) => r.check(&mut p),
            Record::IfspService(r) => r.check(&mut p),
            Record::IfspSignature(r) => r.check(&mut p),
            Record::TransitionStep(r) => r.check(&mut p),
            Record::OutcomeProgress(r) => r.check(&mut p),
            Record::Visit(r) => r.check(&mut p),
            Record::VisitAddendum(r) => r.check(&mut p),
            Record::ReferralPacket(r) => r.check(&mut p),
            Record::Disclosure(r) => r.check(&mut p),
        }
        p.0
    }

    /// Reads one record of type `kind` from a line's object (its `type` already taken out),
    /// naming the field of the first problem.
    pub fn from_value(kind: Kind, v: serde_json::Value) -> Result<Record, (String, String)> {
        fn de<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, (String, String)> {
            serde_path_to_error::deserialize(v).map_err(|e| {
                let path = e.path().to_string();
                let msg = e.inner().to_string();
                // Missing and unknown fields are reported at the record, the name in backticks.
                let named = msg.split('`').nth(1).map(str::to_owned).unwrap_or_default();
                if msg.starts_with("missing field") {
                    (named, "required".into())
                } else if msg.starts_with("unknown field") {
                    (named, "unknown field".into())
                } else {
                    (path, msg)
                }
            })
        }
        Ok(match kind {
            Kind::Program => Record::Program(de(v)?),
            Kind::Staff => Record::Staff(de(v)?),
            Kind::Agency => Record::Agency(de(v)?),
            Kind::Family => Record::Family(de(v)?),
            Kind::Caregiver => Record::Caregiver(de(v)?),
            Kind::Child => Record::Child(de(v)?),
            Kind::Referral => Record::Referral(de(v)?),
            Kind::Consent => Record::Consent(de(v)?),
            Kind::Evaluation => Record::Evaluation(de(v)?),
            Kind::EvaluationResult => Record::EvaluationResult(de(v)?),
            Kind::Delay => Record::Delay(de(v)?),
            Kind::CosRating => Record::CosRating(de(v)?),
            Kind::Transition => Record::Transition(de(v)?),
            Kind::Ifsp => Record::Ifsp(de(v)?),
            Kind::IfspOutcome => Record::IfspOutcome(de(v)?),
            Kind::IfspService => Record::IfspService(de(v)?),
            Kind::IfspSignature => Record::IfspSignature(de(v)?),
            Kind::TransitionStep => Record::TransitionStep(de(v)?),
            Kind::OutcomeProgress => Record::OutcomeProgress(de(v)?),
            Kind::Visit => Record::Visit(Box::new(de(v)?)),
            Kind::VisitAddendum => Record::VisitAddendum(de(v)?),
            Kind::ReferralPacket => Record::ReferralPacket(de(v)?),
            Kind::Disclosure => Record::Disclosure(de(v)?),
        })
    }
}

/// Field problems, collected in one pass.
#[derive(Default)]
pub struct Problems(Vec<(&'static str, String)>);

impl Problems {
    /// A one-line text: at most `max` characters, no control characters; `required` refuses
    /// an empty one.
    pub fn line(&mut self, field: &'static str, v: &str, max: usize, required: bool) {
        if required && v.trim().is_empty() {
            self.0.push((field, "must not be empty".into()));
        } else if v.chars().count() > max {
            self.0
                .push((field, format!("longer than {max} characters")));
        } else if v.chars().any(char::is_control) {
            self.0
                .push((field, "control characters are not allowed".into()));
        }
    }

    /// A multi-line text: line breaks and tabs allowed.
    pub fn paragraph(&mut self, field: &'static str, v: &str, max: usize) {
        if v.chars().count() > max {
            self.0
                .push((field, format!("longer than {max} characters")));
        } else if v
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            self.0
                .push((field, "control characters are not allowed".into()));
        }
    }

    pub fn push(&mut self, field: &'static str, msg: impl Into<String>) {
        self.0.push((field, msg.into()));
    }
}

/// A time as exported: to the microsecond, the precision both engines keep, so what one
/// export wrote the next writes again.
pub fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(t.nanosecond() / 1000 * 1000).unwrap_or(t)
}

fn values<T: Choice>() -> Vec<&'static str> {
    T::all().map(Choice::as_str).collect()
}

/// The schema of a state column: its enum's stored strings.
pub fn choice<T: Choice>(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "enum": values::<T>() })
}

/// The schema of an optional state column.
pub fn opt_choice<T: Choice>(_: &mut SchemaGenerator) -> Schema {
    let mut v: Vec<serde_json::Value> = values::<T>().into_iter().map(Into::into).collect();
    v.push(serde_json::Value::Null);
    json_schema!({ "type": ["string", "null"], "enum": v })
}

/// The schema of a list of one enum's values.
pub fn choice_list<T: Choice>(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "array", "items": { "type": "string", "enum": values::<T>() } })
}

/// The schema file's text, as committed under `assets/`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Record);
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schema is the one the structs give. Run with HEARTH_WRITE_SCHEMA=1 to
    /// write it after changing a record.
    #[test]
    fn the_published_schema_is_generated_from_the_structs() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/interchange.schema.json"
        );
        let generated = schema_json();
        if std::env::var("HEARTH_WRITE_SCHEMA").is_ok() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "assets/interchange.schema.json differs from the structs: run \
             HEARTH_WRITE_SCHEMA=1 cargo test --lib published_schema"
        );
    }

    #[test]
    fn the_schema_lists_every_type_and_a_state_column_its_values() {
        let s: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
        let text = s.to_string();
        for k in Kind::ALL {
            assert!(
                text.contains(&format!("\"const\":\"{}\"", k.as_str())),
                "{k}"
            );
        }
        let child = s["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["properties"]["type"]["const"] == "child")
            .unwrap();
        assert_eq!(child["additionalProperties"], false);
        let status = &child["properties"]["status"]["enum"];
        assert_eq!(
            status,
            &serde_json::json!(["referred", "evaluating", "active", "not_eligible", "exited"])
        );
    }
}
