//! The program's settings, its staff and its agency directory.
use super::{Problems, choice, micros, opt_choice};
use crate::entities::{agency, program, user};
use crate::interchange::Kind;
use crate::interchange::ids::{Locals, Names};
use crate::views::fields::limit;
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use sea_orm::{NotSet, Set};
use serde::{Deserialize, Serialize};

/// A program (a county or regional EI program) and its settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramRec {
    pub id: String,
    /// Unique in an installation: importing a program whose slug another program has is an
    /// error (rename one first).
    pub slug: String,
    pub name: String,
    /// Two-letter state code.
    pub state_code: String,
    /// An IANA time zone, e.g. America/New_York.
    pub timezone: String,
    /// The program's rules (deadlines, caseload limits) as the program settings page keeps them.
    pub rules: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

impl ProgramRec {
    pub fn from_model(m: &program::Model, n: &Names) -> Self {
        ProgramRec {
            id: n.get(Kind::Program, m.id),
            slug: m.slug.clone(),
            name: m.name.clone(),
            state_code: m.state_code.clone(),
            timezone: m.timezone.clone(),
            rules: serde_json::from_str(&m.rules)
                .unwrap_or_else(|_| serde_json::Value::String(m.rules.clone())),
            created_at: micros(m.created_at),
        }
    }

    pub fn active(&self, _: &Locals) -> program::ActiveModel {
        program::ActiveModel {
            id: NotSet,
            slug: Set(self.slug.clone()),
            name: Set(self.name.clone()),
            state_code: Set(self.state_code.clone()),
            timezone: Set(self.timezone.clone()),
            rules: Set(match &self.rules {
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            }),
            created_at: Set(self.created_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("slug", &self.slug, 64, true);
        p.line("name", &self.name, limit::NAME, true);
        if !(self.state_code.len() == 2 && self.state_code.chars().all(|c| c.is_ascii_uppercase()))
        {
            p.push("state_code", "two capital letters, e.g. PA");
        }
        if self.timezone.parse::<chrono_tz::Tz>().is_err() {
            p.push("timezone", "not a time zone (e.g. America/New_York)");
        }
        if !self.rules.is_object() {
            p.push("rules", "must be an object");
        }
    }
}

/// A staff account. No password travels: an imported account signs in after an admin
/// resets its password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffRec {
    pub id: String,
    pub program: String,
    /// Unique in an installation.
    pub email: String,
    pub display_name: String,
    #[schemars(schema_with = "choice::<user::Role>")]
    pub role: user::Role,
    #[serde(default)]
    #[schemars(schema_with = "opt_choice::<user::Discipline>")]
    pub discipline: Option<user::Discipline>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What an imported account's password hash is until a reset: no password verifies against it.
pub const NO_PASSWORD: &str = "!imported";

impl StaffRec {
    pub fn from_model(m: &user::Model, n: &Names) -> Self {
        StaffRec {
            id: n.get(Kind::Staff, m.id),
            program: n.get(Kind::Program, m.program_id),
            email: m.email.clone(),
            display_name: m.display_name.clone(),
            role: m.role,
            discipline: m.discipline,
            active: m.active,
            created_at: micros(m.created_at),
            updated_at: micros(m.updated_at),
        }
    }

    /// Without the password hash: set on insert only.
    pub fn active(&self, l: &Locals) -> user::ActiveModel {
        user::ActiveModel {
            id: NotSet,
            program_id: Set(l.get(Kind::Program, &self.program)),
            email: Set(self.email.clone()),
            display_name: Set(self.display_name.clone()),
            password_hash: NotSet,
            role: Set(self.role),
            discipline: Set(self.discipline),
            active: Set(self.active),
            created_at: Set(self.created_at),
            updated_at: Set(self.updated_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("email", &self.email, limit::EMAIL, true);
        if !self.email.contains('@') || self.email.chars().any(char::is_whitespace) {
            p.push("email", "not an e-mail address");
        }
        p.line("display_name", &self.display_name, limit::NAME, true);
    }
}

/// A community agency in the program's directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgencyRec {
    pub id: String,
    pub program: String,
    pub name: String,
    #[schemars(schema_with = "choice::<agency::Kind>")]
    pub kind: agency::Kind,
    /// Counties or districts served, one per line.
    pub service_area: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub fax: String,
    pub address: String,
    #[schemars(schema_with = "choice::<agency::Channel>")]
    pub preferred_channel: agency::Channel,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AgencyRec {
    pub fn from_model(m: &agency::Model, n: &Names) -> Self {
        AgencyRec {
            id: n.get(Kind::Agency, m.id),
            program: n.get(Kind::Program, m.program_id),
            name: m.name.clone(),
            kind: m.kind,
            service_area: m.service_area.clone(),
            contact_name: m.contact_name.clone(),
            email: m.email.clone(),
            phone: m.phone.clone(),
            fax: m.fax.clone(),
            address: m.address.clone(),
            preferred_channel: m.preferred_channel,
            active: m.active,
            created_at: micros(m.created_at),
            updated_at: micros(m.updated_at),
        }
    }

    /// Without the version: 1 on insert, bumped on update.
    pub fn active(&self, l: &Locals) -> agency::ActiveModel {
        agency::ActiveModel {
            id: NotSet,
            program_id: Set(l.get(Kind::Program, &self.program)),
            name: Set(self.name.clone()),
            kind: Set(self.kind),
            service_area: Set(self.service_area.clone()),
            contact_name: Set(self.contact_name.clone()),
            email: Set(self.email.clone()),
            phone: Set(self.phone.clone()),
            fax: Set(self.fax.clone()),
            address: Set(self.address.clone()),
            preferred_channel: Set(self.preferred_channel),
            active: Set(self.active),
            version: NotSet,
            created_at: Set(self.created_at),
            updated_at: Set(self.updated_at),
        }
    }

    pub fn check(&self, p: &mut Problems) {
        p.line("name", &self.name, limit::NAME, true);
        p.paragraph("service_area", &self.service_area, limit::PARAGRAPH);
        p.line("contact_name", &self.contact_name, limit::NAME, false);
        p.line("email", &self.email, limit::EMAIL, false);
        p.line("phone", &self.phone, limit::LINE, false);
        p.line("fax", &self.fax, limit::LINE, false);
        p.paragraph("address", &self.address, limit::LINE);
    }
}
