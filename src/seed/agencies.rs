//! Demo agencies for Riverbend: the school district serving the county, the state education
//! agency, Head Start, a child-care centre and a paediatric practice.
use crate::entities::agency;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// (name, kind, area, contact, e-mail, phone, channel)
const AGENCIES: [(&str, &str, &str, &str, &str, &str, &str); 5] = [
    (
        "Riverbend Area School District — Early Childhood Special Education",
        "lea",
        "Riverbend",
        "Dana Ortiz, preschool intake",
        "preschool-intake@rasd.example",
        "555-0140",
        "email",
    ),
    (
        "State Department of Education — Bureau of Special Education",
        "sea",
        "",
        "Part B notification desk",
        "partb-notify@education.state.example",
        "555-0100",
        "email",
    ),
    (
        "Riverbend Head Start",
        "head_start",
        "Riverbend",
        "Enrollment office",
        "enroll@riverbendheadstart.example",
        "555-0155",
        "email",
    ),
    (
        "Little Acorns Child Care",
        "child_care",
        "Riverbend",
        "Director",
        "hello@littleacorns.example",
        "555-0166",
        "phone",
    ),
    (
        "Riverbend Pediatrics",
        "medical_home",
        "Riverbend",
        "Care coordinator",
        "care@riverbendpeds.example",
        "555-0177",
        "fax",
    ),
];

pub async fn seed(db: &impl ConnectionTrait, program_id: i32) -> Result<(), DbErr> {
    let now = Utc::now();
    for (name, kind, area, contact, email, phone, channel) in AGENCIES {
        agency::ActiveModel {
            program_id: Set(program_id),
            name: Set(name.into()),
            kind: Set(kind.into()),
            service_area: Set(area.into()),
            contact_name: Set(contact.into()),
            email: Set(email.into()),
            phone: Set(phone.into()),
            fax: Set(if channel == "fax" {
                "555-0178".into()
            } else {
                String::new()
            }),
            address: Set("100 Main Street\nRiverbend".into()),
            preferred_channel: Set(channel.into()),
            active: Set(true),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
