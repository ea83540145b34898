//! A real SMTP server for the e-mail tests: `tests/smtp_sink.py` on aiosmtpd, started and
//! stopped by the test. The Python environment is made once per machine (a venv under
//! `target/`, or the interpreter in `HEARTH_TEST_PYTHON`).
use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

fn python() -> PathBuf {
    static PY: OnceLock<PathBuf> = OnceLock::new();
    PY.get_or_init(|| {
        if let Ok(p) = std::env::var("HEARTH_TEST_PYTHON")
            && !p.is_empty()
        {
            return PathBuf::from(p);
        }
        let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/smtp-venv");
        let py = venv.join("bin/python");
        let ready = Command::new(&py)
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        if !ready {
            let ok = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .is_ok_and(|s| s.success())
                && Command::new(&py)
                    .args(["-m", "pip", "install", "--quiet", "aiosmtpd==1.4.6"])
                    .status()
                    .is_ok_and(|s| s.success());
            assert!(ok, "could not install aiosmtpd into {}", venv.display());
        }
        py
    })
    .clone()
}

/// A free loopback port (bound, then released for the server to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct SmtpSink {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: Option<Child>,
}

impl SmtpSink {
    /// A server on a new port.
    pub fn start() -> SmtpSink {
        Self::on(free_port(), false)
    }

    /// A server on `port` (to come back where a stopped one was), stalling if asked.
    pub fn on(port: u16, stall: bool) -> SmtpSink {
        let mut s = SmtpSink {
            port,
            dir: tempfile::tempdir().unwrap(),
            child: None,
        };
        s.run(stall);
        s
    }

    /// The URL Hearth sends to (plain SMTP on loopback).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// (Re)starts the server process on the same port and inbox.
    pub fn run(&mut self, stall: bool) {
        self.stop();
        let mut cmd = Command::new(python());
        cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py"))
            .args(["--port", &self.port.to_string(), "--dir"])
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if stall {
            cmd.arg("--stall");
        }
        self.child = Some(cmd.spawn().expect("start the SMTP server"));
        // Ready when it takes connections, however long Python takes to start.
        let guard = Instant::now() + crate::support::HANG_GUARD;
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < guard, "SMTP server did not start");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Stops the server at once (connections drop, new ones are refused).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<String> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
            .collect()
    }

    /// Waits until at least `n` messages arrived; returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        crate::support::eventually(format!("{n} messages at the SMTP server"), || async {
            let m = self.messages();
            (m.len() >= n).then_some(m)
        })
        .await
    }

    pub fn stalled(&self) -> bool {
        self.dir.path().join("stalled").exists()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A header's value in a raw message (first occurrence, unfolded).
pub fn header(raw: &str, name: &str) -> Option<String> {
    let head = raw.split("\r\n\r\n").next().unwrap_or(raw);
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}
