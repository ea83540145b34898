//! One date and time style for staff pages: "2 Dec 2026", "Wed 2 Dec 2026" where the weekday
//! matters (deadlines, the agenda), and moments ("2 Dec 2026, 12:05") in the program's time
//! zone, never UTC: a coordinator in Ohio reading "17:05 UTC" has to do sums. Family letters
//! and agency documents spell the month out and go through the i18n catalogue instead.
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

pub fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

pub fn day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

pub fn time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A stored instant (always UTC in the database) as the program's local date and time.
pub fn moment(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%-d %b %Y, %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn moments_are_local_to_the_program_on_both_sides_of_a_clock_change() {
        let ny: Tz = "America/New_York".parse().unwrap();
        // Summer: UTC-4. Winter: UTC-5. Just after midnight UTC is still the day before.
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 16, 5, 0).unwrap();
        let winter = Utc.with_ymd_and_hms(2026, 12, 2, 3, 30, 0).unwrap();
        assert_eq!(moment(summer, ny), "1 Jul 2026, 12:05");
        assert_eq!(moment(winter, ny), "1 Dec 2026, 22:30");
        let d = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(date(d), "29 Feb 2028");
        assert_eq!(day(d), "Tue 29 Feb 2028");
    }
}
