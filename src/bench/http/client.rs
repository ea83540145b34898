//! A small HTTP/1.1 client for the benchmark: one keep-alive connection per load task, over
//! hyper's connection API, so a request costs the client as little as it can.
use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, StatusCode, client::conn::http1::SendRequest, header};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;

/// What a load task sends, again and again.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: &'static str,
    pub path: String,
    pub cookie: String,
    pub body: Option<String>,
}

impl Call {
    pub fn get(path: impl Into<String>, cookie: &str) -> Self {
        Call {
            method: "GET",
            path: path.into(),
            cookie: cookie.to_owned(),
            body: None,
        }
    }

    pub fn post(path: impl Into<String>, cookie: &str, body: String) -> Self {
        Call {
            method: "POST",
            path: path.into(),
            cookie: cookie.to_owned(),
            body: Some(body),
        }
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub set_cookies: Vec<String>,
    pub body: Bytes,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// `name=value` of a cookie this answer set.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies
            .iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .and_then(|c| c.split(';').next())
            .map(str::to_owned)
    }
}

/// One keep-alive connection; reconnects when the server closed it.
pub struct Conn {
    addr: SocketAddr,
    send: Option<SendRequest<Full<Bytes>>>,
}

impl Conn {
    pub fn new(addr: SocketAddr) -> Self {
        Conn { addr, send: None }
    }

    async fn sender(&mut self) -> anyhow::Result<&mut SendRequest<Full<Bytes>>> {
        let usable = match self.send.as_mut() {
            Some(s) => s.ready().await.is_ok(),
            None => false,
        };
        if !usable {
            let stream = tokio::net::TcpStream::connect(self.addr).await?;
            stream.set_nodelay(true)?;
            let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(conn);
            self.send = Some(send);
        }
        self.send.as_mut().context("connection")
    }

    pub async fn call(&mut self, c: &Call) -> anyhow::Result<Answer> {
        let origin = format!("http://{}", self.addr);
        let mut req = Request::builder()
            .method(c.method)
            .uri(&c.path)
            .header(header::HOST, self.addr.to_string());
        if !c.cookie.is_empty() {
            req = req.header(header::COOKIE, &c.cookie);
        }
        let body = match &c.body {
            Some(b) => {
                req = req
                    .header(header::ORIGIN, origin)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Full::new(Bytes::from(b.clone()))
            }
            None => Full::new(Bytes::new()),
        };
        let req = req.body(body)?;
        let res = match self.sender().await?.send_request(req).await {
            Ok(r) => r,
            Err(e) => {
                self.send = None;
                return Err(e.into());
            }
        };
        let status = res.status();
        let set_cookies = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let body = res.into_body().collect().await?.to_bytes();
        Ok(Answer {
            status,
            set_cookies,
            body,
        })
    }
}

/// The value of the first `<input name="NAME" value="…">` in a page.
pub fn field(html: &str, name: &str) -> anyhow::Result<String> {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|v| v.replace("&amp;", "&"))
        .with_context(|| format!("no {name} field on the page"))
}

/// The sign-in form's CSRF cookie (`name=value`) and token.
pub async fn login_form(conn: &mut Conn) -> anyhow::Result<(String, String)> {
    let page = conn.call(&Call::get("/login", "")).await?;
    anyhow::ensure!(page.status == 200, "GET /login answered {}", page.status);
    let csrf = page.cookie("hearth_csrf").context("csrf cookie")?;
    Ok((csrf, field(&page.text(), "_csrf")?))
}

pub fn login_body(email: &str, password: &str, token: &str) -> anyhow::Result<String> {
    Ok(serde_urlencoded::to_string([
        ("email", email),
        ("password", password),
        ("_csrf", token),
    ])?)
}

/// Signs in through the real form and returns the cookies a browser would send after it.
pub async fn sign_in(conn: &mut Conn, email: &str, password: &str) -> anyhow::Result<String> {
    let (csrf, token) = login_form(conn).await?;
    let res = conn
        .call(&Call::post(
            "/login",
            &csrf,
            login_body(email, password, &token)?,
        ))
        .await?;
    let session = res
        .cookie("hearth_session")
        .with_context(|| format!("sign-in as {email} answered {}", res.status))?;
    Ok(format!("{csrf}; {session}"))
}
