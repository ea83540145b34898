//! Demo agencies for Riverbend: the school district serving the county, the state education
//! agency, Head Start, a child-care centre and a paediatric practice.
use crate::entities::agency::{self, Channel, Kind};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// (name, kind, area, contact, e-mail, phone, channel)
const AGENCIES: [(&str, Kind, &str, &str, &str, &str, Channel); 5] = [
    (
        "Riverbend Area School District — Early Childhood Special Education",
        Kind::Lea,
        "Riverbend",
        "Dana Ortiz, preschool intake",
        "preschool-intake@rasd.example",
        "555-0140",
        Channel::Email,
    ),
    (
        "State Department of Education — Bureau of Special Education",
        Kind::Sea,
        "",
        "Part B notification desk",
        "partb-notify@education.state.example",
        "555-0100",
        Channel::Email,
    ),
    (
        "Riverbend Head Start",
        Kind::HeadStart,
        "Riverbend",
        "Enrollment office",
        "enroll@riverbendheadstart.example",
        "555-0155",
        Channel::Email,
    ),
    (
        "Little Acorns Child Care",
        Kind::ChildCare,
        "Riverbend",
        "Director",
        "hello@littleacorns.example",
        "555-0166",
        Channel::Phone,
    ),
    (
        "Riverbend Pediatrics",
        Kind::MedicalHome,
        "Riverbend",
        "Care coordinator",
        "care@riverbendpeds.example",
        "555-0177",
        Channel::Fax,
    ),
];

pub async fn seed(db: &impl ConnectionTrait, program_id: i32) -> Result<(), DbErr> {
    let now = Utc::now();
    for (name, kind, area, contact, email, phone, channel) in AGENCIES {
        agency::ActiveModel {
            program_id: Set(program_id),
            name: Set(name.into()),
            kind: Set(kind),
            service_area: Set(area.into()),
            contact_name: Set(contact.into()),
            email: Set(email.into()),
            phone: Set(phone.into()),
            fax: Set(if channel == Channel::Fax {
                "555-0178".into()
            } else {
                String::new()
            }),
            address: Set("100 Main Street\nRiverbend".into()),
            preferred_channel: Set(channel),
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
