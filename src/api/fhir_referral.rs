//! A FHIR R4 referral read into the intake form. The subset taken is the shape of HL7's
//! BSeR referral guide: one `ServiceRequest`, the `Patient` it names as `subject`, its
//! `requester` (a `Practitioner`, `PractitionerRole` or `Organization`) and, optionally, a
//! `RelatedPerson` for the parent. They come either as a `Bundle` (references by `fullUrl`
//! or `Type/id`) or as one `ServiceRequest` holding the others in `contained` (`#id`).
//!
//! Nothing here decides whether a referral is acceptable: the result is a `ReferralForm`,
//! parsed by the intake's own rules like one typed on the page; this module only says which
//! FHIR element each form field came from, so a refusal can point at it.
use super::{fhir_identifier::Identifier, fhir_outcome::Issue};
use crate::children::intake::ReferralForm;
use serde_json::Value;

/// The identifier system that names a Hearth program in `ServiceRequest.performer`.
pub const PROGRAM_SYSTEM: &str = "urn:hearth:program";

/// What was read: the form, the program the request names (if it names one) and the
/// problems found before the form could be filled.
#[derive(Debug, Default)]
pub struct Read {
    pub form: ReferralForm,
    pub program: Option<String>,
    pub authored: bool,
    /// The request's own `ServiceRequest.identifier`, which makes a retry recognisable.
    pub identifier: Option<Identifier>,
    pub issues: Vec<Issue>,
}

/// The longest identifier system or value kept (the column's width).
const IDENTIFIER_MAX: usize = 200;

/// The first `ServiceRequest.identifier` with a value.
fn identifier(sr: &Value, issues: &mut Vec<Issue>) -> Option<Identifier> {
    let found = sr["identifier"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["value"].as_str().is_some_and(|v| !v.trim().is_empty()))?;
    let id = Identifier {
        system: str_at(found, "system").trim().to_owned(),
        value: str_at(found, "value").trim().to_owned(),
    };
    if id.system.chars().count() > IDENTIFIER_MAX || id.value.chars().count() > IDENTIFIER_MAX {
        issues.push(Issue::new(
            "invalid",
            format!("ServiceRequest.identifier's system and value may hold at most {IDENTIFIER_MAX} characters each."),
            &["ServiceRequest.identifier"],
        ));
        return None;
    }
    Some(id)
}

/// The FHIRPath of the element a form field is read from.
pub fn element(field: &str, authored: bool) -> &'static [&'static str] {
    match field {
        "first_name" => &["Patient.name.given"],
        "last_name" => &["Patient.name.family"],
        "date_of_birth" => &["Patient.birthDate"],
        "sex" => &["Patient.gender"],
        // A child past three is refused at the referral date: the birth date is the fact
        // the referrer can correct.
        "received_on" if authored => &["ServiceRequest.authoredOn", "Patient.birthDate"],
        "received_on" => &["Patient.birthDate"],
        "source" | "source_name" => &["ServiceRequest.requester"],
        "concerns" => &["ServiceRequest.reasonCode", "ServiceRequest.note"],
        "caregiver_name" => &["RelatedPerson.name"],
        "relationship" => &["RelatedPerson.relationship"],
        "email" | "phone" | "preferred_contact" => &["RelatedPerson.telecom"],
        "language" => &["RelatedPerson.communication", "Patient.communication"],
        "address_line" | "city" | "county" | "postal_code" => &["Patient.address"],
        _ => &[],
    }
}

/// Whether the form field was left empty by the request (FHIR's `required`, not `invalid`).
pub fn blank(f: &ReferralForm, field: &str) -> bool {
    let v = match field {
        "first_name" => &f.first_name,
        "last_name" => &f.last_name,
        "date_of_birth" => &f.date_of_birth,
        "source" => &f.source,
        "source_name" => &f.source_name,
        "concerns" => &f.concerns,
        "caregiver_name" => &f.caregiver_name,
        "relationship" => &f.relationship,
        "email" => &f.email,
        "phone" => &f.phone,
        "preferred_contact" => &f.preferred_contact,
        "language" => &f.language,
        _ => return false,
    };
    v.trim().is_empty()
}

/// The resources of the request, with the names other resources may use for them.
struct Resources<'a>(Vec<(Vec<String>, &'a Value)>);

impl<'a> Resources<'a> {
    fn of(v: &'a Value) -> Self {
        let mut all = Vec::new();
        let named = |r: &Value| {
            let ty = r["resourceType"].as_str().unwrap_or_default();
            let id = r["id"].as_str().unwrap_or_default();
            vec![format!("{ty}/{id}"), format!("#{id}")]
        };
        if v["resourceType"] == "Bundle" {
            for e in v["entry"].as_array().into_iter().flatten() {
                let r = &e["resource"];
                let mut names = named(r);
                if let Some(u) = e["fullUrl"].as_str() {
                    names.push(u.to_owned());
                }
                all.push((names, r));
            }
        } else {
            all.push((named(v), v));
        }
        for (_, r) in all.clone() {
            for c in r["contained"].as_array().into_iter().flatten() {
                all.push((named(c), c));
            }
        }
        Resources(all)
    }

    fn first(&self, ty: &str) -> Option<&'a Value> {
        self.0
            .iter()
            .map(|(_, r)| *r)
            .find(|r| r["resourceType"] == ty)
    }

    /// The resource a `Reference` points at.
    fn get(&self, reference: &Value) -> Option<&'a Value> {
        let want = reference["reference"].as_str()?;
        self.0
            .iter()
            .find(|(names, _)| names.iter().any(|n| n == want))
            .map(|(_, r)| *r)
    }
}

fn str_at<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key].as_str().unwrap_or_default()
}

/// A `HumanName`: its `text`, or prefix, given and family names.
fn name_text(n: &Value) -> String {
    if let Some(t) = n["text"].as_str() {
        return t.trim().to_owned();
    }
    let mut parts: Vec<&str> = Vec::new();
    for key in ["prefix", "given"] {
        parts.extend(
            n[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        );
    }
    parts.push(str_at(n, "family"));
    parts.retain(|p| !p.trim().is_empty());
    parts.join(" ")
}

/// The first `telecom` of a system (`phone`, `email`).
fn telecom(r: &Value, system: &str) -> String {
    r["telecom"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["system"] == system)
        .map(|t| str_at(t, "value").to_owned())
        .unwrap_or_default()
}

/// A `CodeableConcept`'s text, or its first coding's display.
fn concept_text(c: &Value) -> Option<String> {
    c["text"]
        .as_str()
        .or_else(|| c["coding"][0]["display"].as_str())
        .map(str::to_owned)
}

/// The language of a `communication` list: `en` or `es` (BCP 47, `es-US` is `es`); another
/// language is passed on as it is, for the intake to refuse by name.
fn language(r: &Value) -> Option<String> {
    let c = &r["communication"][0]["language"];
    let code = c["coding"][0]["code"]
        .as_str()
        .or_else(|| c["text"].as_str())?;
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_lowercase();
    Some(match primary.as_str() {
        "english" => "en".into(),
        "spanish" | "español" => "es".into(),
        _ => primary,
    })
}

/// HL7 v3 RoleCode (the codes BSeR's RelatedPerson uses) as the intake's relationship.
fn relationship(r: &Value) -> String {
    let codes: Vec<&str> = r["relationship"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["coding"].as_array().into_iter().flatten())
        .filter_map(|c| c["code"].as_str())
        .collect();
    let Some(code) = codes.first() else {
        return String::new();
    };
    match *code {
        "MTH" | "NMTH" | "STPMTH" | "ADOPTM" | "GESTM" => "mother",
        "FTH" | "NFTH" | "STPFTH" | "ADOPTF" => "father",
        "GRPRN" | "GRMTH" | "GRFTH" | "MGRMTH" | "MGRFTH" | "PGRMTH" | "PGRFTH" => "grandparent",
        "FOSTERPARENT" | "FSTPRN" | "FMTH" | "FFTH" => "foster_parent",
        "GUARD" => "guardian",
        _ => "other",
    }
    .into()
}

/// Reads a request body (already JSON) into the intake form.
pub fn read(body: &Value) -> Read {
    let mut out = Read::default();
    let ty = str_at(body, "resourceType");
    if ty != "Bundle" && ty != "ServiceRequest" {
        out.issues.push(Issue::new(
            "structure",
            "Send a Bundle holding a ServiceRequest, or a ServiceRequest with its Patient in `contained`.",
            &["resourceType"],
        ));
        return out;
    }
    let all = Resources::of(body);
    let Some(sr) = all.first("ServiceRequest") else {
        out.issues.push(Issue::new(
            "required",
            "The Bundle holds no ServiceRequest.",
            &["Bundle.entry"],
        ));
        return out;
    };
    let Some(patient) = all
        .get(&sr["subject"])
        .filter(|p| p["resourceType"] == "Patient")
    else {
        out.issues.push(Issue::new(
            "required",
            "ServiceRequest.subject must reference the child's Patient resource, sent with the request.",
            &["ServiceRequest.subject"],
        ));
        return out;
    };
    out.identifier = identifier(sr, &mut out.issues);
    let f = &mut out.form;
    let name = &patient["name"][0];
    f.first_name = name["given"][0].as_str().unwrap_or_default().to_owned();
    f.last_name = str_at(name, "family").to_owned();
    f.date_of_birth = str_at(patient, "birthDate").to_owned();
    f.sex = match str_at(patient, "gender") {
        "" => String::new(),
        "female" => "female".into(),
        "male" => "male".into(),
        _ => "unknown".into(),
    };
    let addr = &patient["address"][0];
    let lines: Vec<&str> = addr["line"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    f.address_line = lines.join(", ");
    f.city = str_at(addr, "city").to_owned();
    f.county = str_at(addr, "district").to_owned();
    f.postal_code = str_at(addr, "postalCode").to_owned();

    // The requester: the person or place the referral comes from.
    match all.get(&sr["requester"]) {
        Some(r) => {
            let kind = str_at(r, "resourceType");
            f.source = if kind == "Organization" {
                "hospital_nicu".into()
            } else {
                "physician".into()
            };
            f.source_name = match kind {
                "Organization" => str_at(r, "name").to_owned(),
                "PractitionerRole" => {
                    let who = all
                        .get(&r["practitioner"])
                        .map(|p| name_text(&p["name"][0]));
                    who.filter(|w| !w.is_empty())
                        .unwrap_or_else(|| str_at(&r["practitioner"], "display").to_owned())
                }
                _ => name_text(&r["name"][0]),
            };
        }
        None => {
            f.source_name = str_at(&sr["requester"], "display").to_owned();
            if f.source_name.is_empty() {
                out.issues.push(Issue::new(
                    "required",
                    "ServiceRequest.requester must name who makes the referral.",
                    &["ServiceRequest.requester"],
                ));
            } else {
                f.source = "physician".into();
            }
        }
    }

    // What the referral is for: reasons, the requested service's text and notes.
    let mut concerns: Vec<String> = Vec::new();
    for c in sr["reasonCode"].as_array().into_iter().flatten() {
        concerns.extend(concept_text(c));
    }
    for n in sr["note"].as_array().into_iter().flatten() {
        concerns.extend(n["text"].as_str().map(str::to_owned));
    }
    f.concerns = concerns.join("\n");
    if let Some(on) = sr["authoredOn"].as_str() {
        // A dateTime: its day, as the referrer wrote it.
        f.received_on = on.get(..10).unwrap_or(on).to_owned();
        out.authored = true;
    }

    // The parent: a RelatedPerson of the child, or the Patient's first contact.
    let parent = all
        .0
        .iter()
        .map(|(_, r)| *r)
        .find(|r| r["resourceType"] == "RelatedPerson");
    let contact = parent.unwrap_or(&patient["contact"][0]);
    f.caregiver_name = name_text(if parent.is_some() {
        &contact["name"][0]
    } else {
        &contact["name"]
    });
    f.relationship = relationship(contact);
    f.phone = telecom(contact, "phone");
    f.email = telecom(contact, "email");
    f.preferred_contact = if !f.phone.is_empty() {
        "phone".into()
    } else if !f.email.is_empty() {
        "email".into()
    } else {
        String::new()
    };
    f.language = language(contact)
        .or_else(|| language(patient))
        .unwrap_or_default();

    // The program, when the request names one.
    for p in sr["performer"].as_array().into_iter().flatten() {
        let org = all.get(p);
        let ident = org.map_or(&p["identifier"], |o| &o["identifier"]);
        let idents = ident
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![ident.clone()]);
        if let Some(slug) = idents
            .iter()
            .find(|i| i["system"] == PROGRAM_SYSTEM)
            .and_then(|i| i["value"].as_str())
        {
            out.program = Some(slug.to_owned());
        }
    }
    out
}
