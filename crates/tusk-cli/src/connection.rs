//! The connection options that `tusk dump` and `tusk restore` share with pg_dump and
//! pg_restore (`-d`, `-h`, `-p`, `-U`, `-w`, `-W`), resolved the way libpq layers them.

use anyhow::Context as _;
use tusk::pg::{ConnInfo, ConnectionSettings, Password};

/// `-d/-h/-p/-U/-w/-W`, flattened into each subcommand that connects.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct ConnectionArgs {
    /// The database to connect to: a name, or a `key=value` connection string or URI.
    #[arg(short = 'd', long = "dbname")]
    pub(crate) dbname: Option<String>,

    /// Database server host or socket directory.
    #[arg(short = 'h', long = "host")]
    pub(crate) host: Option<String>,

    /// Database server port.
    #[arg(short = 'p', long = "port")]
    pub(crate) port: Option<String>,

    /// Connect as this user.
    #[arg(short = 'U', long = "username")]
    pub(crate) username: Option<String>,

    /// Never prompt for a password.
    #[arg(short = 'w', long = "no-password", conflicts_with = "password")]
    pub(crate) no_password: bool,

    /// Prompt for a password (on the terminal) before connecting.
    #[arg(short = 'W', long = "password")]
    pub(crate) password: bool,
}

impl ConnectionArgs {
    /// Resolves the options against the environment (`PG*` variables, `.pgpass`) into
    /// settings, prompting for the password first with `-W`.
    ///
    /// `default_dbname` is used when `-d` is not given (pg_dump's positional DBNAME). As in
    /// pg_dump, values inside a `-d` connection string win over `-h`/`-p`/`-U`, which win over
    /// the environment.
    pub(crate) fn settings(
        &self,
        default_dbname: Option<&str>,
    ) -> anyhow::Result<ConnectionSettings> {
        self.resolve(default_dbname, None)
    }

    /// Settings for a command that reads the cluster rather than one database (as
    /// pg_dumpall): the database is `cluster_dbname` unless `-d` (or a connection string in
    /// it) names one; `PGDATABASE` is not used.
    pub(crate) fn cluster_settings(
        &self,
        cluster_dbname: &str,
    ) -> anyhow::Result<ConnectionSettings> {
        self.resolve(None, Some(cluster_dbname))
    }

    fn resolve(
        &self,
        default_dbname: Option<&str>,
        cluster_dbname: Option<&str>,
    ) -> anyhow::Result<ConnectionSettings> {
        // -w only forbids a prompt, and tusk prompts only with -W (which -w conflicts with).
        let _ = self.no_password;
        let dbname = self.dbname.as_deref().or(default_dbname).unwrap_or("");
        let params = [
            ("host", self.host.as_deref().unwrap_or("")),
            ("port", self.port.as_deref().unwrap_or("")),
            ("user", self.username.as_deref().unwrap_or("")),
            ("dbname", dbname),
        ];
        let mut info = ConnInfo::from_params(&params, true)?;
        if let Some(cluster_dbname) = cluster_dbname {
            // The given values win over the default database.
            let mut with_default = ConnInfo::from_params(&[("dbname", cluster_dbname)], false)?;
            with_default.merge(info);
            info = with_default;
        }
        if self.password {
            let password =
                rpassword::prompt_password("Password: ").context("could not read the password")?;
            info.set_password(Password::new(password));
        }
        Ok(ConnectionSettings::from_env(&info)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_d_connection_string_wins_over_flags() {
        let args = ConnectionArgs {
            dbname: Some("host=h1 port=5433 dbname=db1".to_owned()),
            host: Some("h2".to_owned()),
            port: Some("6000".to_owned()),
            username: Some("u".to_owned()),
            ..ConnectionArgs::default()
        };
        let s = args.settings(Some("ignored")).unwrap();
        assert_eq!(s.dbname(), "db1");
        assert_eq!(s.user(), "u");
        assert_eq!(s.targets()[0].host(), "h1");
        assert_eq!(s.targets()[0].port(), 5433);
    }

    #[test]
    fn cluster_settings_default_to_postgres_unless_a_database_is_named() {
        let args = ConnectionArgs {
            dbname: Some("host=h user=u".to_owned()),
            ..ConnectionArgs::default()
        };
        let s = args.cluster_settings("postgres").unwrap();
        assert_eq!((s.dbname(), s.user()), ("postgres", "u"));
        let args = ConnectionArgs {
            dbname: Some("host=h user=u dbname=other".to_owned()),
            ..ConnectionArgs::default()
        };
        assert_eq!(args.cluster_settings("postgres").unwrap().dbname(), "other");
        let args = ConnectionArgs { dbname: Some("named".to_owned()), ..ConnectionArgs::default() };
        assert_eq!(args.cluster_settings("postgres").unwrap().dbname(), "named");
        let args = ConnectionArgs { host: Some("h".to_owned()), ..ConnectionArgs::default() };
        assert_eq!(args.cluster_settings("postgres").unwrap().dbname(), "postgres");
    }

    #[test]
    fn default_dbname_used_without_dash_d() {
        let args = ConnectionArgs {
            host: Some("h".to_owned()),
            username: Some("u".to_owned()),
            ..ConnectionArgs::default()
        };
        assert_eq!(args.settings(Some("positional")).unwrap().dbname(), "positional");
    }
}
