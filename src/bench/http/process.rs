//! The server under test and the baselines, each a child process of the benchmark (this
//! same executable), so the CPU time and peak memory read from procfs are theirs alone.
use super::client::{Call, Conn};
use anyhow::Context;
use std::{
    net::{Ipv4Addr, SocketAddr},
    path::Path,
    process::Stdio,
    time::Duration,
};
use tokio::process::{Child, Command};

pub struct Served {
    pub addr: SocketAddr,
    child: Child,
    pid: u32,
}

/// A free loopback port (the listener is closed again before the child binds it).
fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(l.local_addr()?.port())
}

impl Served {
    /// Starts `hearth ARGS…` with `env`, its output in `log`, and waits until `ready`
    /// answers 200 (polling; a debug build on a loaded machine can take seconds).
    pub async fn start(
        args: &[&str],
        env: &[(&str, String)],
        log: &Path,
        ready: &str,
        port_arg: bool,
    ) -> anyhow::Result<Self> {
        let port = free_port()?;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let out = std::fs::File::create(log)?;
        let mut cmd = Command::new(std::env::current_exe()?);
        cmd.args(args);
        if port_arg {
            cmd.args(["--port", &port.to_string()]);
        }
        cmd.env("HEARTH_BIND", addr.to_string())
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .kill_on_drop(true);
        let mut child = cmd.spawn().context("starting the server")?;
        let pid = child.id().context("child pid")?;
        let mut conn = Conn::new(addr);
        for _ in 0..1_200 {
            if let Some(status) = child.try_wait()? {
                anyhow::bail!(
                    "`hearth {}` exited ({status}); its log is {}",
                    args.join(" "),
                    log.display()
                );
            }
            if let Ok(a) = conn.call(&Call::get(ready, "")).await
                && a.status == 200
            {
                return Ok(Served { addr, child, pid });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::bail!("`hearth {}` did not answer in 2 minutes", args.join(" "))
    }

    /// User plus system CPU time of the whole process (every thread) so far.
    pub fn cpu(&self) -> anyhow::Result<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid))?;
        // Fields after the command name (which may hold spaces) start at field 3 (state);
        // utime and stime are fields 14 and 15, in clock ticks.
        let rest = stat.rsplit_once(')').context("stat format")?.1;
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = f[11].parse::<u64>()? + f[12].parse::<u64>()?;
        // procfs counts in USER_HZ, which Linux fixes at 100 for every architecture's ABI.
        Ok(Duration::from_millis(ticks * 10))
    }

    /// Peak resident memory (VmHWM), in MiB.
    pub fn peak_rss_mib(&self) -> anyhow::Result<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid))?;
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next())
            .context("VmHWM")?
            .parse()?;
        Ok(kib / 1024.0)
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
