//! The agency directory: kinds, the form parsed into an agency, and the school district
//! suggested for a family's county.
use crate::{
    entities::agency::{self, Channel, Kind},
    views::{
        fields::{limit, paragraph, text},
        form::Errors,
    },
};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct AgencyForm {
    pub name: String,
    pub kind: String,
    pub service_area: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub fax: String,
    pub address: String,
    pub preferred_channel: String,
    pub active: Option<String>,
    pub version: String,
}

/// An agency as typed, checked.
pub struct AgencyInput {
    pub name: String,
    pub kind: Kind,
    pub service_area: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub fax: String,
    pub address: String,
    pub preferred_channel: Channel,
    pub active: bool,
}

impl AgencyForm {
    pub fn from_model(a: &agency::Model) -> Self {
        AgencyForm {
            name: a.name.clone(),
            kind: a.kind.to_string(),
            service_area: a.service_area.clone(),
            contact_name: a.contact_name.clone(),
            email: a.email.clone(),
            phone: a.phone.clone(),
            fax: a.fax.clone(),
            address: a.address.clone(),
            preferred_channel: a.preferred_channel.to_string(),
            active: a.active.then(|| "yes".into()),
            version: a.version.to_string(),
        }
    }

    pub fn parse(&self) -> Result<AgencyInput, Errors> {
        let mut e = Errors::default();
        let name = text(&mut e, "name", &self.name, limit::NAME);
        if name.is_empty() {
            e.add("name", "Enter the agency's name.");
        }
        let kind: Option<Kind> =
            e.choice("kind", &self.kind, "Choose what kind of agency this is.");
        let channel: Option<Channel> = e.choice(
            "preferred_channel",
            &self.preferred_channel,
            "Choose how the agency prefers to receive referrals.",
        );
        let email = text(&mut e, "email", &self.email, limit::EMAIL).to_lowercase();
        let contact_name = text(&mut e, "contact_name", &self.contact_name, limit::NAME);
        let phone = text(&mut e, "phone", &self.phone, 40);
        let fax = text(&mut e, "fax", &self.fax, 40);
        let address = paragraph(&mut e, "address", &self.address, limit::LINE);
        let service_area = paragraph(&mut e, "service_area", &self.service_area, limit::PARAGRAPH);
        if !email.is_empty() && !crate::staff::model::looks_like_email(&email) {
            e.add(
                "email",
                "Enter an e-mail address like intake@district.example.",
            );
        }
        if channel == Some(Channel::Email) && email.is_empty() {
            e.add(
                "email",
                "The preferred channel is e-mail: enter the address.",
            );
        }
        if channel == Some(Channel::Fax) && fax.is_empty() {
            e.add("fax", "The preferred channel is fax: enter the number.");
        }
        if matches!(
            kind,
            Some(Kind::Lea | Kind::HeadStart | Kind::EarlyHeadStart)
        ) && service_area.is_empty()
        {
            e.add(
                "service_area",
                "Name the counties or districts served, one per line, so the right agency is suggested for each family.",
            );
        }
        let (Some(kind), Some(preferred_channel), true) = (kind, channel, e.is_empty()) else {
            return Err(e);
        };
        let area = service_area
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        Ok(AgencyInput {
            name,
            kind,
            service_area: area,
            contact_name,
            email,
            phone,
            fax,
            address,
            preferred_channel,
            active: self.active.is_some(),
        })
    }
}

pub async fn list(
    db: &impl ConnectionTrait,
    program_id: i32,
    kind: Option<Kind>,
) -> Result<Vec<agency::Model>, DbErr> {
    let mut q = agency::Entity::find()
        .filter(agency::Column::ProgramId.eq(program_id))
        .order_by_desc(agency::Column::Active)
        .order_by_asc(agency::Column::Kind)
        .order_by_asc(agency::Column::Name);
    if let Some(k) = kind {
        q = q.filter(agency::Column::Kind.eq(k));
    }
    q.all(db).await
}

/// The active agencies of `kind` serving `county`: for a school district, the one to notify.
pub async fn serving(
    db: &impl ConnectionTrait,
    program_id: i32,
    kind: Kind,
    county: &str,
) -> Result<Vec<agency::Model>, DbErr> {
    Ok(list(db, program_id, Some(kind))
        .await?
        .into_iter()
        .filter(|a| a.active && (kind == Kind::Sea || a.serves(county)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AgencyForm {
        AgencyForm {
            name: "Riverbend Area School District".into(),
            kind: "lea".into(),
            service_area: " Riverbend \n\n Oak County ".into(),
            email: "Intake@RSD.example".into(),
            preferred_channel: "email".into(),
            active: Some("yes".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_district_needs_its_area_and_its_channel_details() {
        let ok = form().parse().ok().unwrap();
        assert_eq!(ok.service_area, "Riverbend\nOak County");
        assert_eq!(ok.email, "intake@rsd.example");
        let mut f = form();
        f.service_area = "  ".into();
        f.email = String::new();
        let e = f.parse().err().unwrap();
        assert!(e.get("service_area").is_some() && e.get("email").is_some());
        let mut f = form();
        f.kind = "school".into();
        assert!(f.parse().err().unwrap().get("kind").is_some());
    }

    #[test]
    fn serves_matches_a_line_ignoring_case() {
        let a = agency::Model {
            id: 1,
            program_id: 1,
            name: "RSD".into(),
            kind: Kind::Lea,
            service_area: "Riverbend\nOak County".into(),
            contact_name: String::new(),
            email: String::new(),
            phone: String::new(),
            fax: String::new(),
            address: String::new(),
            preferred_channel: Channel::Email,
            active: true,
            version: 1,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        };
        assert!(a.serves("oak county") && a.serves(" RIVERBEND "));
        assert!(!a.serves("Oak") && !a.serves(""));
    }
}
