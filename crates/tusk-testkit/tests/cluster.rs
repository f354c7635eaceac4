//! The test kit against a real server.

use tusk_testkit::{Cluster, Installation};

#[test]
fn shared_cluster_gives_fresh_databases() {
    let c = Cluster::shared();
    let a = c.create_database();
    let b = c.create_database();
    assert_ne!(a.name(), b.name());
    a.psql("CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2)");
    assert_eq!(a.psql("SELECT count(*) FROM t").trim(), "2");
    // b is a different, empty database
    assert_eq!(b.psql("SELECT count(*) FROM pg_class WHERE relname = 't'").trim(), "0");
    // pinned settings
    assert_eq!(a.psql("SHOW server_encoding").trim(), "UTF8");
    let collate = a.psql("SELECT datcollate FROM pg_database WHERE datname = current_database()");
    assert_eq!(collate.trim(), "C");
    assert_eq!(a.psql("SHOW TimeZone").trim(), "UTC");
}

#[test]
fn shared_cluster_is_one_per_process() {
    assert!(std::ptr::eq(Cluster::shared(), Cluster::shared()));
    assert!(std::ptr::eq(Cluster::shared(), Cluster::shared_major(Cluster::shared().major())));
}

#[test]
fn tcp_needs_the_password() {
    let c = Cluster::shared();
    let ok = c.run("psql", &["-X", "-At", "-d", &c.tcp_conninfo("postgres"), "-c", "SELECT 1"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let bad =
        format!("host=127.0.0.1 port={} user=postgres password=wrong dbname=postgres", c.port());
    let out = c.run("psql", &["-X", "-At", "-d", &bad, "-c", "SELECT 1"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("password authentication failed"));
}

#[test]
fn dropping_a_cluster_stops_it_and_removes_its_files() {
    let c = Cluster::builder().setting("work_mem", "'8MB'").start();
    assert_eq!(c.psql("postgres", "SHOW work_mem").trim(), "8MB");
    let data = c.data_dir().to_path_buf();
    let port = c.port();
    drop(c);
    assert!(!data.exists(), "data directory still there");
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "server still listening");
}

#[test]
fn dropping_after_a_panic_still_cleans_up() {
    let data = std::sync::Mutex::new(None);
    let r = std::panic::catch_unwind(|| {
        let c = Cluster::builder().start();
        *data.lock().unwrap() = Some(c.data_dir().to_path_buf());
        panic!("test failure while the cluster runs");
    });
    assert!(r.is_err());
    let data = data.lock().unwrap().clone().expect("cluster had started");
    assert!(!data.exists(), "data directory left behind after a panic");
}

#[test]
fn installations_report_their_major() {
    let all = Installation::all();
    assert!(!all.is_empty(), "no installation found");
    let def = Installation::find_default().unwrap();
    assert!(def.major() >= 13, "major {}", def.major());
    assert_eq!(Installation::for_major(def.major()).unwrap().major(), def.major());
    assert!(Installation::for_major(9).is_err());
}

#[test]
fn a_bindir_without_a_server_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Installation::from_bindir(dir.path()).unwrap_err();
    assert!(err.contains("apt-get install postgresql"), "{err}");
}
