//! Connecting: [`connect`] tries each target, each of its addresses, and the sslmode's
//! fallbacks, the way libpq's `PQconnectPoll` does, and returns a [`Session`].
//!
//! Order of attempts:
//! - Targets in order; a host name is resolved and each of its addresses is tried in turn
//!   (a `hostaddr` is used as is, a socket directory gives the socket file `.s.PGSQL.<port>`).
//! - `connect_timeout` applies to each address separately and covers the whole attempt there
//!   (socket, TLS, authentication, including an sslmode retry), as in libpq.
//! - Per address, by sslmode (unix sockets never use TLS, whatever the mode):
//!   - `disable`: plain.
//!   - `allow`: plain; if the server refuses the login (SQLSTATE class 28, e.g. a `hostssl`
//!     line in `pg_hba.conf`), again with TLS.
//!   - `prefer`: TLS if the server accepts the request, else plain on the same socket; if
//!     the TLS handshake fails, or the server refuses the login over TLS (class 28, e.g.
//!     `hostnossl`), again without TLS.
//!   - `require`, `verify-ca`, `verify-full`: TLS or fail.
//! - A server that answers "cannot connect now" (57P03, e.g. starting up) moves on to the
//!   next target directly, as libpq does.
//!
//! libpq retries after *any* error response received before authentication completes;
//! tokio-postgres does not say in which phase an error came, so the retries above are keyed on
//! SQLSTATE class 28 (invalid authorization), which is what a change of encryption can cure.
//!
//! The socket is opened here (TCP with keepalives and `TCP_NODELAY`, or a unix socket) and the
//! protocol is run by tokio-postgres (`Config::connect_raw`) with its own `SslMode` per
//! attempt: `Disable` (plain), `Prefer` (TLS if offered) or `Require`. The connection task is
//! spawned on the current tokio runtime; it forwards server notices to `tracing` and logs the
//! connection's error, if it ends with one.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpSocket, TcpStream, UnixStream};
use tokio_postgres::error::{DbError, Severity, SqlState};
use tokio_postgres::{AsyncMessage, CancelToken, Client};

use crate::error::ConnectError;
use crate::settings::{ConnectionSettings, SslMode, Target};
use crate::tls::{Connector, Handshake, HandshakeOutcome, TlsConfig, TlsStream};

/// Where a connection attempt went: shown in messages as `server at "host" (address), port
/// N` or `server on socket "path"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    host: String,
    endpoint: Endpoint,
}

/// A socket address to connect to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A TCP address.
    Tcp(SocketAddr),
    /// A unix-domain socket file.
    Unix(PathBuf),
}

impl Server {
    pub(crate) fn new(host: &str, endpoint: Endpoint) -> Self {
        Server { host: host.to_owned(), endpoint }
    }

    /// The host as given (empty when only `hostaddr` was given).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The address connected to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The port.
    pub fn port(&self) -> Option<u16> {
        match &self.endpoint {
            Endpoint::Tcp(a) => Some(a.port()),
            Endpoint::Unix(_) => None,
        }
    }
}

impl fmt::Display for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.endpoint {
            Endpoint::Unix(path) => write!(f, "server on socket \"{}\"", path.display()),
            Endpoint::Tcp(addr) => {
                let ip = addr.ip().to_string();
                if self.host.is_empty() || self.host == ip {
                    write!(f, "server at \"{ip}\", port {}", addr.port())
                } else {
                    write!(f, "server at \"{}\" ({ip}), port {}", self.host, addr.port())
                }
            }
        }
    }
}

/// A TCP or unix-domain socket.
#[derive(Debug)]
pub(crate) enum Socket {
    Tcp(TcpStream),
    Unix(UnixStream),
}

impl AsyncRead for Socket {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Socket::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            Socket::Unix(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Socket {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Socket::Tcp(s) => Pin::new(s).poll_write(cx, buf),
            Socket::Unix(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Socket::Tcp(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Socket::Unix(s) => Pin::new(s).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Socket::Tcp(s) => s.is_write_vectored(),
            Socket::Unix(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Socket::Tcp(s) => Pin::new(s).poll_flush(cx),
            Socket::Unix(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Socket::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            Socket::Unix(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

async fn open_socket(endpoint: &Endpoint) -> io::Result<Socket> {
    match endpoint {
        Endpoint::Tcp(addr) => {
            let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
            // libpq turns keepalives on by default (with the system's timings).
            socket.set_keepalive(true)?;
            let stream = socket.connect(*addr).await?;
            stream.set_nodelay(true)?;
            Ok(Socket::Tcp(stream))
        }
        Endpoint::Unix(path) => Ok(Socket::Unix(UnixStream::connect(path).await?)),
    }
}

/// A connected session: the tokio-postgres [`Client`] (also reachable through `Deref`) and
/// how the connection was made. The connection task runs on the tokio runtime until the
/// client is dropped.
pub struct Session {
    client: Client,
    server: Server,
    tls: bool,
    cancel: CancelHandle,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("server", &self.server.to_string())
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The client, mutably (for transactions).
    pub fn client_mut(&mut self) -> &mut Client {
        &mut self.client
    }

    /// The client, giving up the rest.
    pub fn into_client(self) -> Client {
        self.client
    }

    /// Whether the connection is encrypted with TLS.
    pub fn uses_tls(&self) -> bool {
        self.tls
    }

    /// The server connected to.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// A handle that asks the server to cancel this session's running query (it opens a new
    /// connection to the same address, with TLS if this session uses it).
    pub fn cancel_handle(&self) -> CancelHandle {
        self.cancel.clone()
    }
}

impl Deref for Session {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Client {
        &mut self.client
    }
}

/// Sends cancel requests for a [`Session`]; cheap to clone, usable after the session is
/// moved elsewhere.
#[derive(Clone)]
pub struct CancelHandle {
    token: CancelToken,
    server: Server,
    tls: Option<TlsConfig>,
    server_name: String,
    timeout: Option<Duration>,
}

impl fmt::Debug for CancelHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelHandle")
            .field("server", &self.server.to_string())
            .finish_non_exhaustive()
    }
}

impl CancelHandle {
    /// Asks the server to cancel the session's current query. Success means the request was
    /// delivered, not that a query was cancelled.
    pub async fn cancel(&self) -> Result<(), ConnectError> {
        let send = async {
            let socket = open_socket(&self.server.endpoint)
                .await
                .map_err(|source| ConnectError::Connect { server: self.server.clone(), source })?;
            let outcome = Arc::new(HandshakeOutcome::default());
            let connector = match &self.tls {
                Some(tls) => tls.connector(&self.server_name, outcome),
                None => Connector::none(outcome),
            };
            self.token
                .cancel_query_raw(socket, connector)
                .await
                .map_err(|source| ConnectError::Cancel { server: self.server.clone(), source })
        };
        match self.timeout {
            Some(timeout) => tokio::time::timeout(timeout, send).await.unwrap_or_else(|_| {
                Err(ConnectError::Timeout { server: self.server.clone(), timeout })
            }),
            None => send.await,
        }
    }
}

/// Connects with `settings`, trying every target, address and sslmode fallback in libpq's
/// order; returns the first session that succeeds, or every failure.
///
/// Must run inside a tokio runtime (the connection task is spawned on it).
pub async fn connect(settings: &ConnectionSettings) -> Result<Session, ConnectError> {
    let mut failures = Vec::new();
    for target in settings.targets() {
        if let Some(session) = Box::pin(connect_target(settings, target, &mut failures)).await {
            return Ok(session);
        }
    }
    Err(ConnectError::from_attempts(failures))
}

/// What to do after an address failed.
enum Next {
    Address,
    Host,
}

async fn connect_target(
    settings: &ConnectionSettings,
    target: &Target,
    failures: &mut Vec<ConnectError>,
) -> Option<Session> {
    let port = target.port();
    let endpoints = if let Some(ip) = target.hostaddr() {
        vec![Endpoint::Tcp(SocketAddr::new(ip, port))]
    } else if let Some(dir) = target.socket_dir() {
        vec![Endpoint::Unix(dir.join(format!(".s.PGSQL.{port}")))]
    } else {
        match tokio::net::lookup_host((target.host(), port)).await {
            Ok(addrs) => addrs.map(Endpoint::Tcp).collect(),
            Err(source) => {
                failures.push(ConnectError::Resolve { host: target.host().to_owned(), source });
                return None;
            }
        }
    };
    for endpoint in endpoints {
        let server = Server::new(target.host(), endpoint);
        let mut attempt_failures = Vec::new();
        let attempt = connect_endpoint(settings, target, &server, &mut attempt_failures);
        let result = match settings.connect_timeout() {
            Some(timeout) => match tokio::time::timeout(timeout, attempt).await {
                Ok(result) => result,
                Err(_) => {
                    attempt_failures
                        .push(ConnectError::Timeout { server: server.clone(), timeout });
                    Err(Next::Address)
                }
            },
            None => attempt.await,
        };
        for failure in &attempt_failures {
            tracing::debug!(error = %failure, "connection attempt failed");
        }
        failures.append(&mut attempt_failures);
        match result {
            Ok(session) => return Some(session),
            Err(Next::Address) => continue,
            Err(Next::Host) => return None,
        }
    }
    None
}

/// The TLS requested by one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tls {
    /// No TLS.
    Off,
    /// TLS if the server accepts the request.
    Try,
    /// TLS or fail.
    Must,
}

impl Tls {
    fn ssl_mode(self) -> tokio_postgres::config::SslMode {
        match self {
            Tls::Off => tokio_postgres::config::SslMode::Disable,
            Tls::Try => tokio_postgres::config::SslMode::Prefer,
            Tls::Must => tokio_postgres::config::SslMode::Require,
        }
    }
}

/// A failed attempt and what the TLS handshake did in it.
struct Failure {
    error: ConnectError,
    handshake: Handshake,
}

impl Failure {
    fn refused_login(&self) -> bool {
        self.error.code().is_some_and(|c| c.code().starts_with("28"))
    }

    fn cannot_connect_now(&self) -> bool {
        self.error.code() == Some(&SqlState::CANNOT_CONNECT_NOW)
    }
}

async fn connect_endpoint(
    settings: &ConnectionSettings,
    target: &Target,
    server: &Server,
    failures: &mut Vec<ConnectError>,
) -> Result<Session, Next> {
    let mode = settings.ssl_mode();
    let unix = matches!(server.endpoint, Endpoint::Unix(_));
    let first = match mode {
        _ if unix => Tls::Off,
        SslMode::Disable | SslMode::Allow => Tls::Off,
        SslMode::Prefer => Tls::Try,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => Tls::Must,
    };
    let failure = match attempt(settings, target, server, first).await {
        Ok(session) => return Ok(session),
        Err(f) => f,
    };
    let retry = match (mode, first) {
        (SslMode::Allow, Tls::Off) if !unix && failure.refused_login() => Some(Tls::Try),
        (SslMode::Prefer, Tls::Try)
            if failure.handshake == Handshake::Failed
                || (failure.handshake == Handshake::Succeeded && failure.refused_login()) =>
        {
            Some(Tls::Off)
        }
        _ => None,
    };
    let next_host = failure.cannot_connect_now();
    failures.push(failure.error);
    if next_host {
        return Err(Next::Host);
    }
    let Some(retry) = retry else { return Err(Next::Address) };
    tracing::debug!(
        server = %server,
        sslmode = %mode,
        tls = retry != Tls::Off,
        "retrying with the other encryption"
    );
    match attempt(settings, target, server, retry).await {
        Ok(session) => Ok(session),
        Err(f) => {
            let next_host = f.cannot_connect_now();
            failures.push(f.error);
            Err(if next_host { Next::Host } else { Next::Address })
        }
    }
}

async fn attempt(
    settings: &ConnectionSettings,
    target: &Target,
    server: &Server,
    tls: Tls,
) -> Result<Session, Failure> {
    tracing::debug!(
        server = %server,
        tls = ?tls,
        user = settings.user(),
        dbname = settings.dbname(),
        "connecting"
    );
    let socket = open_socket(&server.endpoint).await.map_err(|source| Failure {
        error: ConnectError::Connect { server: server.clone(), source },
        handshake: Handshake::NotStarted,
    })?;
    let mut config = tokio_postgres::Config::new();
    config
        .user(settings.user())
        .dbname(settings.dbname())
        .application_name(settings.application_name())
        .ssl_mode(tls.ssl_mode())
        .channel_binding(settings.channel_binding());
    if let Some(options) = settings.options() {
        config.options(options);
    }
    if let Some(password) = target.password() {
        config.password(password.expose());
    }
    let outcome = Arc::new(HandshakeOutcome::default());
    let server_name = target.tls_server_name();
    let connector = match settings.tls() {
        Some(t) if tls != Tls::Off => t.connector(&server_name, outcome.clone()),
        _ => Connector::none(outcome.clone()),
    };
    match config.connect_raw(socket, connector).await {
        Ok((client, connection)) => {
            let uses_tls = outcome.get() == Handshake::Succeeded;
            tracing::debug!(server = %server, tls = uses_tls, "connected");
            tokio::spawn(drive(connection, server.clone()));
            let cancel = CancelHandle {
                token: client.cancel_token(),
                server: server.clone(),
                tls: if uses_tls { settings.tls().cloned() } else { None },
                server_name,
                timeout: settings.connect_timeout(),
            };
            Ok(Session { client, server: server.clone(), tls: uses_tls, cancel })
        }
        Err(e) => {
            let handshake = outcome.get();
            Err(Failure { error: classify(e, settings, target, server, tls, handshake), handshake })
        }
    }
}

/// Turns a tokio-postgres startup error into a [`ConnectError`], by SQLSTATE for server
/// errors and by what the TLS handshake did otherwise.
fn classify(
    e: tokio_postgres::Error,
    settings: &ConnectionSettings,
    target: &Target,
    server: &Server,
    tls: Tls,
    handshake: Handshake,
) -> ConnectError {
    let server = server.clone();
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        return if *code == SqlState::INVALID_PASSWORD {
            ConnectError::PasswordAuthentication {
                server,
                user: settings.user().to_owned(),
                password_file: target.password_file().map(Path::to_owned),
                source: e,
            }
        } else if code.code().starts_with("28") {
            ConnectError::Authorization {
                server,
                user: settings.user().to_owned(),
                dbname: settings.dbname().to_owned(),
                source: e,
            }
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            ConnectError::DatabaseNotFound {
                server,
                dbname: settings.dbname().to_owned(),
                source: e,
            }
        } else {
            ConnectError::Startup { server, source: e }
        };
    }
    let io_failure = std::error::Error::source(&e).is_some_and(|s| s.is::<io::Error>());
    match handshake {
        Handshake::Failed | Handshake::Started => {
            ConnectError::Tls { server, ssl_mode: settings.ssl_mode(), source: e }
        }
        // tokio-postgres reports the server's refusal of TLS (it answered 'N' to the
        // SSLRequest) as a TLS error without an I/O cause.
        Handshake::NotStarted if tls == Tls::Must && !io_failure => {
            ConnectError::TlsNotSupported { server, ssl_mode: settings.ssl_mode() }
        }
        _ => ConnectError::Startup { server, source: e },
    }
}

/// Drives a connection until it ends, forwarding notices to `tracing`.
async fn drive(mut connection: tokio_postgres::Connection<Socket, TlsStream>, server: Server) {
    loop {
        match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
            None => break,
            Some(Ok(AsyncMessage::Notice(notice))) => log_notice(&server, &notice),
            Some(Ok(AsyncMessage::Notification(n))) => {
                tracing::debug!(server = %server, channel = n.channel(), "notification received");
            }
            Some(Ok(_)) => {}
            Some(Err(error)) => {
                tracing::error!(server = %server, %error, "connection to server failed");
                break;
            }
        }
    }
}

fn log_notice(server: &Server, notice: &DbError) {
    let (severity, code, message) = (notice.severity(), notice.code().code(), notice.message());
    match notice.parsed_severity() {
        Some(Severity::Warning) => {
            tracing::warn!(server = %server, severity, code, message, "server notice");
        }
        Some(Severity::Debug | Severity::Log) => {
            tracing::debug!(server = %server, severity, code, message, "server notice");
        }
        _ => tracing::info!(server = %server, severity, code, message, "server notice"),
    }
}
