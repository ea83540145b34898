//! The HTML document every staff page is drawn in: the head (title, stylesheet, icon) and,
//! for pages without a signed-in user (sign-in, errors), the bare body.
//!
//! It sits just above the assets and below everything else that renders, so the error page
//! (which the lowest web modules answer with) and the signed-in layout in `views` share one
//! document without the error type depending on the layout.
use crate::assets;
use maud::{DOCTYPE, Markup, html};

pub fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · Hearth" }
            link rel="stylesheet" href=(assets::url("css/app.css"));
            link rel="icon" href=(assets::url("img/icon.svg")) type="image/svg+xml";
            link rel="manifest" href=(assets::url("manifest.webmanifest"));
            link rel="apple-touch-icon" href=(assets::url("img/icon-192.png"));
            meta name="theme-color" content="#7a3b1d";
        }
    }
}

/// A page with no signed-in user: sign-in, error pages.
pub fn bare(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body class="bare" {
                a class="skip-link" href="#main" { "Skip to main content" }
                header class="site-header" {
                    div class="brand" { a href="/" { "Hearth" } }
                }
                main id="main" tabindex="-1" { (body) }
            }
        }
    }
}
