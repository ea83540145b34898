//! The embedded load generator: for a time window, N tasks each with a keep-alive
//! connection send one page's request again and again; the window's server CPU is read
//! from procfs before and after.
use super::client::{Call, Conn};
use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicI32, Ordering},
    },
    time::{Duration, Instant},
};

/// What a row of the table requests.
#[derive(Clone)]
pub enum Work {
    /// The same request every time; `ok` is the status it must answer.
    Same { call: Call, ok: u16 },
    /// The note form of visit `drafts[i]` saved by writer `i`, each with its own version.
    NoteSave {
        cookie: String,
        csrf: String,
        drafts: Vec<(i32, String, String, String)>,
        versions: Arc<Vec<AtomicI32>>,
    },
}

#[derive(Clone)]
pub struct Page {
    pub name: &'static str,
    pub who: &'static str,
    pub what: String,
    pub baseline: bool,
    pub concurrency: usize,
    pub work: Work,
}

/// What one page did over all its windows.
#[derive(Default)]
pub struct Tally {
    pub requests: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    pub latencies: Vec<Duration>,
    pub wall: Duration,
    pub cpu: Duration,
}

impl Tally {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    /// Server CPU milliseconds per request.
    pub fn cpu_ms(&self) -> f64 {
        self.cpu.as_secs_f64() * 1000.0 / self.requests.max(1) as f64
    }

    pub fn percentile_ms(&mut self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        self.latencies.sort_unstable();
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i].as_secs_f64() * 1000.0
    }
}

struct TaskResult {
    requests: usize,
    errors: usize,
    first_error: Option<String>,
    latencies: Vec<Duration>,
}

async fn task(addr: SocketAddr, work: Work, writer: usize, until: Instant) -> TaskResult {
    let mut conn = Conn::new(addr);
    let mut r = TaskResult {
        requests: 0,
        errors: 0,
        first_error: None,
        latencies: Vec::new(),
    };
    while Instant::now() < until {
        let (call, ok) = match &work {
            Work::Same { call, ok } => (call.clone(), Some(*ok)),
            Work::NoteSave {
                cookie,
                csrf,
                drafts,
                versions,
            } => {
                let (id, date, start, end) = &drafts[writer];
                let version = versions[writer].load(Ordering::Relaxed);
                let tried = format!("Pausing with the cup in view ({})", r.requests);
                let version = version.to_string();
                let body = serde_urlencoded::to_string([
                    ("date", date.as_str()),
                    ("start", start.as_str()),
                    ("end", end.as_str()),
                    ("method", "in_person"),
                    ("location", "home"),
                    ("participants", "Mother and child"),
                    ("tried", tried.as_str()),
                    ("version", version.as_str()),
                    ("intent", "save"),
                    ("_csrf", csrf.as_str()),
                ])
                .unwrap_or_default();
                (Call::post(format!("/visits/{id}"), cookie, body), None)
            }
        };
        let t = Instant::now();
        let answer = conn.call(&call).await;
        r.latencies.push(t.elapsed());
        r.requests += 1;
        let failure = match answer {
            Ok(a) => {
                let s = a.status.as_u16();
                let good = match ok {
                    Some(ok) => s == ok,
                    None => (200..400).contains(&s),
                };
                if good {
                    if let Work::NoteSave { versions, .. } = &work {
                        versions[writer].fetch_add(1, Ordering::Relaxed);
                    }
                    None
                } else {
                    Some(format!("{} {} answered {s}", call.method, call.path))
                }
            }
            Err(e) => Some(format!("{} {}: {e:#}", call.method, call.path)),
        };
        if let Some(f) = failure {
            r.errors += 1;
            r.first_error.get_or_insert(f);
        }
    }
    r
}

/// Drives `page` for `seconds` and adds what happened to `tally` (when given; a warm-up
/// passes none). `cpu` reads the serving process's CPU time.
pub async fn window(
    addr: SocketAddr,
    page: &Page,
    seconds: f64,
    cpu: impl Fn() -> anyhow::Result<Duration>,
    tally: Option<&mut Tally>,
) -> anyhow::Result<()> {
    let cpu_before = cpu()?;
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(seconds);
    let tasks: Vec<_> = (0..page.concurrency)
        .map(|w| tokio::spawn(task(addr, page.work.clone(), w, until)))
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for t in tasks {
        results.push(t.await?);
    }
    let wall = started.elapsed();
    let cpu_after = cpu()?;
    if let Some(tally) = tally {
        tally.wall += wall;
        tally.cpu += cpu_after.saturating_sub(cpu_before);
        for mut r in results {
            tally.requests += r.requests;
            tally.errors += r.errors;
            if tally.first_error.is_none() {
                tally.first_error = r.first_error.take();
            }
            tally.latencies.append(&mut r.latencies);
        }
    }
    Ok(())
}
