//! Caregivers: several per family, each with a relationship, contact details, language
//! and whether an interpreter is needed. The form parses here; adding one is
//! `commands::add`, its page `handlers`.
pub mod commands;
pub(super) mod handlers;

use crate::{
    entities::caregiver::{self, Contact, Relationship},
    i18n::Lang,
    staff::model::looks_like_email,
    views::{
        fields::{limit, required, text},
        form::Errors,
    },
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde::Deserialize;

/// The caregiver fields as typed (the same names in the intake form and on their own).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CaregiverForm {
    pub caregiver_name: String,
    pub relationship: String,
    pub email: String,
    pub phone: String,
    pub preferred_contact: String,
    pub language: String,
    pub interpreter_needed: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewCaregiver {
    pub name: String,
    pub relationship: Relationship,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_contact: Contact,
    pub language: Lang,
    pub interpreter_needed: bool,
}

/// Parses the caregiver part of a form (used by intake and by "add a caregiver"). Every
/// problem is recorded in `errors`; `None` when a choice could not be read.
pub fn parse_caregiver(errors: &mut Errors, f: &CaregiverForm) -> Option<NewCaregiver> {
    let name = required(
        errors,
        "caregiver_name",
        &f.caregiver_name,
        "Enter the caregiver's name.",
        120,
    );
    let relationship = errors.choice(
        "relationship",
        &f.relationship,
        "Choose how the caregiver is related to the child.",
    );
    let email = text(errors, "email", &f.email, limit::EMAIL).to_lowercase();
    if !email.is_empty() && !looks_like_email(&email) {
        errors.add(
            "email",
            "Enter an e-mail address like name@example.org, or leave it empty.",
        );
    }
    let phone = text(errors, "phone", &f.phone, 40);
    if !phone.is_empty()
        && (phone.chars().filter(char::is_ascii_digit).count() < 7 || phone.len() > 40)
    {
        errors.add(
            "phone",
            "Enter a phone number with at least 7 digits, or leave it empty.",
        );
    }
    let preferred_contact = errors.choice(
        "preferred_contact",
        &f.preferred_contact,
        "Choose how the family prefers to be contacted.",
    );
    if preferred_contact == Some(Contact::Email) && email.is_empty() {
        errors.add(
            "email",
            "Enter an e-mail address, since the family prefers e-mail.",
        );
    }
    if matches!(preferred_contact, Some(Contact::Phone | Contact::Text)) && phone.is_empty() {
        errors.add(
            "phone",
            "Enter a phone number, since the family prefers phone or text.",
        );
    }
    let language = errors.choice("language", &f.language, "Choose the caregiver's language.");
    Some(NewCaregiver {
        name,
        relationship: relationship?,
        email: (!email.is_empty()).then_some(email),
        phone: (!phone.is_empty()).then_some(phone),
        preferred_contact: preferred_contact?,
        language: language?,
        interpreter_needed: f.interpreter_needed.is_some(),
    })
}

pub async fn insert_caregiver(
    db: &impl ConnectionTrait,
    family_id: i32,
    c: NewCaregiver,
    is_primary: bool,
) -> Result<caregiver::Model, DbErr> {
    caregiver::ActiveModel {
        family_id: Set(family_id),
        name: Set(c.name),
        relationship: Set(c.relationship),
        email: Set(c.email),
        phone: Set(c.phone),
        preferred_contact: Set(c.preferred_contact),
        language: Set(c.language),
        interpreter_needed: Set(c.interpreter_needed),
        is_primary: Set(is_primary),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}
