//! Timely services: for each consented service, the consent date, the first delivered visit,
//! the days between, and whether the start was on time. A start after the deadline is still
//! timely for the federal indicator when the family caused it, and the record shows it: a
//! visit of that service the family cancelled or missed before the deadline.
use crate::{
    entities::ifsp_service::{self, ServiceType},
    program::rules::ProgramRules,
    timeline::{Compliance, DelayReason, judge, service_start_due},
};
use chrono::NaiveDate;

/// A child's delivered and family-missed visits, by service type.
#[derive(Debug, Clone, Default)]
pub struct ServiceHistory {
    pub delivered: Vec<(ServiceType, NaiveDate)>,
    /// Visits the family cancelled or was not home for.
    pub family_missed: Vec<(ServiceType, NaiveDate)>,
    /// Dates of delivered visits that worked on each outcome (by origin id), in order.
    pub addressed: std::collections::HashMap<i32, Vec<NaiveDate>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceStart {
    pub consent: NaiveDate,
    pub due: NaiveDate,
    pub first_visit: Option<NaiveDate>,
    /// Days from consent to the first visit.
    pub days: Option<i64>,
    pub status: Compliance,
    /// The first family-missed visit before the deadline, when the start was late.
    pub family_reason: Option<NaiveDate>,
}

/// The timely start of one service. Visits are matched by service type on or after the
/// consent date, so a service carried into a review keeps its first visit.
pub fn service_start(
    s: &ifsp_service::Model,
    h: &ServiceHistory,
    rules: &ProgramRules,
    today: NaiveDate,
) -> Option<ServiceStart> {
    let consent = s.consent_date.filter(|_| s.consent_given == Some(true))?;
    let due = service_start_due(consent, rules);
    let of_type = |list: &[(ServiceType, NaiveDate)]| -> Vec<NaiveDate> {
        list.iter()
            .filter(|(t, d)| *t == s.service_type && *d >= consent)
            .map(|(_, d)| *d)
            .collect()
    };
    let first_visit = of_type(&h.delivered).into_iter().min();
    let family_reason = of_type(&h.family_missed)
        .into_iter()
        .filter(|d| *d <= due && first_visit.is_none_or(|f| *d < f))
        .min();
    let delay = family_reason.map(|_| DelayReason::ExceptionalFamilyCircumstances);
    let status = judge(due, first_visit, today, delay);
    Some(ServiceStart {
        consent,
        due,
        first_visit,
        days: first_visit.map(|f| (f - consent).num_days()),
        status,
        family_reason: family_reason.filter(|_| status == Compliance::ExcusedDelay),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn service(consent: Option<(bool, &str)>) -> ifsp_service::Model {
        ifsp_service::Model {
            id: 1,
            ifsp_id: 1,
            service_type: ServiceType::SpeechLanguage,
            discipline: None,
            provider_id: Some(3),
            frequency: 2,
            period: ifsp_service::Period::Month,
            mode: ifsp_service::Mode::Individual,
            minutes: 60,
            method: crate::entities::visit::VisitMethod::InPerson,
            location: ifsp_service::Setting::Home,
            justification: String::new(),
            start_date: d("2026-01-05"),
            end_date: None,
            payer: ifsp_service::Payer::Medicaid,
            consent_given: consent.map(|(g, _)| g),
            consent_date: consent.map(|(_, day)| d(day)),
        }
    }

    fn history(delivered: &[&str], missed: &[&str]) -> ServiceHistory {
        let t = |xs: &[&str]| {
            xs.iter()
                .map(|x| (ServiceType::SpeechLanguage, d(x)))
                .collect()
        };
        ServiceHistory {
            delivered: t(delivered),
            family_missed: t(missed),
            ..Default::default()
        }
    }

    #[test]
    fn the_deadline_day_is_on_time_and_the_next_day_is_late() {
        // 30 days from consent on 2026-01-05: due 2026-02-04.
        let s = service(Some((true, "2026-01-05")));
        let r = ProgramRules::default();
        let today = d("2026-03-01");
        let on_time = service_start(&s, &history(&["2026-02-04"], &[]), &r, today).unwrap();
        assert_eq!(on_time.due, d("2026-02-04"));
        assert_eq!(on_time.days, Some(30));
        assert_eq!(on_time.status, Compliance::Timely);
        let late = service_start(&s, &history(&["2026-02-05"], &[]), &r, today).unwrap();
        assert_eq!(late.status, Compliance::Late);
        assert_eq!(late.days, Some(31));
        assert_eq!(late.family_reason, None);
    }

    #[test]
    fn a_family_cancellation_before_the_deadline_excuses_a_late_start() {
        let s = service(Some((true, "2026-01-05")));
        let r = ProgramRules::default();
        let h = history(&["2026-02-10"], &["2026-02-03"]);
        let st = service_start(&s, &h, &r, d("2026-03-01")).unwrap();
        assert_eq!(st.status, Compliance::ExcusedDelay);
        assert!(st.status.counts_as_timely());
        assert_eq!(st.family_reason, Some(d("2026-02-03")));
        // A family miss after the deadline does not excuse the program's lateness.
        let h = history(&["2026-02-10"], &["2026-02-06"]);
        let st = service_start(&s, &h, &r, d("2026-03-01")).unwrap();
        assert_eq!(st.status, Compliance::Late);
    }

    #[test]
    fn visits_before_consent_and_other_types_do_not_count() {
        let s = service(Some((true, "2026-01-05")));
        let r = ProgramRules::default();
        let mut h = history(&["2026-01-02"], &[]);
        h.delivered
            .push((ServiceType::OccupationalTherapy, d("2026-01-10")));
        let st = service_start(&s, &h, &r, d("2026-01-20")).unwrap();
        assert_eq!(st.first_visit, None);
        assert_eq!(st.status, Compliance::Pending);
        let st = service_start(&s, &h, &r, d("2026-02-05")).unwrap();
        assert_eq!(st.status, Compliance::Overdue);
    }

    #[test]
    fn no_consent_means_no_clock() {
        let r = ProgramRules::default();
        let h = ServiceHistory::default();
        assert!(service_start(&service(None), &h, &r, d("2026-02-01")).is_none());
        assert!(
            service_start(
                &service(Some((false, "2026-01-05"))),
                &h,
                &r,
                d("2026-02-01")
            )
            .is_none()
        );
    }
}
