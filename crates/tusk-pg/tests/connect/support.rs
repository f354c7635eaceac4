//! Helpers: an injected environment, certificates, the TLS test cluster and a log capture.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tusk_pg::{ConnInfo, ConnectionSettings, Environment, SettingsError};
use tusk_testkit::Cluster;

/// The password of the roles made for TLS tests.
pub(crate) const ROLE_PASSWORD: &str = "tls-role-pw";

/// An environment with only the given variables and a fresh, empty home directory, so neither
/// the machine's `PG*` variables nor root's `~/.pgpass` or `~/.postgresql/` can interfere.
#[derive(Debug)]
pub(crate) struct TestEnv {
    pub(crate) home: tempfile::TempDir,
    vars: BTreeMap<String, String>,
    os_user: Option<String>,
}

impl TestEnv {
    pub(crate) fn new() -> Self {
        TestEnv {
            home: tempfile::tempdir().expect("home dir"),
            vars: BTreeMap::new(),
            os_user: Some("os-user".to_owned()),
        }
    }

    /// Sets a variable.
    pub(crate) fn with(mut self, name: &str, value: &str) -> Self {
        self.vars.insert(name.to_owned(), value.to_owned());
        self
    }

    /// Makes the operating system user unknown.
    pub(crate) fn without_os_user(mut self) -> Self {
        self.os_user = None;
        self
    }

    pub(crate) fn home(&self) -> &Path {
        self.home.path()
    }

    /// Resolves a connection string in this environment.
    pub(crate) fn resolve(&self, conninfo: &str) -> Result<ConnectionSettings, SettingsError> {
        ConnectionSettings::resolve(&ConnInfo::parse(conninfo)?, self)
    }

    /// Resolves a connection string that must be valid.
    pub(crate) fn settings(&self, conninfo: &str) -> ConnectionSettings {
        self.resolve(conninfo).unwrap_or_else(|e| panic!("settings for {conninfo:?}: {e}"))
    }
}

impl Environment for TestEnv {
    fn var(&self, name: &str) -> Option<String> {
        match self.vars.get(name) {
            Some(v) => Some(v.clone()),
            None if name == "HOME" => Some(self.home.path().display().to_string()),
            None => None,
        }
    }

    fn os_user(&self) -> Option<String> {
        self.os_user.clone()
    }
}

/// Writes a file with the given mode.
pub(crate) fn write_file(path: &Path, contents: &str, mode: u32) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, contents).expect("write file");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A certificate authority made for the tests.
pub(crate) struct Ca {
    issuer: Issuer<'static, KeyPair>,
    pub(crate) pem: String,
}

impl Ca {
    pub(crate) fn new(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let key = KeyPair::generate().expect("ca key");
        let cert = params.self_signed(&key).expect("ca cert");
        Ca { pem: cert.pem(), issuer: Issuer::new(params, key) }
    }

    /// A certificate and key (PEM) for the given names, signed by this CA.
    pub(crate) fn issue(
        &self,
        common_name: &str,
        dns_names: &[&str],
        usage: ExtendedKeyUsagePurpose,
    ) -> (String, String) {
        let names: Vec<String> = dns_names.iter().map(|s| (*s).to_owned()).collect();
        let mut params = CertificateParams::new(names).expect("leaf params");
        params.distinguished_name.push(DnType::CommonName, common_name);
        params.extended_key_usages = vec![usage];
        let key = KeyPair::generate().expect("leaf key");
        let cert = params.signed_by(&key, &self.issuer).expect("leaf cert");
        (cert.pem(), key.serialize_pem())
    }
}

/// A cluster with `ssl = on`, a server certificate for DNS `localhost` only (signed by
/// `ca`), client certificates accepted from `ca`, and these `pg_hba.conf` rules:
/// - `certuser`: TLS with a client certificate only;
/// - `tlsonly`: TLS only (`hostssl`), password;
/// - `plainonly`: without TLS only (`hostnossl`), password;
/// - `postgres`: either, password.
pub(crate) struct TlsFixture {
    pub(crate) cluster: Cluster,
    /// Holds the certificate files.
    _dir: tempfile::TempDir,
    pub(crate) ca_file: PathBuf,
    pub(crate) other_ca_file: PathBuf,
    pub(crate) client_cert: PathBuf,
    pub(crate) client_key: PathBuf,
}

const TLS_HBA: &str = "\
local all all trust
hostssl all certuser 127.0.0.1/32 cert
hostssl all tlsonly 127.0.0.1/32 scram-sha-256
hostnossl all plainonly 127.0.0.1/32 scram-sha-256
host all postgres 127.0.0.1/32 scram-sha-256
";

impl TlsFixture {
    fn start() -> TlsFixture {
        let ca = Ca::new("tusk test CA");
        let other = Ca::new("untrusted test CA");
        let (server_crt, server_key) =
            ca.issue("localhost", &["localhost"], ExtendedKeyUsagePurpose::ServerAuth);
        let (client_crt, client_key_pem) =
            ca.issue("certuser", &[], ExtendedKeyUsagePurpose::ClientAuth);
        let cluster = Cluster::builder()
            .setting("ssl", "on")
            .setting("ssl_cert_file", "'server.crt'")
            .setting("ssl_key_file", "'server.key'")
            .setting("ssl_ca_file", "'ca.crt'")
            .file("server.crt", server_crt)
            .file("server.key", server_key)
            .file("ca.crt", ca.pem.clone())
            .hba(TLS_HBA)
            .start();
        cluster.psql(
            "postgres",
            &format!(
                "CREATE ROLE tlsonly LOGIN PASSWORD '{ROLE_PASSWORD}';
                 CREATE ROLE plainonly LOGIN PASSWORD '{ROLE_PASSWORD}';
                 CREATE ROLE certuser LOGIN;"
            ),
        );
        let dir = tempfile::tempdir().expect("cert dir");
        let ca_file = dir.path().join("ca.crt");
        let other_ca_file = dir.path().join("other-ca.crt");
        let client_cert = dir.path().join("client.crt");
        let client_key = dir.path().join("client.key");
        write_file(&ca_file, &ca.pem, 0o644);
        write_file(&other_ca_file, &other.pem, 0o644);
        write_file(&client_cert, &client_crt, 0o644);
        write_file(&client_key, &client_key_pem, 0o600);
        TlsFixture { cluster, _dir: dir, ca_file, other_ca_file, client_cert, client_key }
    }

    /// The cluster, shared by the tests running at the same time and stopped when the last
    /// of them is done.
    pub(crate) fn get() -> Arc<TlsFixture> {
        static CURRENT: Mutex<Weak<TlsFixture>> = Mutex::new(Weak::new());
        let mut current = CURRENT.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = current.upgrade() {
            return f;
        }
        let f = Arc::new(TlsFixture::start());
        *current = Arc::downgrade(&f);
        f
    }

    pub(crate) fn port(&self) -> u16 {
        self.cluster.port()
    }
}

/// Collects every event and span field logged while it is the default subscriber.
#[derive(Clone, Default)]
pub(crate) struct LogCapture(Arc<Mutex<String>>);

impl LogCapture {
    pub(crate) fn text(&self) -> String {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Sets this capture as the thread's default subscriber until the guard is dropped.
    pub(crate) fn install(&self) -> tracing::subscriber::DefaultGuard {
        tracing::subscriber::set_default(self.clone())
    }
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl tracing::Subscriber for LogCapture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut text = self.0.lock().unwrap_or_else(|p| p.into_inner());
        span.record(&mut Fields(&mut text));
        text.push('\n');
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut text = self.0.lock().unwrap_or_else(|p| p.into_inner());
        values.record(&mut Fields(&mut text));
        text.push('\n');
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let _ = write!(text, "{} ", event.metadata().level());
        event.record(&mut Fields(&mut text));
        text.push('\n');
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// Whether the server sees this session's connection as TLS.
pub(crate) async fn server_says_tls(client: &tokio_postgres::Client) -> bool {
    client
        .query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])
        .await
        .expect("query pg_stat_ssl")
        .get(0)
}

/// An error and all its sources, joined with ": ".
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
