//! The child's race/ethnicity (for the 618 tables): optional on the intake and the edit
//! form, one of the federal categories or "not reported"; anything else is a field error.
use crate::clock_helpers::referral_fields;
use crate::support::*;
use hearth::entities::child;
use reqwest::StatusCode;

#[tokio::test]
async fn race_ethnicity_is_optional_on_intake_and_edit_and_only_a_federal_category() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let (dob, received) = (ago(300), ago(10));
    let mut fields = referral_fields("Rosa", &dob, &received);
    fields.push(("race_ethnicity", "martian"));
    // The intake form answers its refusals with 422, like every form.
    let res = coord.post("/children", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        first_attr(&html, "#f-race_ethnicity", "aria-invalid").as_deref(),
        Some("true"),
        "{html}"
    );
    assert_eq!(
        first_attr(&html, "#f-first_name", "value").as_deref(),
        Some("Rosa"),
        "typed text kept"
    );
    fields.pop();
    fields.push(("race_ethnicity", "hispanic_latino"));
    let res = coord.post("/children", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let rosa = child_named(&app, "Rosa").await;
    assert_eq!(
        rosa.race_ethnicity,
        Some(child::RaceEthnicity::HispanicLatino)
    );
    // Without it: stored as nothing (the 618 tables count it as not reported).
    let res = coord
        .post("/children", &referral_fields("Tomas", &ago(200), &ago(3)))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(child_named(&app, "Tomas").await.race_ethnicity, None);

    let path = format!("/children/{}/edit", rosa.id);
    let (_, html) = coord.page(&path).await;
    assert_eq!(
        first_attr(&html, "#f-race_ethnicity option[selected]", "value").as_deref(),
        Some("hispanic_latino")
    );
    let version = rosa.version.to_string();
    let edit = |race: &'static str| {
        vec![
            ("first_name", "Rosa"),
            ("last_name", "Okonkwo"),
            ("date_of_birth", dob.as_str()),
            ("gestational_weeks", ""),
            ("sex", ""),
            ("race_ethnicity", race),
            ("version", version.as_str()),
        ]
    };
    let res = coord.post(&path, &edit("purple")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = coord.post(&path, &edit("two_or_more")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        child_named(&app, "Rosa").await.race_ethnicity,
        Some(child::RaceEthnicity::TwoOrMore)
    );
}
