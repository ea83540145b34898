use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub state_code: String,
    pub timezone: String,
    /// JSON of `crate::program::rules::ProgramRules`.
    pub rules: String,
    pub created_at: DateTimeUtc,
}

impl Model {
    /// The program's time zone: visit times, due dates and "today" are the program's. One
    /// fallback for a name that does not parse, so staff, family pages and calendar feeds
    /// never disagree about what day it is.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone
            .parse()
            .unwrap_or(chrono_tz::America::New_York)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

#[cfg(test)]
mod tests {
    #[test]
    fn a_time_zone_that_does_not_parse_falls_back_to_one_zone_everywhere() {
        let mut p = super::Model {
            id: 1,
            slug: "p".into(),
            name: "P".into(),
            state_code: "CO".into(),
            timezone: "America/Denver".into(),
            rules: "{}".into(),
            created_at: chrono::Utc::now(),
        };
        assert_eq!(p.tz(), chrono_tz::America::Denver);
        p.timezone = "Mars/Olympus".into();
        assert_eq!(p.tz(), chrono_tz::America::New_York);
    }
}
