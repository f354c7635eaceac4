//! Resolution of connection options into [`ConnectionSettings`]: explicit options, then
//! environment variables, then built-in defaults, as libpq does (`conninfo_add_defaults` and
//! `pqConnectOptions2` in `fe-connect.c`).
//!
//! - Precedence: a value given in the [`ConnInfo`] (even an empty one) hides the environment
//!   variable ([`Keyword::env_var`]); an empty value after that means "use the default".
//! - Defaults: host = the default unix-socket directory ([`default_socket_dir`]); port 5432;
//!   user = the operating system user (`getpwuid(geteuid())`); dbname = user; sslmode
//!   `prefer` (`verify-full` when `sslrootcert=system` and no sslmode is given; `require` when
//!   the legacy `PGREQUIRESSL=1` is set); `fallback_application_name` = `tusk`.
//! - Hosts: `host` and `hostaddr` are comma-separated lists; if both are given they must have
//!   the same length; `port` is one port for all hosts or one per host (an empty element means
//!   5432). A host starting with `/` is a unix-socket directory. Each slot becomes a
//!   [`Target`].
//! - Passwords: `password`/`PGPASSWORD` if given and not empty; otherwise the password file is
//!   consulted per target (see the `pgpass` module), so each host may get its own password.
//! - `connect_timeout`: an integer (surrounding whitespace allowed); `<= 0` means none, `1`
//!   is raised to 2 seconds, as libpq does to avoid timing out on rounding.
//! - TLS: when some target is reached over TCP and sslmode is not `disable`, the rustls client
//!   configuration is built here, once per settings value (see the `tls` module), so errors
//!   about certificate files show up before connecting and clones share it.
//!
//! Environment access is injectable ([`Environment`]); [`ProcessEnvironment`] reads the real
//! one. Deviations from libpq: the home directory comes from `HOME` only (libpq falls back to
//! the password database); `service` files are not read (the keyword is refused).

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use crate::conninfo::{ConnInfo, Keyword};
use crate::error::SettingsError;
use crate::password::Password;
use crate::pgpass::{PassFile, PassKey};
use crate::tls::{TlsConfig, TlsFiles};

/// The default port.
pub const DEFAULT_PORT: u16 = 5432;
/// The default `fallback_application_name`.
pub const DEFAULT_APPLICATION_NAME: &str = "tusk";

/// The default unix-socket directory: `/var/run/postgresql` if it exists (Debian's and
/// Red Hat's packages), else `/tmp` (PostgreSQL's own default).
pub fn default_socket_dir() -> PathBuf {
    let debian = Path::new("/var/run/postgresql");
    if debian.is_dir() { debian.to_owned() } else { PathBuf::from("/tmp") }
}

/// Where settings come from besides the explicit options. Implemented for closures
/// `Fn(&str) -> Option<String>` (variables only), so tests never touch the process
/// environment.
pub trait Environment {
    /// The value of an environment variable.
    fn var(&self, name: &str) -> Option<String>;

    /// The operating system user name (the default user).
    fn os_user(&self) -> Option<String> {
        whoami::username().ok()
    }

    /// The home directory (for `~/.pgpass` and `~/.postgresql/`): `HOME`, if set and not empty.
    fn home_dir(&self) -> Option<PathBuf> {
        self.var("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
    }
}

/// The environment of this process.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

impl<F> Environment for F
where
    F: Fn(&str) -> Option<String>,
{
    fn var(&self, name: &str) -> Option<String> {
        self(name)
    }
}

/// libpq's `sslmode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum SslMode {
    /// Never TLS.
    Disable,
    /// Plain first; if the server refuses that login, retry with TLS (unverified).
    Allow,
    /// TLS if the server supports it (unverified), else plain; if the TLS attempt fails
    /// (handshake or login refused), retry plain.
    #[default]
    Prefer,
    /// TLS or nothing; unverified unless a root certificate file exists, in which case the
    /// chain is verified as for `verify-ca`.
    Require,
    /// TLS with the certificate chain verified against the root certificates; the host name is
    /// not checked.
    VerifyCa,
    /// TLS with the chain verified and the host name (or IP address) checked against the
    /// certificate's subject alternative names.
    VerifyFull,
}

impl SslMode {
    /// The libpq name.
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    /// Whether the server certificate must be verified (`verify-ca`, `verify-full`).
    pub fn verifies(self) -> bool {
        matches!(self, SslMode::VerifyCa | SslMode::VerifyFull)
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SslMode {
    type Err = SettingsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => {
                return Err(SettingsError::InvalidValue {
                    keyword: "sslmode",
                    value: s.to_owned(),
                });
            }
        })
    }
}

/// One host slot to try, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    host: String,
    hostaddr: Option<(IpAddr, String)>,
    port: u16,
    password: Option<Password>,
    password_file: Option<PathBuf>,
}

impl Target {
    /// The host as given (a name, an IP address or a socket directory); empty when only a
    /// `hostaddr` was given.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The address to connect to instead of resolving the host, if given.
    pub fn hostaddr(&self) -> Option<IpAddr> {
        self.hostaddr.as_ref().map(|(ip, _)| *ip)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The unix-socket directory, when this target is reached over a unix socket.
    pub fn socket_dir(&self) -> Option<&Path> {
        if self.hostaddr.is_none() && is_socket_path(&self.host) {
            Some(Path::new(&self.host))
        } else {
            None
        }
    }

    /// The password to send, if any.
    pub fn password(&self) -> Option<&Password> {
        self.password.as_ref()
    }

    /// The password file the password came from, if it came from one.
    pub fn password_file(&self) -> Option<&Path> {
        self.password_file.as_deref()
    }

    /// The name to verify the server certificate against and send as SNI: the host, or the
    /// `hostaddr` when no host name was given.
    pub(crate) fn tls_server_name(&self) -> String {
        if !self.host.is_empty() && !is_socket_path(&self.host) {
            self.host.clone()
        } else {
            self.hostaddr.as_ref().map(|(_, raw)| raw.clone()).unwrap_or_default()
        }
    }

    /// The host key for the password file.
    fn pgpass_host(&self, default_socket_dir: &Path) -> String {
        let host = if !self.host.is_empty() {
            self.host.as_str()
        } else {
            self.hostaddr.as_ref().map(|(_, raw)| raw.as_str()).unwrap_or_default()
        };
        if host.is_empty() || Path::new(host) == default_socket_dir {
            "localhost".to_owned()
        } else {
            host.to_owned()
        }
    }
}

fn is_socket_path(host: &str) -> bool {
    host.starts_with('/')
}

/// Fully resolved connection settings: cheap to clone (shared), and the TLS configuration is
/// built once per value.
///
/// `Debug` never shows passwords.
#[derive(Clone, Debug)]
pub struct ConnectionSettings {
    inner: Arc<Inner>,
}

#[derive(Clone, Debug)]
struct Inner {
    targets: Vec<Target>,
    user: String,
    dbname: String,
    ssl_mode: SslMode,
    channel_binding: tokio_postgres::config::ChannelBinding,
    application_name: String,
    options: Option<String>,
    connect_timeout: Option<Duration>,
    explicit_password: Option<Password>,
    passfile: Option<PathBuf>,
    default_socket_dir: PathBuf,
    tls: Option<TlsConfig>,
}

impl ConnectionSettings {
    /// Resolves explicit options against the process environment.
    pub fn from_env(info: &ConnInfo) -> Result<Self, SettingsError> {
        Self::resolve(info, &ProcessEnvironment)
    }

    /// Parses a connection string (URI or `key=value`) and resolves it against the process
    /// environment.
    pub fn parse(conninfo: &str) -> Result<Self, SettingsError> {
        Self::from_env(&ConnInfo::parse(conninfo)?)
    }

    /// Resolves explicit options against `env`, reads the password file and builds the TLS
    /// configuration.
    pub fn resolve(info: &ConnInfo, env: &dyn Environment) -> Result<Self, SettingsError> {
        let get = |k: Keyword| -> Option<String> {
            match info.get(k) {
                Some(v) => Some(v.to_owned()),
                None => k.env_var().and_then(|name| env.var(name)),
            }
        };
        let non_empty = |k: Keyword| get(k).filter(|v| !v.is_empty());

        let user = match non_empty(Keyword::User) {
            Some(u) => u,
            None => env.os_user().filter(|u| !u.is_empty()).ok_or(SettingsError::NoUser)?,
        };
        let dbname = non_empty(Keyword::Dbname).unwrap_or_else(|| user.clone());

        let root_cert = non_empty(Keyword::SslRootCert);
        let system_roots = root_cert.as_deref() == Some("system");
        let ssl_mode = match get(Keyword::SslMode) {
            Some(mode) => {
                let mode: SslMode = mode.parse()?;
                if system_roots && mode != SslMode::VerifyFull {
                    return Err(SettingsError::WeakSslModeWithSystemRoots { ssl_mode: mode });
                }
                mode
            }
            None if env.var("PGREQUIRESSL").is_some_and(|v| v.starts_with('1')) => {
                if system_roots {
                    return Err(SettingsError::WeakSslModeWithSystemRoots {
                        ssl_mode: SslMode::Require,
                    });
                }
                SslMode::Require
            }
            None if system_roots => SslMode::VerifyFull,
            None => SslMode::Prefer,
        };
        let channel_binding = match get(Keyword::ChannelBinding).as_deref() {
            None | Some("prefer") => tokio_postgres::config::ChannelBinding::Prefer,
            Some("disable") => tokio_postgres::config::ChannelBinding::Disable,
            Some("require") => tokio_postgres::config::ChannelBinding::Require,
            Some(other) => {
                return Err(SettingsError::InvalidValue {
                    keyword: "channel_binding",
                    value: other.to_owned(),
                });
            }
        };
        match get(Keyword::GssEncMode).as_deref() {
            None | Some("disable" | "prefer") => {}
            Some(other) => {
                return Err(SettingsError::InvalidValue {
                    keyword: "gssencmode",
                    value: other.to_owned(),
                });
            }
        }

        let application_name = non_empty(Keyword::ApplicationName)
            .or_else(|| non_empty(Keyword::FallbackApplicationName))
            .unwrap_or_else(|| DEFAULT_APPLICATION_NAME.to_owned());
        let options = non_empty(Keyword::Options);
        let connect_timeout = match get(Keyword::ConnectTimeout) {
            Some(v) => parse_connect_timeout(&v)?,
            None => None,
        };

        let default_socket_dir = default_socket_dir();
        let mut targets = parse_targets(
            &get(Keyword::Host).unwrap_or_default(),
            &get(Keyword::Hostaddr).unwrap_or_default(),
            &get(Keyword::Port).unwrap_or_default(),
            &default_socket_dir,
        )?;

        let home = env.home_dir();
        let explicit_password = match info.password() {
            Some(p) => Some(p.clone()),
            None => env.var("PGPASSWORD").map(Password::new),
        }
        .filter(|p| !p.is_empty());
        let passfile = non_empty(Keyword::Passfile)
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".pgpass")));
        assign_passwords(
            &mut targets,
            explicit_password.as_ref(),
            passfile.as_deref(),
            &user,
            &dbname,
            &default_socket_dir,
        );

        let tcp = targets.iter().any(|t| t.socket_dir().is_none());
        let tls = if ssl_mode != SslMode::Disable && tcp {
            if ssl_mode == SslMode::VerifyFull
                && let Some(t) = targets.iter().find(|t| t.host.is_empty())
                && let Some(hostaddr) = t.hostaddr()
            {
                return Err(SettingsError::VerifyFullWithoutHostName { hostaddr });
            }
            Some(TlsConfig::build(
                ssl_mode,
                &TlsFiles {
                    root_cert: root_cert.as_deref(),
                    cert: non_empty(Keyword::SslCert).as_deref(),
                    key: non_empty(Keyword::SslKey).as_deref(),
                    home: home.as_deref(),
                },
            )?)
        } else {
            None
        };

        Ok(ConnectionSettings {
            inner: Arc::new(Inner {
                targets,
                user,
                dbname,
                ssl_mode,
                channel_binding,
                application_name,
                options,
                connect_timeout,
                explicit_password,
                passfile,
                default_socket_dir,
                tls,
            }),
        })
    }

    /// The same settings for another database (e.g. `postgres`, or a database just created).
    /// Passwords from the password file are looked up again for the new name; the TLS
    /// configuration is shared.
    pub fn with_dbname(&self, dbname: &str) -> Self {
        let mut inner = Inner::clone(&self.inner);
        inner.dbname = dbname.to_owned();
        assign_passwords(
            &mut inner.targets,
            inner.explicit_password.as_ref(),
            inner.passfile.as_deref(),
            &inner.user,
            &inner.dbname,
            &inner.default_socket_dir,
        );
        ConnectionSettings { inner: Arc::new(inner) }
    }

    /// The host slots, in the order they are tried.
    pub fn targets(&self) -> &[Target] {
        &self.inner.targets
    }

    /// The user name.
    pub fn user(&self) -> &str {
        &self.inner.user
    }

    /// The database name.
    pub fn dbname(&self) -> &str {
        &self.inner.dbname
    }

    /// The sslmode.
    pub fn ssl_mode(&self) -> SslMode {
        self.inner.ssl_mode
    }

    /// The `application_name` sent (`application_name`, else `fallback_application_name`,
    /// else `tusk`).
    pub fn application_name(&self) -> &str {
        &self.inner.application_name
    }

    /// The `options` sent, if any.
    pub fn options(&self) -> Option<&str> {
        self.inner.options.as_deref()
    }

    /// The time allowed per host address, if any.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.inner.connect_timeout
    }

    /// The password file consulted (whether or not it exists), if a password was not given.
    pub fn password_file(&self) -> Option<&Path> {
        if self.inner.explicit_password.is_some() { None } else { self.inner.passfile.as_deref() }
    }

    pub(crate) fn channel_binding(&self) -> tokio_postgres::config::ChannelBinding {
        self.inner.channel_binding
    }

    pub(crate) fn tls(&self) -> Option<&TlsConfig> {
        self.inner.tls.as_ref()
    }
}

fn assign_passwords(
    targets: &mut [Target],
    explicit: Option<&Password>,
    passfile: Option<&Path>,
    user: &str,
    dbname: &str,
    default_socket_dir: &Path,
) {
    if let Some(p) = explicit {
        for t in targets.iter_mut() {
            t.password = Some(p.clone());
            t.password_file = None;
        }
        return;
    }
    let file = passfile.and_then(PassFile::load);
    for t in targets.iter_mut() {
        let host = t.pgpass_host(default_socket_dir);
        let port = t.port.to_string();
        let key = PassKey { host: &host, port: &port, dbname, user };
        let found = file.as_ref().and_then(|f| f.find(&key).map(|p| (p, f.path().to_owned())));
        match found {
            Some((p, path)) => {
                tracing::debug!(
                    host = %host,
                    port = %port,
                    path = %path.display(),
                    "using password from password file"
                );
                t.password = Some(p);
                t.password_file = Some(path);
            }
            None => {
                t.password = None;
                t.password_file = None;
            }
        }
    }
}

/// libpq's `pqParseIntParam`: optional surrounding whitespace, an optional sign, digits.
fn parse_int(keyword: &'static str, value: &str) -> Result<i32, SettingsError> {
    value
        .trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b')
        .parse::<i32>()
        .map_err(|_| SettingsError::InvalidInteger { keyword, value: value.to_owned() })
}

fn parse_connect_timeout(value: &str) -> Result<Option<Duration>, SettingsError> {
    if value.is_empty() {
        return Ok(None);
    }
    let secs = parse_int("connect_timeout", value)?;
    Ok(match secs {
        ..=0 => None,
        1 => Some(Duration::from_secs(2)),
        n => Some(Duration::from_secs(n.unsigned_abs().into())),
    })
}

fn split_list(value: &str) -> Vec<&str> {
    if value.is_empty() { Vec::new() } else { value.split(',').collect() }
}

fn parse_targets(
    host: &str,
    hostaddr: &str,
    port: &str,
    default_socket_dir: &Path,
) -> Result<Vec<Target>, SettingsError> {
    let hosts = split_list(host);
    let hostaddrs = split_list(hostaddr);
    let count = if !hosts.is_empty() { hosts.len() } else { hostaddrs.len().max(1) };
    if !hostaddrs.is_empty() && hostaddrs.len() != count {
        return Err(SettingsError::HostaddrCount { hosts: count, hostaddrs: hostaddrs.len() });
    }
    let ports = split_list(port);
    if !ports.is_empty() && ports.len() != 1 && ports.len() != count {
        return Err(SettingsError::PortCount { ports: ports.len(), hosts: count });
    }
    let mut targets = Vec::with_capacity(count);
    for i in 0..count {
        let port_text = if ports.len() == 1 { ports.first() } else { ports.get(i) };
        let port = match port_text.copied().unwrap_or_default() {
            "" => DEFAULT_PORT,
            text => {
                let n = parse_int("port", text)?;
                u16::try_from(n)
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or_else(|| SettingsError::InvalidPort { value: text.to_owned() })?
            }
        };
        let hostaddr = match hostaddrs.get(i).copied().unwrap_or_default() {
            "" => None,
            text => {
                let ip: IpAddr = text
                    .parse()
                    .map_err(|_| SettingsError::InvalidHostaddr { value: text.to_owned() })?;
                Some((ip, text.to_owned()))
            }
        };
        let mut host = hosts.get(i).copied().unwrap_or_default().to_owned();
        if host.is_empty() && hostaddr.is_none() {
            host = default_socket_dir.to_string_lossy().into_owned();
        }
        targets.push(Target { host, hostaddr, port, password: None, password_file: None });
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_timeout_like_libpq() {
        assert_eq!(parse_connect_timeout("").unwrap(), None);
        assert_eq!(parse_connect_timeout("0").unwrap(), None);
        assert_eq!(parse_connect_timeout("-5").unwrap(), None);
        assert_eq!(parse_connect_timeout("1").unwrap(), Some(Duration::from_secs(2)));
        assert_eq!(parse_connect_timeout(" 10 ").unwrap(), Some(Duration::from_secs(10)));
        assert_eq!(parse_connect_timeout("+3").unwrap(), Some(Duration::from_secs(3)));
        assert!(parse_connect_timeout("10s").is_err());
        assert!(parse_connect_timeout("99999999999").is_err());
    }

    #[test]
    fn targets_lists() {
        let d = Path::new("/sock");
        let t = parse_targets("", "", "", d).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].host(), "/sock");
        assert_eq!(t[0].socket_dir(), Some(Path::new("/sock")));
        assert_eq!(t[0].port(), 5432);

        let t = parse_targets("a,,/x", "", "1", d).unwrap();
        assert_eq!(
            t.iter().map(|t| (t.host(), t.port())).collect::<Vec<_>>(),
            [("a", 1), ("/sock", 1), ("/x", 1)]
        );
        let t = parse_targets("a,b", "", "1,", d).unwrap();
        assert_eq!(t[1].port(), 5432);
        let t = parse_targets("", "127.0.0.1,::1", "", d).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].host(), "");
        assert_eq!(t[1].socket_dir(), None);
        assert_eq!(t[1].tls_server_name(), "::1");

        let e = |h, a, p| parse_targets(h, a, p, d).unwrap_err().to_string();
        assert_eq!(e("a,b,c", "", "1,2"), "could not match 2 port numbers to 3 hosts");
        assert_eq!(e("a,b", "127.0.0.1", ""), "could not match 2 host names to 1 hostaddr values");
        assert_eq!(e("a", "", "x"), "invalid integer value \"x\" for connection option \"port\"");
        assert_eq!(e("a", "", "70000"), "invalid port number: \"70000\"");
        assert_eq!(e("a", "", "0"), "invalid port number: \"0\"");
        assert_eq!(e("a", "nope", ""), "could not parse network address \"nope\"");
    }

    #[test]
    fn pgpass_host_key() {
        let d = Path::new("/var/run/postgresql");
        let t = |host: &str, addr: Option<&str>| Target {
            host: host.to_owned(),
            hostaddr: addr.map(|a| (a.parse().unwrap(), a.to_owned())),
            port: 5432,
            password: None,
            password_file: None,
        };
        assert_eq!(t("/var/run/postgresql", None).pgpass_host(d), "localhost");
        assert_eq!(t("/tmp", None).pgpass_host(d), "/tmp");
        assert_eq!(t("db", Some("10.0.0.1")).pgpass_host(d), "db");
        assert_eq!(t("", Some("10.0.0.1")).pgpass_host(d), "10.0.0.1");
        assert_eq!(t("", None).pgpass_host(d), "localhost");
    }
}
