//! The references of each record type: what a record names, by field, for the checks that
//! every reference resolves, for the order records of one type are written in, and for the
//! names an import keeps.
use super::Record;
use crate::interchange::Kind;

/// A reference from one record to another: the field that holds it, the type it names and
/// the id it gives.
pub struct Ref<'a> {
    pub field: &'static str,
    pub kind: Kind,
    pub id: &'a str,
}

impl Record {
    /// The records this one names.
    pub fn refs(&self) -> Vec<Ref<'_>> {
        fn r<'a>(field: &'static str, kind: Kind, id: &'a str) -> Ref<'a> {
            Ref { field, kind, id }
        }
        match self {
            Record::Program(_) => vec![],
            Record::Staff(s) => vec![r("program", Kind::Program, &s.program)],
            Record::Agency(a) => vec![r("program", Kind::Program, &a.program)],
            Record::Family(f) => vec![r("program", Kind::Program, &f.program)],
            Record::Caregiver(c) => vec![r("family", Kind::Family, &c.family)],
            Record::Child(c) => {
                let mut v = vec![
                    r("program", Kind::Program, &c.program),
                    r("family", Kind::Family, &c.family),
                ];
                if let Some(co) = &c.coordinator {
                    v.push(r("coordinator", Kind::Staff, co));
                }
                v
            }
            Record::Referral(x) => vec![
                r("child", Kind::Child, &x.child),
                r("created_by", Kind::Staff, &x.created_by),
            ],
            Record::Consent(x) => vec![
                r("child", Kind::Child, &x.child),
                r("recorded_by", Kind::Staff, &x.recorded_by),
            ],
            Record::Evaluation(x) => {
                let mut v = vec![
                    r("child", Kind::Child, &x.child),
                    r("created_by", Kind::Staff, &x.created_by),
                ];
                if let Some(c) = &x.confirmed_by {
                    v.push(r("confirmed_by", Kind::Staff, c));
                }
                if let Some(c) = &x.closed_by {
                    v.push(r("closed_by", Kind::Staff, c));
                }
                if let Some(e) = &x.superseded_by {
                    v.push(r("superseded_by", Kind::Evaluation, e));
                }
                v
            }
            Record::EvaluationResult(x) => {
                vec![r("evaluation", Kind::Evaluation, &x.evaluation)]
            }
            Record::Delay(x) => vec![
                r("child", Kind::Child, &x.child),
                r("recorded_by", Kind::Staff, &x.recorded_by),
            ],
            Record::CosRating(x) => vec![
                r("child", Kind::Child, &x.child),
                r("created_by", Kind::Staff, &x.created_by),
            ],
            Record::Transition(x) => vec![r("child", Kind::Child, &x.child)],
            Record::Ifsp(x) => {
                let mut v = vec![
                    r("child", Kind::Child, &x.child),
                    r("program", Kind::Program, &x.program),
                    r("created_by", Kind::Staff, &x.created_by),
                ];
                if let Some(s) = &x.supersedes {
                    v.push(r("supersedes", Kind::Ifsp, s));
                }
                v
            }
            Record::IfspOutcome(x) => {
                let mut v = vec![r("ifsp", Kind::Ifsp, &x.ifsp)];
                if let Some(o) = &x.origin {
                    v.push(r("origin", Kind::IfspOutcome, o));
                }
                v
            }
            Record::IfspService(x) => {
                let mut v = vec![r("ifsp", Kind::Ifsp, &x.ifsp)];
                if let Some(s) = &x.provider {
                    v.push(r("provider", Kind::Staff, s));
                }
                v
            }
            Record::IfspSignature(x) => vec![r("ifsp", Kind::Ifsp, &x.ifsp)],
            Record::TransitionStep(x) => {
                let mut v = vec![
                    r("child", Kind::Child, &x.child),
                    r("ifsp", Kind::Ifsp, &x.ifsp),
                ];
                if let Some(s) = &x.recorded_by {
                    v.push(r("recorded_by", Kind::Staff, s));
                }
                v
            }
            Record::OutcomeProgress(x) => vec![
                r("outcome", Kind::IfspOutcome, &x.outcome),
                r("ifsp", Kind::Ifsp, &x.ifsp),
                r("created_by", Kind::Staff, &x.created_by),
            ],
            Record::Visit(x) => {
                let mut v = vec![
                    r("program", Kind::Program, &x.program),
                    r("child", Kind::Child, &x.child),
                    r("provider", Kind::Staff, &x.provider),
                    r("created_by", Kind::Staff, &x.created_by),
                ];
                if let Some(s) = &x.service {
                    v.push(r("service", Kind::IfspService, s));
                }
                v.extend(
                    x.outcomes
                        .iter()
                        .map(|o| r("outcomes", Kind::IfspOutcome, o)),
                );
                if let Some(m) = &x.makeup_of {
                    v.push(r("makeup_of", Kind::Visit, m));
                }
                if let Some(s) = &x.reviewed_by {
                    v.push(r("reviewed_by", Kind::Staff, s));
                }
                v
            }
            Record::VisitAddendum(x) => vec![
                r("visit", Kind::Visit, &x.visit),
                r("signed_by", Kind::Staff, &x.signed_by),
            ],
            Record::ReferralPacket(x) => vec![
                r("child", Kind::Child, &x.child),
                r("agency", Kind::Agency, &x.agency),
                r("consent", Kind::Consent, &x.consent),
                r("created_by", Kind::Staff, &x.created_by),
            ],
            Record::Disclosure(x) => {
                let mut v = vec![r("child", Kind::Child, &x.child)];
                if let Some(a) = &x.agency {
                    v.push(r("agency", Kind::Agency, a));
                }
                if let Some(u) = &x.by_user {
                    v.push(r("by_user", Kind::Staff, u));
                }
                if let Some(p) = &x.packet {
                    v.push(r("packet", Kind::ReferralPacket, p));
                }
                v
            }
        }
    }
}
