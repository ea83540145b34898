use sea_orm::entity::prelude::*;

/// A community agency in the program's directory.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub name: String,
    /// lea, sea, head_start, early_head_start, child_care, medical_home, wic, child_welfare, other
    pub kind: String,
    /// Counties or districts served, one per line.
    pub service_area: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub fax: String,
    pub address: String,
    /// email, fax, mail, portal, phone
    pub preferred_channel: String,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    /// Whether the agency serves `area` (a county or district), ignoring case and spacing.
    pub fn serves(&self, area: &str) -> bool {
        let area = area.trim();
        !area.is_empty()
            && self
                .service_area
                .lines()
                .any(|l| l.trim().eq_ignore_ascii_case(area))
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
