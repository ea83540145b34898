//! Malformed FHIR referrals: each problem named in an OperationOutcome, nothing created.
use super::*;

/// Each issue as (code, diagnostics, expressions).
fn issues(outcome: &Value) -> Vec<(String, String, Vec<String>)> {
    outcome["issue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let at = i["expression"]
                .as_array()
                .map(|a| a.iter().map(|e| e.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default();
            (
                i["code"].as_str().unwrap().to_owned(),
                i["diagnostics"].as_str().unwrap().to_owned(),
                at,
            )
        })
        .collect()
}

#[tokio::test]
async fn malformed_referrals_get_an_operation_outcome_and_create_nothing() {
    let app = TestApp::spawn().await;
    let token = issue(&app, "supervisor", "write").await;
    let read = issue(&app, "supervisor", "read").await;
    let q = fingerprinter(&app).await;
    // Every table but the tokens' own (each call moves its `last_used_at`).
    let tables = || async {
        let mut f = fingerprint(&app, &q).await;
        f.remove("api_tokens");
        f
    };
    let before = tables().await;
    let refused = |status: StatusCode, ty: &str, outcome: &Value| {
        assert_eq!(
            (status, ty),
            (StatusCode::UNPROCESSABLE_ENTITY, FHIR),
            "{outcome}"
        );
        assert_eq!(outcome["resourceType"], "OperationOutcome");
    };

    // No birth date.
    let mut b = bundle();
    b["entry"][1]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("birthDate");
    let (status, ty, outcome, _) = post(&app, Some(&token), &b.to_string()).await;
    refused(status, &ty, &outcome);
    assert_eq!(
        issues(&outcome),
        vec![(
            "required".to_owned(),
            "Enter the child's date of birth.".to_owned(),
            vec!["Patient.birthDate".to_owned()]
        )]
    );

    // A program that is not this token's.
    let mut b = bundle();
    b["entry"][0]["resource"]["performer"] =
        json!([{ "identifier": { "system": "urn:hearth:program", "value": "lakeside" } }]);
    let (status, ty, outcome, _) = post(&app, Some(&token), &b.to_string()).await;
    refused(status, &ty, &outcome);
    let found = issues(&outcome);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "not-found");
    assert!(
        found[0].1.starts_with("Unknown program 'lakeside'"),
        "{found:?}"
    );
    assert_eq!(found[0].2, vec!["ServiceRequest.performer".to_owned()]);

    // A child past three at the referral date.
    let mut b = bundle();
    b["entry"][1]["resource"]["birthDate"] = json!("2023-05-01");
    let (status, ty, outcome, _) = post(&app, Some(&token), &b.to_string()).await;
    refused(status, &ty, &outcome);
    assert_eq!(
        issues(&outcome),
        vec![(
            "invalid".to_owned(),
            "The child turned three on 2026-05-01; Part C serves children under three.".to_owned(),
            vec![
                "ServiceRequest.authoredOn".to_owned(),
                "Patient.birthDate".to_owned()
            ]
        )]
    );

    // Several problems at once: each named.
    let mut b = bundle();
    let patient = b["entry"][1]["resource"].as_object_mut().unwrap();
    patient.remove("name");
    patient.remove("communication");
    b["entry"][0]["resource"]["reasonCode"] = json!([]);
    b["entry"][0]["resource"]["note"] = json!([]);
    let (status, ty, outcome, _) = post(&app, Some(&token), &b.to_string()).await;
    refused(status, &ty, &outcome);
    let at: Vec<Vec<String>> = issues(&outcome).into_iter().map(|i| i.2).collect();
    for want in [
        "Patient.name.given",
        "Patient.name.family",
        "ServiceRequest.reasonCode",
        "Patient.communication",
    ] {
        assert!(
            at.iter().any(|a| a.iter().any(|e| e == want)),
            "{want}: {outcome}"
        );
    }

    // No Patient, not a FHIR resource, not JSON.
    let mut b = bundle();
    b["entry"].as_array_mut().unwrap().remove(1);
    let (status, ty, outcome, _) = post(&app, Some(&token), &b.to_string()).await;
    refused(status, &ty, &outcome);
    assert_eq!(
        issues(&outcome)[0].2,
        vec!["ServiceRequest.subject".to_owned()]
    );
    let (status, ty, outcome, _) = post(&app, Some(&token), r#"{"resourceType":"Patient"}"#).await;
    refused(status, &ty, &outcome);
    assert_eq!(issues(&outcome)[0].0, "structure");
    let (status, ty, outcome, _) = post(&app, Some(&token), "{not json").await;
    assert_eq!((status, ty.as_str()), (StatusCode::BAD_REQUEST, FHIR));
    assert_eq!(issues(&outcome)[0].0, "structure");

    // No token; a read-only token.
    let body = bundle().to_string();
    let (status, ty, outcome, _) = post(&app, None, &body).await;
    assert_eq!((status, ty.as_str()), (StatusCode::UNAUTHORIZED, FHIR));
    assert_eq!(issues(&outcome)[0].0, "login");
    let (status, _, outcome, _) = post(&app, Some(&read), &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(issues(&outcome)[0].0, "forbidden");

    assert_eq!(tables().await, before, "a refused referral changes nothing");
}
