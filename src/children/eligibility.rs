//! Eligibility from evaluation results under the program's configured rule (303.321).
//! The computed decision is a proposal the team confirms; the reason is always shown.
use crate::entities::Choice;
use crate::{entities::evaluation_result::DevelopmentalDomain, program::rules::EligibilityRule};

/// One area's result. Either measure may be missing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AreaResult {
    pub domain: DevelopmentalDomain,
    /// Percent delay, 0–100.
    pub percent_delay: Option<f64>,
    /// Standard deviations from the mean; below the mean is negative (−1.5).
    pub sd: Option<f64>,
}

/// Percent delay = (chronological age − developmental age) / chronological age, in percent,
/// never below zero. `None` when the age is zero months.
pub fn percent_delay(age_months: u32, developmental_months: u32) -> Option<f64> {
    if age_months == 0 {
        return None;
    }
    let pct =
        (f64::from(age_months) - f64::from(developmental_months)) / f64::from(age_months) * 100.0;
    Some((pct.max(0.0) * 10.0).round() / 10.0)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub eligible: bool,
    /// Why, in words for the team and the prior written notice.
    pub reasons: Vec<String>,
}

pub fn decide(
    rule: &EligibilityRule,
    results: &[AreaResult],
    diagnosed_condition: Option<&str>,
    informed_clinical_opinion: bool,
) -> Decision {
    let mut reasons = Vec::new();
    let meets = |r: &AreaResult, pct: Option<f64>, sd: Option<f64>| {
        pct.zip(r.percent_delay).is_some_and(|(t, v)| v >= t)
            || sd.zip(r.sd).is_some_and(|(t, v)| v <= -t)
    };
    let describe = |r: &AreaResult| {
        let mut parts = Vec::new();
        if let Some(p) = r.percent_delay {
            parts.push(format!("{p}% delay"));
        }
        if let Some(s) = r.sd {
            parts.push(format!("{s} SD"));
        }
        format!("{} ({})", r.domain.label(), parts.join(", "))
    };

    let one: Vec<_> = results
        .iter()
        .filter(|r| meets(r, rule.percent_one_area, rule.sd_one_area))
        .collect();
    if !one.is_empty() {
        let threshold = threshold_words(rule.percent_one_area, rule.sd_one_area);
        for r in &one {
            reasons.push(format!(
                "{} meets the one-area criterion ({threshold})",
                describe(r)
            ));
        }
    }
    if rule.percent_two_areas.is_some() || rule.sd_two_areas.is_some() {
        let two: Vec<_> = results
            .iter()
            .filter(|r| meets(r, rule.percent_two_areas, rule.sd_two_areas))
            .collect();
        if two.len() >= 2 {
            let names: Vec<_> = two.iter().map(|r| describe(r)).collect();
            reasons.push(format!(
                "Delay in two or more areas ({}) meets the two-area criterion ({})",
                names.join("; "),
                threshold_words(rule.percent_two_areas, rule.sd_two_areas)
            ));
        }
    }
    if let Some(c) = diagnosed_condition.map(str::trim).filter(|c| !c.is_empty())
        && rule.diagnosed_condition_qualifies
    {
        let folded = c.to_lowercase();
        let listed = rule.qualifying_conditions.is_empty()
            || rule
                .qualifying_conditions
                .iter()
                .any(|q| !q.trim().is_empty() && folded.contains(&q.trim().to_lowercase()));
        if listed {
            reasons.push(format!(
                "Diagnosed condition with a high probability of delay: {c}"
            ));
        }
    }
    if informed_clinical_opinion && rule.informed_clinical_opinion_qualifies {
        reasons.push("Informed clinical opinion of the evaluation team".to_owned());
    }
    let eligible = !reasons.is_empty();
    if !eligible {
        reasons.push(format!(
            "No area meets the program's criteria ({}), and no qualifying diagnosis or clinical opinion is recorded",
            threshold_words(rule.percent_one_area, rule.sd_one_area)
        ));
    }
    Decision { eligible, reasons }
}

fn threshold_words(pct: Option<f64>, sd: Option<f64>) -> String {
    match (pct, sd) {
        (Some(p), Some(s)) => format!("{p}% delay or {s} SD below the mean"),
        (Some(p), None) => format!("{p}% delay"),
        (None, Some(s)) => format!("{s} SD below the mean"),
        (None, None) => "no threshold set".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(domain: DevelopmentalDomain, pct: Option<f64>, sd: Option<f64>) -> AreaResult {
        AreaResult {
            domain,
            percent_delay: pct,
            sd,
        }
    }

    fn ny() -> EligibilityRule {
        EligibilityRule {
            percent_one_area: Some(33.0),
            percent_two_areas: Some(25.0),
            sd_one_area: Some(2.0),
            sd_two_areas: Some(1.5),
            ..Default::default()
        }
    }

    #[test]
    fn percent_delay_from_ages() {
        assert_eq!(percent_delay(24, 18), Some(25.0));
        assert_eq!(percent_delay(18, 12), Some(33.3));
        assert_eq!(percent_delay(12, 14), Some(0.0));
        assert_eq!(percent_delay(0, 0), None);
    }

    #[test]
    fn pennsylvania_one_area_by_percent_or_sd() {
        let pa = EligibilityRule::default();
        let cases = [
            (
                vec![area(DevelopmentalDomain::Communication, Some(25.0), None)],
                true,
            ),
            (
                vec![area(DevelopmentalDomain::Communication, Some(24.9), None)],
                false,
            ),
            (
                vec![area(DevelopmentalDomain::Physical, None, Some(-1.5))],
                true,
            ),
            (
                vec![area(DevelopmentalDomain::Physical, None, Some(-1.4))],
                false,
            ),
            (
                vec![area(DevelopmentalDomain::Adaptive, Some(10.0), Some(-1.6))],
                true,
            ),
        ];
        for (results, eligible) in cases {
            assert_eq!(
                decide(&pa, &results, None, false).eligible,
                eligible,
                "{results:?}"
            );
        }
    }

    #[test]
    fn new_york_one_area_or_two_areas() {
        let two_at_25 = [
            area(DevelopmentalDomain::Communication, Some(25.0), None),
            area(DevelopmentalDomain::Adaptive, Some(26.0), None),
        ];
        let d = decide(&ny(), &two_at_25, None, false);
        assert!(d.eligible);
        assert!(d.reasons[0].contains("two-area"), "{:?}", d.reasons);
        assert!(!decide(&ny(), &two_at_25[..1], None, false).eligible);
        assert!(
            decide(
                &ny(),
                &[area(DevelopmentalDomain::Cognitive, Some(33.0), None)],
                None,
                false
            )
            .eligible
        );
        let sds = [
            area(DevelopmentalDomain::Cognitive, None, Some(-1.5)),
            area(DevelopmentalDomain::Physical, None, Some(-1.5)),
        ];
        assert!(decide(&ny(), &sds, None, false).eligible);
        assert!(!decide(&ny(), &sds[..1], None, false).eligible);
    }

    #[test]
    fn diagnosis_and_clinical_opinion_qualify_only_when_the_rule_says_so() {
        let mut rule = EligibilityRule::default();
        assert!(decide(&rule, &[], Some("Down syndrome"), false).eligible);
        assert!(decide(&rule, &[], None, true).eligible);
        assert!(!decide(&rule, &[], Some("  "), false).eligible);
        rule.diagnosed_condition_qualifies = false;
        rule.informed_clinical_opinion_qualifies = false;
        let d = decide(&rule, &[], Some("Down syndrome"), true);
        assert!(!d.eligible);
        assert!(d.reasons[0].starts_with("No area meets"));
    }

    #[test]
    fn a_configured_diagnosis_list_limits_which_conditions_qualify() {
        let rule = EligibilityRule {
            qualifying_conditions: vec!["Down syndrome".into(), "cerebral palsy".into()],
            ..Default::default()
        };
        assert!(decide(&rule, &[], Some("Trisomy 21 (Down Syndrome)"), false).eligible);
        assert!(decide(&rule, &[], Some("Spastic cerebral palsy"), false).eligible);
        assert!(!decide(&rule, &[], Some("Plagiocephaly"), false).eligible);
    }

    #[test]
    fn missouri_fifty_percent_is_configuration_not_code() {
        let mo = EligibilityRule {
            percent_one_area: Some(50.0),
            sd_one_area: None,
            ..Default::default()
        };
        assert!(
            !decide(
                &mo,
                &[area(
                    DevelopmentalDomain::Communication,
                    Some(40.0),
                    Some(-3.0)
                )],
                None,
                false
            )
            .eligible
        );
        assert!(
            decide(
                &mo,
                &[area(DevelopmentalDomain::Communication, Some(50.0), None)],
                None,
                false
            )
            .eligible
        );
    }
}
