//! Issue #15: referrals imported from a spreadsheet. Upload, match the columns, preview every
//! row through the intake's own parse and duplicate check, then commit all or nothing; a
//! second commit creates nothing; the staged file is its uploader's alone.
use crate::support::*;
use hearth::entities::child;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const HEADER: &str = "Nombre;Apellido;Fecha de nacimiento;Referral date;Referred by;Reason;Parent;Relationship;Phone;Language";

/// The columns as the header above numbers them, chosen for each intake field.
const MAPPING: &[(&str, &str)] = &[
    ("first_name", "0"),
    ("last_name", "1"),
    ("date_of_birth", "2"),
    ("received_on", "3"),
    ("source", "4"),
    ("concerns", "5"),
    ("caregiver_name", "6"),
    ("relationship", "7"),
    ("phone", "8"),
    ("language", "9"),
];

fn good_rows(dob: &str, received: &str) -> Vec<String> {
    vec![
        format!(
            "Amara;Quill;{dob};{received};Physician;Not yet sitting;Rosa Quill;Mother;555-301-0001;Spanish"
        ),
        format!(
            "Bastian;Quill-Ortiz;{dob};{received};Parent;Few words at 18 months;Luis Ortiz;Father;555-301-0002;English"
        ),
        format!(
            "Celeste;Marrow;{dob};{received};physician;\"Feeding; low weight\";Ines Marrow;mother;555-301-0003;es"
        ),
    ]
}

/// A line naming a child already on file (same name and date of birth), another family's
/// phone.
fn duplicate_row(kid: &child::Model, received: &str) -> String {
    format!(
        "{};{};{};{received};Physician;Re-referred by the clinic;Sam Doe;Guardian;555-301-0009;English",
        kid.first_name, kid.last_name, kid.date_of_birth
    )
}

fn file(rows: &[String]) -> String {
    format!("\u{feff}{HEADER}\n{}\n", rows.join("\n"))
}

/// A child of the coordinator's program young enough to be referred again.
async fn young_child_on_file(app: &TestApp) -> child::Model {
    let me = hearth::entities::user::Entity::find_by_id(app.user_id(COORDINATOR).await)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    child::Entity::find()
        .filter(child::Column::ProgramId.eq(me.program_id))
        .filter(child::Column::DateOfBirth.gt(today() - chrono::Duration::days(800)))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo has a child under three")
}

async fn children(app: &TestApp) -> u64 {
    child::Entity::find().count(&app.db).await.unwrap()
}

/// Uploads `csv` and answers the staged file's path.
async fn upload(b: &Browser, csv: &str) -> String {
    let res = b.post("/referral-imports", &[("csv", csv)]).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    location(&res)
}

async fn map(b: &Browser, path: &str) {
    let res = b.post(path, MAPPING).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("{path}/preview"));
}

#[tokio::test]
async fn a_spreadsheet_is_previewed_with_its_errors_and_committed_once() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let coord_id = app.user_id(COORDINATOR).await;
    let on_file = young_child_on_file(&app).await;
    let (dob, received) = (ago(400), ago(5));
    let mut rows = good_rows(&dob, &received);
    rows.insert(
        2,
        format!("Dario;Fenn;2025-02-30;{received};Physician;Not walking;Ana Fenn;Mother;555-301-0004;English"),
    );
    rows.push(duplicate_row(&on_file, &received));
    let before = children(&app).await;
    let referred = app.audit_rows("child.referred").await.len();

    // Upload: the columns are guessed from the names, in Spanish or English.
    let path = upload(&coord, &file(&rows)).await;
    let (status, html) = coord.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    for (field, col) in MAPPING {
        let chosen = first_attr(&html, &format!("#f-{field} option[selected]"), "value");
        assert_eq!(chosen.as_deref(), Some(*col), "{field}");
    }
    assert_eq!(
        first_attr(&html, "#f-email option[selected]", "value"),
        None,
        "not in this file"
    );

    // A required field left out and a column chosen twice are named next to the field.
    let mut wrong: Vec<(&str, &str)> = MAPPING.to_vec();
    wrong[0] = ("first_name", "");
    wrong[1] = ("last_name", "0");
    wrong.push(("city", "0"));
    let res = coord.post(&path, &wrong).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-first_name-error"),
        ["Error: Choose the column that holds the child's first name; every referral needs it."]
    );
    assert_eq!(
        texts(&html, "#f-city-error"),
        [
            "Error: The column “Nombre” is already chosen for child's last name; choose each column once."
        ]
    );
    map(&coord, &path).await;

    // Preview: exactly the bad date and the duplicate; nothing written.
    let (status, html) = coord.page(&format!("{path}/preview")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&html, "tr.has-error th"), ["4"]);
    assert_eq!(
        texts(&html, "tr.has-error td.has-error p.error"),
        ["Error: Enter the child's date of birth as a real date, like 2026-03-14."]
    );
    assert_eq!(texts(&html, "tr.is-duplicate th"), ["6"]);
    assert_eq!(
        texts(&html, "tr.is-duplicate li"),
        [format!(
            "Same name and date of birth as {}",
            on_file.full_name()
        )]
    );
    // The rows are a list of records: stacked cards on a phone, in a named region.
    assert!(html.contains(r#"class="table-wrap cards" tabindex="0" role="region" aria-label="#));
    assert_eq!(children(&app).await, before);

    // Commit is refused while a row has an error, and the preview is shown again.
    let res = coord
        .post(&format!("{path}/commit"), &[("include", "6")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Nothing was imported: 1 row has problems."),
        "{html}"
    );
    assert_eq!(children(&app).await, before);

    // The file fixed (the bad row removed): the three new children; the duplicate left out.
    let mut fixed = good_rows(&dob, &received);
    fixed.push(duplicate_row(&on_file, &received));
    let path = upload(&coord, &file(&fixed)).await;
    map(&coord, &path).await;
    let res = coord.post(&format!("{path}/commit"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("{path}/result"));
    assert_eq!(children(&app).await, before + 3);
    assert_eq!(app.audit_rows("child.referred").await.len(), referred + 3);
    assert_eq!(app.audit_rows("referral_import.committed").await.len(), 1);
    let amara = child_named(&app, "Amara").await;
    assert_eq!(amara.date_of_birth.to_string(), dob);
    assert_eq!(
        amara.coordinator_id,
        Some(coord_id),
        "on the coordinator's caseload"
    );
    let (status, html) = coord.page(&format!("{path}/result")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        texts(&html, "ul.imported a"),
        ["Amara Quill", "Bastian Quill-Ortiz", "Celeste Marrow"]
    );
    assert_eq!(
        first_attr(&html, "ul.imported a", "href"),
        Some(format!("/children/{}", amara.id))
    );

    // The same commit again (a double click, the back button; even with every row ticked,
    // now that all are on file): nothing more.
    let all = [
        ("include", "2"),
        ("include", "3"),
        ("include", "4"),
        ("include", "5"),
    ];
    let res = coord.post(&format!("{path}/commit"), &all).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("{path}/result"));
    assert_eq!(children(&app).await, before + 3);
    assert_eq!(app.audit_rows("referral_import.committed").await.len(), 1);
    let (_, html) = coord.page(&format!("{path}/preview")).await;
    assert!(html.is_empty() || !html.contains("Import the referrals"));

    // The duplicate, ticked, is imported: the fourth.
    let path = upload(&coord, &file(&[duplicate_row(&on_file, &received)])).await;
    map(&coord, &path).await;
    let res = coord
        .post(&format!("{path}/commit"), &[("include", "2")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(children(&app).await, before + 4);
    assert_eq!(
        child::Entity::find()
            .filter(child::Column::FirstName.eq(on_file.first_name.clone()))
            .filter(child::Column::DateOfBirth.eq(on_file.date_of_birth))
            .count(&app.db)
            .await
            .unwrap(),
        2
    );
}

#[tokio::test]
async fn the_staged_file_is_the_uploaders_alone_and_providers_are_refused() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let (dob, received) = (ago(400), ago(5));
    let path = upload(&coord, &file(&good_rows(&dob, &received))).await;
    map(&coord, &path).await;

    let provider = app.signed_in(PROVIDER).await;
    assert_eq!(
        provider.page("/referral-imports").await.0,
        StatusCode::FORBIDDEN
    );
    let res = provider
        .post(
            "/referral-imports",
            &[("csv", &file(&good_rows(&dob, &received)))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(provider.page(&path).await.0, StatusCode::FORBIDDEN);

    let before = children(&app).await;
    for who in [OTHER_ADMIN, "coordinator2@riverbend.example", SUPERVISOR] {
        let b = app.signed_in(who).await;
        for page in [
            path.clone(),
            format!("{path}/preview"),
            format!("{path}/result"),
        ] {
            let (status, html) = b.page(&page).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who} {page}");
            assert!(!html.contains("Amara"), "{who} {page}");
        }
        let res = b.post(&format!("{path}/commit"), &[]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{who}");
        let res = b.post(&path, MAPPING).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{who}");
    }
    assert_eq!(children(&app).await, before);

    // Too large, or not a table: a message next to the field, nothing staged.
    let big = format!("{HEADER}\n{}", "x".repeat(60_001));
    let res = coord.post("/referral-imports", &[("csv", &big)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        texts(&html, "#f-csv-error")[0].contains("at most 60000"),
        "{html}"
    );
    let res = coord.post("/referral-imports", &[("csv", HEADER)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-csv-error"),
        ["Error: The file has a header line but no referrals under it."]
    );
    assert_eq!(texts(&html, "#f-csv"), [HEADER]);
}

#[tokio::test]
async fn the_same_caregiver_phone_in_the_file_or_on_file_is_a_likely_duplicate() {
    let app = TestApp::spawn().await;
    let coord = app.signed_in(COORDINATOR).await;
    let (dob, received) = (ago(300), ago(3));
    // A family already on file, entered through the intake form.
    let res = coord
        .post(
            "/children",
            &[
                ("first_name", "Odile"),
                ("last_name", "Penn"),
                ("date_of_birth", &dob),
                ("received_on", &received),
                ("source", "parent"),
                ("concerns", "Not babbling"),
                ("caregiver_name", "Mara Penn"),
                ("relationship", "mother"),
                ("phone", "(555) 777-1212"),
                ("preferred_contact", "phone"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let rows = [
        format!(
            "Pia;Lund;{dob};{received};Parent;Late to walk;Eva Lund;Mother;555.777.1212;English"
        ),
        format!(
            "Rafe;Stone;{dob};{received};Parent;Few words;Ann Stone;Mother;555-444-0000;English"
        ),
        format!("Sol;Stone;{dob};{received};Parent;Few words;Ann Stone;Mother;5554440000;English"),
    ];
    let path = upload(&coord, &file(&rows)).await;
    map(&coord, &path).await;
    let (status, html) = coord.page(&format!("{path}/preview")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&html, "tr.is-duplicate th"), ["2", "4"]);
    assert_eq!(
        texts(&html, "tr.is-duplicate li"),
        [
            "Same caregiver phone as the family of Odile Penn",
            "Same child or caregiver phone as line 3 of this file"
        ]
    );
    assert_eq!(texts(&html, "tr.has-error th"), Vec::<String>::new());
}
