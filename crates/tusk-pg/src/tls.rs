//! TLS on rustls with libpq's meaning of each sslmode (`initialize_SSL` and
//! `verify_peer_name_matches_certificate` in `fe-secure-openssl.c`/`fe-secure-common.c`).
//!
//! Which server certificates are accepted:
//! - Root certificates come from `sslrootcert`, else `~/.postgresql/root.crt`; the special
//!   value `system` means the operating system's trust store (rustls-native-certs), and is
//!   only allowed with `verify-full` (checked during resolution).
//! - If the root file exists it is loaded and the certificate chain is verified in *every*
//!   mode that uses TLS (`allow`, `prefer`, `require`, `verify-ca`), as libpq does; a chain
//!   failure under `prefer` then falls back to a plain connection like any handshake failure.
//! - If it does not exist, `verify-ca`/`verify-full` are an error naming the file, and other
//!   modes do not verify the certificate at all.
//! - Only `verify-full` checks the name: the host name against DNS subject alternative names,
//!   or an IP address against IP subject alternative names (rustls/webpki rules).
//! - Even without certificate verification, the handshake signatures are verified with the
//!   crypto provider, so the server must hold the key of the certificate it presents.
//!
//! Client certificates: `sslcert`, else `~/.postgresql/postgresql.crt`, used when that file
//! exists (a missing file means no client certificate, as in libpq). Its key is `sslkey`, else
//! `~/.postgresql/postgresql.key`; it must exist, be a regular file, and be private
//! (0600 or less, or 0640 or less when owned by root). PEM only; encrypted keys
//! (`sslpassword`) are not supported.
//!
//! The rustls `ClientConfig` is built once per [`ConnectionSettings`](crate::ConnectionSettings)
//! and shared by every connection made from it. Each connection attempt wraps the shared
//! connector in a [`Connector`] that records whether the handshake was started and whether it
//! succeeded, which drives the sslmode fallbacks and tells whether TLS is in use.
//!
//! Deviations from libpq: no fallback to the certificate's common name when it has no subject
//! alternative name of the right kind (webpki does not do it; modern certificates always have
//! SANs); no CRLs (`sslcrl`); TLS 1.2 and 1.3 only (libpq's default minimum is 1.2 anyway);
//! SNI is sent for host names, never for IP addresses (as libpq's `sslsni=1`).

use std::fmt;
use std::future::Future;
use std::io;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::{Context, Poll};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::connect::Socket;
use crate::error::SettingsError;
use crate::settings::SslMode;

/// The TLS stream type of every connection.
pub(crate) type TlsStream = <MakeRustlsConnect as MakeTlsConnect<Socket>>::Stream;
type RustlsConnect = <MakeRustlsConnect as MakeTlsConnect<Socket>>::TlsConnect;
type RustlsFuture = <RustlsConnect as TlsConnect<Socket>>::Future;

/// File names given for TLS (empty values already removed).
#[derive(Debug)]
pub(crate) struct TlsFiles<'a> {
    pub(crate) root_cert: Option<&'a str>,
    pub(crate) cert: Option<&'a str>,
    pub(crate) key: Option<&'a str>,
    pub(crate) home: Option<&'a Path>,
}

/// How the server certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verification {
    /// Not at all (handshake signatures only).
    None,
    /// The chain against the roots, not the name.
    Chain,
    /// The chain and the name.
    Full,
}

/// The TLS client configuration of one settings value.
#[derive(Clone)]
pub(crate) struct TlsConfig {
    connector: MakeRustlsConnect,
    verification: Verification,
    roots: Option<String>,
    client_cert: Option<PathBuf>,
}

impl fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConfig")
            .field("verification", &self.verification)
            .field("roots", &self.roots)
            .field("client_cert", &self.client_cert)
            .finish_non_exhaustive()
    }
}

impl TlsConfig {
    /// Builds the configuration for `mode` (not `disable`).
    pub(crate) fn build(mode: SslMode, files: &TlsFiles<'_>) -> Result<TlsConfig, SettingsError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let (roots, roots_desc) = load_roots(mode, files)?;
        let verification = match (&roots, mode) {
            (_, SslMode::VerifyFull) => Verification::Full,
            (Some(_), _) => Verification::Chain,
            (None, _) => Verification::None,
        };
        let verifier: Arc<dyn ServerCertVerifier> = match (verification, roots) {
            (Verification::Full, Some(roots)) => {
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|e| SettingsError::Tls {
                        what: "the root certificates".to_owned(),
                        source: rustls::Error::General(e.to_string()),
                    })?
            }
            (Verification::Chain, Some(roots)) => {
                Arc::new(CertVerifier { roots: Some(Arc::new(roots)), provider: provider.clone() })
            }
            (Verification::None, None) => {
                Arc::new(CertVerifier { roots: None, provider: provider.clone() })
            }
            // `verification` follows from the roots and the mode, and load_roots fails for a
            // verifying mode without roots; should that ever change, refuse rather than fall
            // back to not verifying.
            (Verification::Full | Verification::Chain, None) | (Verification::None, Some(_)) => {
                return Err(SettingsError::NoHomeForRootCert);
            }
        };
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|source| SettingsError::Tls { what: "TLS versions".to_owned(), source })?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let client_cert = client_cert_paths(files);
        let config = match &client_cert {
            Some((cert_path, key_path)) => {
                let chain = load_certs(cert_path, "certificate")?;
                let key = load_key(key_path)?;
                builder.with_client_auth_cert(chain, key).map_err(|source| SettingsError::Tls {
                    what: format!(
                        "certificate file \"{}\" and private key file \"{}\"",
                        cert_path.display(),
                        key_path.display()
                    ),
                    source,
                })?
            }
            None => builder.with_no_client_auth(),
        };
        Ok(TlsConfig {
            connector: MakeRustlsConnect::new(config),
            verification,
            roots: roots_desc,
            client_cert: client_cert.map(|(c, _)| c),
        })
    }

    /// A connector for one connection attempt, recording into `outcome`.
    pub(crate) fn connector(&self, server_name: &str, outcome: Arc<HandshakeOutcome>) -> Connector {
        let mut make = self.connector.clone();
        let inner = match MakeTlsConnect::<Socket>::make_tls_connect(&mut make, server_name) {
            Ok(c) => c,
            Err(never) => match never {},
        };
        Connector { inner: Some(inner), outcome }
    }
}

/// The root store and a description of where it came from, or none.
fn load_roots(
    mode: SslMode,
    files: &TlsFiles<'_>,
) -> Result<(Option<RootCertStore>, Option<String>), SettingsError> {
    if files.root_cert == Some("system") {
        let found = rustls_native_certs::load_native_certs();
        let mut store = RootCertStore::empty();
        let (added, _ignored) = store.add_parsable_certificates(found.certs);
        if added == 0 {
            return Err(SettingsError::SystemRoots { source: found.errors.into_iter().next() });
        }
        return Ok((Some(store), Some("system".to_owned())));
    }
    let path = match (files.root_cert, files.home) {
        (Some(p), _) => PathBuf::from(p),
        (None, Some(home)) => home.join(".postgresql").join("root.crt"),
        (None, None) if mode.verifies() => return Err(SettingsError::NoHomeForRootCert),
        (None, None) => return Ok((None, None)),
    };
    if std::fs::metadata(&path).is_err() {
        if mode.verifies() {
            return Err(SettingsError::RootCertMissing { path });
        }
        if files.root_cert.is_some() {
            tracing::warn!(
                path = %path.display(),
                sslmode = %mode,
                "root certificate file does not exist; the server certificate will not be verified"
            );
        }
        return Ok((None, None));
    }
    let certs = load_certs(&path, "root certificate")?;
    let mut store = RootCertStore::empty();
    for cert in certs {
        store.add(cert).map_err(|source| SettingsError::Tls {
            what: format!("root certificate file \"{}\"", path.display()),
            source,
        })?;
    }
    Ok((Some(store), Some(path.display().to_string())))
}

fn client_cert_paths(files: &TlsFiles<'_>) -> Option<(PathBuf, PathBuf)> {
    let dir = files.home.map(|h| h.join(".postgresql"));
    let cert = match (files.cert, &dir) {
        (Some(c), _) => PathBuf::from(c),
        (None, Some(d)) => d.join("postgresql.crt"),
        (None, None) => return None,
    };
    if std::fs::metadata(&cert).is_err() {
        tracing::debug!(path = %cert.display(), "no client certificate file");
        return None;
    }
    let key = match (files.key, &dir) {
        (Some(k), _) => PathBuf::from(k),
        (None, Some(d)) => d.join("postgresql.key"),
        // As libpq: no home directory and no sslkey means no key file at all.
        (None, None) => PathBuf::new(),
    };
    Some((cert, key))
}

fn read(path: &Path, kind: &'static str) -> Result<Vec<u8>, SettingsError> {
    // std::fs rather than fs-err: the error names the file already.
    std::fs::read(path).map_err(|source| SettingsError::ReadFile {
        kind,
        path: path.to_owned(),
        source,
    })
}

fn load_certs(
    path: &Path,
    kind: &'static str,
) -> Result<Vec<CertificateDer<'static>>, SettingsError> {
    let pem = read(path, kind)?;
    let certs =
        CertificateDer::pem_slice_iter(&pem).collect::<Result<Vec<_>, _>>().map_err(|e| {
            SettingsError::ReadFile {
                kind,
                path: path.to_owned(),
                source: io::Error::new(io::ErrorKind::InvalidData, e.to_string()),
            }
        })?;
    if certs.is_empty() {
        return Err(SettingsError::EmptyPem { kind: "certificates", path: path.to_owned() });
    }
    Ok(certs)
}

fn load_key(path: &Path) -> Result<PrivateKeyDer<'static>, SettingsError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(_) => return Err(SettingsError::ClientKeyMissing { path: path.to_owned() }),
    };
    if !meta.is_file() {
        return Err(SettingsError::ClientKeyNotAFile { path: path.to_owned() });
    }
    // libpq accepts 0600 or less for the user's own files, and 0640 or less for root's (so
    // that system-wide keys can be shared with a group).
    let forbidden = if meta.uid() == 0 { 0o037 } else { 0o077 };
    if meta.mode() & forbidden != 0 {
        return Err(SettingsError::ClientKeyPermissions { path: path.to_owned() });
    }
    let pem = read(path, "private key")?;
    PrivateKeyDer::from_pem_slice(&pem).map_err(|e| match e {
        rustls::pki_types::pem::Error::NoItemsFound => {
            SettingsError::EmptyPem { kind: "private key", path: path.to_owned() }
        }
        other => SettingsError::ReadFile {
            kind: "private key",
            path: path.to_owned(),
            source: io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
        },
    })
}

/// The certificate check of every mode but `verify-full`: with `roots`, libpq's `verify-ca`
/// (and `require` when a root file exists): the chain must lead to one of the roots, the name
/// is not checked; without, any certificate is accepted. Either way the server must sign the
/// handshake with the key of the certificate it presented.
#[derive(Debug)]
struct CertVerifier {
    roots: Option<Arc<RootCertStore>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for CertVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(roots) = &self.roots {
            let cert = rustls::server::ParsedCertificate::try_from(end_entity)?;
            rustls::client::verify_server_cert_signed_by_trust_anchor(
                &cert,
                roots,
                intermediates,
                now,
                self.provider.signature_verification_algorithms.all,
            )?;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// What happened to the TLS handshake of one connection attempt.
#[derive(Debug, Default)]
pub(crate) struct HandshakeOutcome(AtomicU8);

/// The states of a [`HandshakeOutcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Handshake {
    /// Not started: TLS was not requested, or the server declined it.
    NotStarted,
    /// Started and not finished.
    Started,
    /// TLS is in use.
    Succeeded,
    /// The handshake failed.
    Failed,
}

impl HandshakeOutcome {
    fn set(&self, h: Handshake) {
        let v = match h {
            Handshake::NotStarted => 0,
            Handshake::Started => 1,
            Handshake::Succeeded => 2,
            Handshake::Failed => 3,
        };
        self.0.store(v, Ordering::SeqCst);
    }

    pub(crate) fn get(&self) -> Handshake {
        match self.0.load(Ordering::SeqCst) {
            1 => Handshake::Started,
            2 => Handshake::Succeeded,
            3 => Handshake::Failed,
            _ => Handshake::NotStarted,
        }
    }
}

/// The TLS connector of one connection attempt: the shared rustls connector (absent when TLS
/// was not configured), recording the handshake's outcome.
pub(crate) struct Connector {
    inner: Option<RustlsConnect>,
    outcome: Arc<HandshakeOutcome>,
}

impl Connector {
    /// A connector that cannot do TLS (the attempt must not ask for it).
    pub(crate) fn none(outcome: Arc<HandshakeOutcome>) -> Connector {
        Connector { inner: None, outcome }
    }
}

impl TlsConnect<Socket> for Connector {
    type Stream = TlsStream;
    type Error = io::Error;
    type Future = ConnectorFuture;

    fn connect(self, stream: Socket) -> ConnectorFuture {
        match self.inner {
            Some(inner) => {
                self.outcome.set(Handshake::Started);
                ConnectorFuture { inner: Some(inner.connect(stream)), outcome: self.outcome }
            }
            None => ConnectorFuture { inner: None, outcome: self.outcome },
        }
    }
}

/// The handshake future of a [`Connector`].
pub(crate) struct ConnectorFuture {
    inner: Option<RustlsFuture>,
    outcome: Arc<HandshakeOutcome>,
}

impl Future for ConnectorFuture {
    type Output = Result<TlsStream, io::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some(inner) = this.inner.as_mut() else {
            this.outcome.set(Handshake::Failed);
            return Poll::Ready(Err(io::Error::other("TLS is not configured for this connection")));
        };
        let result = std::task::ready!(Pin::new(inner).poll(cx));
        this.outcome.set(if result.is_ok() { Handshake::Succeeded } else { Handshake::Failed });
        Poll::Ready(result)
    }
}
