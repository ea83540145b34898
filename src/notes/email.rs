//! The coaching-note e-mail, in the family's language: maud HTML with inline styles (mail
//! clients drop stylesheets), readable on a phone, no images and nothing that tracks
//! opening; and the same words as plain text.
use crate::i18n::Lang;
use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, html};

pub struct NoteMail<'a> {
    pub lang: Lang,
    pub caregiver: &'a str,
    pub child_first: &'a str,
    pub visit_on: NaiveDate,
    pub body: &'a str,
    /// (title, summary) in the note's language.
    pub activities: &'a [(String, String)],
    pub next_visit: Option<&'a super::model::NextVisit>,
    pub provider: &'a str,
    pub program: &'a str,
    /// The person a reply to this e-mail reaches, if the program allows replies.
    pub replies_reach: Option<&'a str>,
    /// The family link (or a placeholder in the preview).
    pub link: &'a str,
    pub prefs: &'a str,
    pub link_days: i64,
}

const WRAP: &str = "max-width:600px;margin:0 auto;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2933;background:#ffffff";
const H2: &str = "font-size:18px;margin:24px 0 8px;color:#1f2933";
const BUTTON: &str = "display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold";
const SMALL: &str = "font-size:14px;color:#52606d";

impl NoteMail<'_> {
    pub fn subject(&self) -> String {
        self.lang.tr(
            "email.subject",
            &[
                ("child", self.child_first),
                ("date", &self.lang.date(self.visit_on)),
            ],
        )
    }

    fn intro(&self) -> String {
        self.lang.tr(
            "email.intro",
            &[
                ("child", self.child_first),
                ("date", &self.lang.date(self.visit_on)),
            ],
        )
    }

    fn hint(&self) -> String {
        self.lang
            .tr("email.open_hint", &[("days", &self.link_days.to_string())])
    }

    fn signature(&self) -> String {
        self.lang.tr(
            "email.signature",
            &[("provider", self.provider), ("program", self.program)],
        )
    }

    /// Why they get this, and how to ask a question: by replying only where a reply reaches
    /// someone.
    fn why(&self) -> String {
        match self.replies_reach {
            Some(name) => self.lang.tr("email.why_reply", &[("name", name)]),
            None => self.lang.t("email.why"),
        }
    }

    fn next(&self) -> String {
        match self.next_visit {
            Some(n) => match &n.link {
                Some(link) => format!(
                    "{} {}",
                    n.describe(self.lang),
                    self.lang.tr("visit.video_link", &[("link", link)])
                ),
                None => n.describe(self.lang),
            },
            None => self.lang.t("email.next_visit_none"),
        }
    }

    pub fn html(&self) -> String {
        let l = self.lang;
        let page: Markup = html! {
            (DOCTYPE)
            html lang=(l.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.subject()) }
                }
                body style="margin:0;background:#f5f7fa" {
                    div style=(WRAP) {
                        p { (l.tr("email.greeting", &[("name", self.caregiver)])) }
                        p { (self.intro()) }
                        @for para in self.body.split("\n\n").filter(|p| !p.trim().is_empty()) {
                            p {
                                @for (i, line) in para.lines().enumerate() {
                                    @if i > 0 { br; }
                                    (line)
                                }
                            }
                        }
                        @if !self.activities.is_empty() {
                            h2 style=(H2) { (l.t("email.activities")) }
                            ul style="padding-left:20px" {
                                @for (title, summary) in self.activities {
                                    li style="margin-bottom:8px" { strong { (title) } @if !summary.is_empty() { br; (summary) } }
                                }
                            }
                        }
                        h2 style=(H2) { (l.t("email.next_visit")) }
                        p { (self.next()) }
                        p style="margin:24px 0" { a href=(self.link) style=(BUTTON) { (l.t("email.open")) } }
                        p style=(SMALL) { (self.hint()) }
                        p { (self.signature()) }
                        hr style="border:none;border-top:1px solid #d9e2ec;margin:24px 0";
                        p style=(SMALL) { (self.why()) }
                        p style=(SMALL) { a href=(self.prefs) style="color:#1d4ed8" { (l.t("email.prefs")) } }
                    }
                }
            }
        };
        page.into_string()
    }

    pub fn text(&self) -> String {
        let l = self.lang;
        let mut out = format!(
            "{}\n\n{}\n\n{}\n",
            l.tr("email.greeting", &[("name", self.caregiver)]),
            self.intro(),
            self.body.trim()
        );
        if !self.activities.is_empty() {
            out.push_str(&format!("\n{}\n", l.t("email.activities")));
            for (title, summary) in self.activities {
                out.push_str(&format!("- {title}"));
                if !summary.is_empty() {
                    out.push_str(&format!(": {summary}"));
                }
                out.push('\n');
            }
        }
        out.push_str(&format!(
            "\n{}: {}\n\n{}:\n{}\n{}\n\n{}\n\n-- \n{}\n{}:\n{}\n",
            l.t("email.next_visit"),
            self.next(),
            l.t("email.open"),
            self.link,
            self.hint(),
            self.signature(),
            self.why(),
            l.t("email.prefs"),
            self.prefs,
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::{NextVisit, NextWhen};

    fn mail(lang: Lang) -> NoteMail<'static> {
        NoteMail {
            lang,
            caregiver: "María López",
            child_first: "Sofía",
            visit_on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            body: "Practicamos <pedir> más.\nCon señas.\n\nPlan: en la comida.",
            activities: &[],
            next_visit: Some(Box::leak(Box::new(NextVisit {
                when: NextWhen::At(
                    NaiveDate::from_ymd_opt(2026, 11, 30)
                        .unwrap()
                        .and_hms_opt(10, 0, 0)
                        .unwrap(),
                ),
                provider: "Priya Raman".into(),
                link: None,
            }))),
            provider: "Priya Raman",
            program: "Riverbend EI",
            replies_reach: None,
            link: "https://ei.example/family/open/abc",
            prefs: "https://ei.example/family/open/abc?then=preferences",
            link_days: 30,
        }
    }

    #[test]
    fn spanish_note_in_both_parts_with_no_tracking() {
        let m = mail(Lang::Es);
        assert_eq!(
            m.subject(),
            "Nota de la visita de Sofía, lunes 23 de noviembre de 2026"
        );
        let html = m.html();
        assert!(html.contains("lang=\"es\""));
        assert!(html.contains("Hola, María López:"));
        assert!(
            html.contains("Practicamos &lt;pedir&gt; más.<br>Con señas."),
            "{html}"
        );
        assert!(html.contains("lunes 30 de noviembre de 2026, 10:00, con Priya Raman"));
        assert!(html.contains("href=\"https://ei.example/family/open/abc\""));
        assert!(!html.contains("<img"), "no images, so no tracking pixels");
        let text = m.text();
        assert!(
            text.contains("Próxima visita: lunes 30 de noviembre de 2026, 10:00, con Priya Raman")
        );
        assert!(text.contains("https://ei.example/family/open/abc?then=preferences"));
    }

    #[test]
    fn english_next_visit_says_when_and_with_whom() {
        let text = mail(Lang::En).text();
        assert!(
            text.contains("Next visit: Monday, November 30, 2026, 10:00 AM, with Priya Raman"),
            "{text}"
        );
        let mut m = mail(Lang::En);
        let written = NextVisit {
            when: NextWhen::On(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()),
            provider: "Priya Raman".into(),
            link: None,
        };
        m.next_visit = Some(Box::leak(Box::new(written)));
        assert!(
            m.text()
                .contains("Next visit: Monday, December 7, 2026, with Priya Raman")
        );
    }

    #[test]
    fn english_note_without_a_next_visit_says_so() {
        let mut m = mail(Lang::En);
        m.next_visit = None;
        assert!(
            m.text()
                .contains("Next visit: We will be in touch to set the next visit.")
        );
        assert!(
            m.subject()
                .starts_with("Coaching note for Sofía, Monday, November 23, 2026")
        );
    }
}
