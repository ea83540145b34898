//! Staff's packet form and the mail to the agency; the agency's confirm page and packet page.
use super::{handlers::PacketForm, portal::OutcomeForm};
use crate::{
    entities::{Choice, agency, child, referral_packet, referral_packet::Document},
    views::{
        Page,
        form::{Errors, Input, csrf_field, error_summary, select, textarea},
        layout,
    },
};
use chrono::{DateTime, Utc};
use maud::{DOCTYPE, Markup, html};

/// The release a refused packet lacks: for which agency, the records no release in force
/// covers, and the consent form preselecting that agency and the packet's records.
pub struct Missing {
    pub agency: String,
    pub records: Vec<&'static str>,
    pub link: String,
}

impl Missing {
    pub fn message(&self) -> String {
        format!(
            "No release of information in force for {} covers: {}. Record the parent's release naming this agency and these records first.",
            self.agency,
            self.records.join("; ")
        )
    }
}

pub fn new(
    p: &Page,
    c: &child::Model,
    agencies: &[agency::Model],
    f: &PacketForm,
    e: &Errors,
    missing: Option<&Missing>,
) -> Markup {
    let options: Vec<(String, String)> = agencies
        .iter()
        .map(|a| (a.id.to_string(), a.name.clone()))
        .collect();
    let opts: Vec<(&str, &str)> = options
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    layout::page(
        p,
        "Send a referral packet",
        "/caseload",
        html! {
            p class="breadcrumb" { a href={"/children/" (c.id) "/transition"} { "Transition — " (c.full_name()) } }
            h1 { "Send a referral packet" }
            p class="hint" { "Only records covered by a release of information the parent signed for this agency can be sent. The agency gets an e-mail with a link that works for 14 days; every record it opens is logged as a disclosure." }
            (error_summary(e))
            @if let Some(m) = missing {
                div class="dup" role="status" id="missing-release" {
                    h2 { "A release is missing" }
                    p { "The packet needs a release of information to " strong { (m.agency) } " covering: " (m.records.join("; ")) "." }
                    p { a class="button" href=(m.link) { "Record the release for " (m.agency) } }
                }
            }
            form method="post" action={"/children/" (c.id) "/packets"} {
                (csrf_field(&p.csrf))
                (select("agency_id", "Agency", &opts, &f.agency_id, e, true))
                fieldset id="f-documents" class=(if e.get("documents").is_some() { "field has-error" } else { "field" }) {
                    legend { "Records" }
                    @if let Some(msg) = e.get("documents") { p class="error" id="f-documents-error" { (msg) } }
                    @for (k, l) in Document::options() {
                        div class="checkbox" {
                            input type="checkbox" id={"doc-" (k)} name="documents" value=(k) checked[f.documents.iter().any(|d| d == k)];
                            label for={"doc-" (k)} { (l) }
                        }
                    }
                }
                (textarea("message", "Message to the agency", &f.message, None, e, false))
                button type="submit" class="primary" { "Send the packet" }
            }
        },
    )
}

pub fn packet_mail(
    program: &str,
    c: &child::Model,
    docs: &[&str],
    message: &str,
    url: &str,
    expires: DateTime<Utc>,
) -> (String, String) {
    let until = expires.format("%-d %B %Y").to_string();
    let mut text = format!(
        "{program} sends you a referral for {} (born {}), with the family's written consent.\n\nRecords: {}\n",
        c.full_name(),
        c.date_of_birth,
        docs.join("; ")
    );
    if !message.is_empty() {
        text.push_str(&format!("\n{message}\n"));
    }
    text.push_str(&format!("\nOpen the packet (the link works until {until}; please acknowledge receipt and tell us the outcome there):\n{url}\n"));
    let html = html! {
        (DOCTYPE)
        html lang="en" { body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5" {
            p { (program) " sends you a referral for " strong { (c.full_name()) } " (born " (c.date_of_birth) "), with the family's written consent." }
            p { "Records: " (docs.join("; ")) }
            @if !message.is_empty() { p { (message) } }
            p { a href=(url) style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:6px" { "Open the packet" } }
            p style="font-size:14px;color:#52606d" { "The link works until " (until) ". Please acknowledge receipt and tell us the outcome there." }
        } }
    };
    (text, html.into_string())
}

fn shell(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; meta name="viewport" content="width=device-width, initial-scale=1"; meta name="robots" content="noindex";
                title { (title) } link rel="stylesheet" href=(crate::assets::url("css/app.css")); }
            body class="family" {
                header class="site-header" { div class="brand" { "Hearth" } }
                main id="main" { (body) }
            }
        }
    }
}

pub fn ended() -> Markup {
    shell(
        "This link no longer works",
        html! {
            h1 { "This link no longer works" }
            p { "It may have expired or been withdrawn. Ask the early-intervention program that sent it for a new one." }
        },
    )
}

pub fn confirm(csrf: &str, token: &str) -> Markup {
    shell(
        "Open the referral packet",
        html! {
            h1 { "Open the referral packet" }
            p { "This link opens records an early-intervention program shared with your agency, with the family's consent. Opening each record is logged." }
            form method="post" action={"/agency/open/" (token)} {
                input type="hidden" name=(crate::auth::csrf::FIELD) value=(csrf);
                button type="submit" class="primary" { "Open the packet" }
            }
        },
    )
}

pub fn packet(
    p: &referral_packet::Model,
    a: &agency::Model,
    c: &child::Model,
    keys: &[Document],
    csrf: &str,
    typed: Option<(&OutcomeForm, &Errors)>,
    just_saved: bool,
) -> Markup {
    let saved = OutcomeForm {
        outcome: p.outcome.to_string(),
        outcome_on: p.outcome_on.map(|d| d.to_string()).unwrap_or_default(),
        outcome_note: p.outcome_note.clone(),
    };
    let none = Errors::default();
    let (f, e) = typed.unwrap_or((&saved, &none));
    let answers: Vec<(&str, &str)> = referral_packet::Outcome::all()
        .filter(|o| *o != referral_packet::Outcome::Unanswered)
        .map(|o| (o.as_str(), o.label()))
        .collect();
    shell(
        "Referral packet",
        html! {
            h1 { "Referral: " (c.full_name()) }
            p { "For " (a.name) ". Born " (c.date_of_birth) ". The link works until " (p.expires_at.format("%-d %B %Y")) "." }
            @if !p.message.is_empty() { p class="card prewrap" { (p.message) } }
            h2 { "Records" }
            ul { @for k in keys { li { a href={"/agency/packet/" (k)} { (k.label()) } } } }
            h2 { "Receipt" }
            @if let Some(at) = p.acknowledged_at { p { "Acknowledged " (at.format("%-d %B %Y")) "." } }
            @else {
                form method="post" action="/agency/packet/acknowledge" {
                    input type="hidden" name=(crate::auth::csrf::FIELD) value=(csrf);
                    button type="submit" { "Acknowledge receipt" }
                }
            }
            h2 { "Outcome" }
            @if just_saved && p.outcome != referral_packet::Outcome::Unanswered {
                div class="flash flash-success" role="status" {
                    "Saved: " (p.outcome.label()) ". The program sees it now; you can correct it below until the link expires."
                }
            }
            (error_summary(e))
            form method="post" action="/agency/packet/outcome" {
                input type="hidden" name=(crate::auth::csrf::FIELD) value=(csrf);
                (select("outcome", "Outcome", &answers, &f.outcome, e, true))
                (Input::new("outcome_on", "IEP or decision date", &f.outcome_on).kind("date").render(e))
                (textarea("outcome_note", "Note to the program", &f.outcome_note, None, e, false))
                button type="submit" class="primary" { "Save the outcome" }
            }
        },
    )
}
