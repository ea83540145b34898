//! A service on the plan, as typed, parsed into a row valid to store.
use crate::{
    entities::ifsp_service::{self, Setting},
    views::{fields::parse_date, form::Errors},
};
use sea_orm::Set;
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ServiceForm {
    pub service_type: String,
    pub provider_id: String,
    pub frequency: String,
    pub period: String,
    pub mode: String,
    pub minutes: String,
    pub method: String,
    pub location: String,
    pub justification: String,
    pub start_date: String,
    pub end_date: String,
    pub payer: String,
}

fn whole(e: &mut Errors, field: &'static str, v: &str, min: i32, max: i32, msg: &str) -> i32 {
    match v.trim().parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            e.add(field, msg);
            0
        }
    }
}

impl ServiceForm {
    /// `providers` are the ids a service may be assigned to (the program's providers).
    pub fn parse(
        &self,
        ifsp_id: i32,
        providers: &[i32],
    ) -> Result<ifsp_service::ActiveModel, Errors> {
        let mut e = Errors::default();
        let service_type = e.choice(
            "service_type",
            &self.service_type,
            "Choose the service type.",
        );
        let provider_id = match self.provider_id.trim() {
            "" => None,
            v => match v.parse::<i32>().ok().filter(|id| providers.contains(id)) {
                Some(id) => Some(id),
                None => {
                    e.add("provider_id", "Choose a provider from the list.");
                    None
                }
            },
        };
        let frequency = whole(
            &mut e,
            "frequency",
            &self.frequency,
            1,
            31,
            "Enter how many sessions, from 1 to 31.",
        );
        let period = e.choice("period", &self.period, "Choose per week or per month.");
        let mode = e.choice("mode", &self.mode, "Choose individual or group.");
        let minutes = whole(
            &mut e,
            "minutes",
            &self.minutes,
            5,
            480,
            "Enter the minutes per session, from 5 to 480.",
        );
        let method = e.choice(
            "method",
            &self.method,
            "Choose how the service is delivered.",
        );
        let location = e.choice(
            "location",
            &self.location,
            "Choose where the service happens.",
        );
        let justification = crate::views::fields::paragraph(
            &mut e,
            "justification",
            &self.justification,
            crate::views::fields::limit::PARAGRAPH,
        );
        if location.is_some_and(|l: Setting| !l.is_natural()) && justification.chars().count() < 20
        {
            e.add(
                "justification",
                "This setting is not a natural environment: explain why the outcomes cannot be achieved satisfactorily at home or in the community.",
            );
        }
        let start = parse_date(
            &mut e,
            "start_date",
            &self.start_date,
            "projected start date",
        );
        let end = match self.end_date.trim() {
            "" => None,
            v => parse_date(&mut e, "end_date", v, "projected end date"),
        };
        if let (Some(s), Some(x)) = (start, end)
            && x <= s
        {
            e.add("end_date", "The end date must be after the start date.");
        }
        let payer = e.choice("payer", &self.payer, "Choose how the service is paid for.");
        let (
            Some(start),
            Some(service_type),
            Some(period),
            Some(mode),
            Some(method),
            Some(location),
            Some(payer),
            true,
        ) = (
            start,
            service_type,
            period,
            mode,
            method,
            location,
            payer,
            e.is_empty(),
        )
        else {
            return Err(e);
        };
        Ok(ifsp_service::ActiveModel {
            ifsp_id: Set(ifsp_id),
            service_type: Set(service_type),
            discipline: Set(None),
            provider_id: Set(provider_id),
            frequency: Set(frequency),
            period: Set(period),
            mode: Set(mode),
            minutes: Set(minutes),
            method: Set(method),
            location: Set(location),
            justification: Set(justification),
            start_date: Set(start),
            end_date: Set(end),
            payer: Set(payer),
            consent_given: Set(None),
            consent_date: Set(None),
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> ServiceForm {
        ServiceForm {
            service_type: "speech_language".into(),
            frequency: "2".into(),
            period: "month".into(),
            mode: "individual".into(),
            minutes: "60".into(),
            method: "in_person".into(),
            location: "home".into(),
            start_date: "2026-12-01".into(),
            payer: "part_c".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_clinic_service_needs_a_justification() {
        assert!(service().parse(1, &[]).is_ok());
        let mut s = service();
        s.location = "clinic".into();
        let e = s.parse(1, &[]).unwrap_err();
        assert!(
            e.get("justification")
                .unwrap()
                .contains("not a natural environment")
        );
        s.justification =
            "Hydrotherapy pool needed for the motor outcome; not available at home.".into();
        assert!(s.parse(1, &[]).is_ok());
    }

    #[test]
    fn numbers_and_providers_are_checked() {
        let mut s = service();
        s.minutes = "0".into();
        s.frequency = "many".into();
        s.provider_id = "99".into();
        let e = s.parse(1, &[5]).unwrap_err();
        assert!(
            e.get("minutes").is_some()
                && e.get("frequency").is_some()
                && e.get("provider_id").is_some()
        );
    }
}
