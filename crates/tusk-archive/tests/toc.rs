//! TOC write→read round trips of generated TOCs in every version, and the writer's validation.

use proptest::prelude::*;
use tusk_archive::{
    Algorithm, ArchiveVersion, CreationTime, Error, Header, HeaderCompression, Section, Toc,
    TocEntry, WriteProblem, encode_toc, read_toc, write_toc,
};

const VERSIONS: [ArchiveVersion; 5] = [
    ArchiveVersion::V1_12,
    ArchiveVersion::V1_13,
    ArchiveVersion::V1_14,
    ArchiveVersion::V1_15,
    ArchiveVersion::V1_16,
];

fn opt_string() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![Just(String::new()), "[a-zA-Z0-9 _.;()'\n]{0,30}", ".{0,10}"])
}

fn section() -> impl Strategy<Value = Section> {
    prop_oneof![
        Just(Section::None),
        Just(Section::PreData),
        Just(Section::Data),
        Just(Section::PostData)
    ]
}

fn entry(version: ArchiveVersion) -> impl Strategy<Value = TocEntry> {
    let relkinds =
        if version >= ArchiveVersion::V1_16 { vec![0, 114, 112, 118, 109, 102] } else { vec![0] };
    let has_tableam = version >= ArchiveVersion::V1_14;
    (
        (any::<bool>(), any::<u32>(), any::<u32>(), opt_string(), ".{0,12}", section()),
        (opt_string(), opt_string(), opt_string(), opt_string(), opt_string(), opt_string()),
        (
            proptest::sample::select(relkinds),
            opt_string(),
            prop_oneof![Just("false".to_owned()), Just("true".to_owned())],
        ),
        (proptest::collection::vec(any::<i32>(), 0..4), "[0-9a-z_.]{0,12}"),
    )
        .prop_map(move |(a, b, c, d)| TocEntry {
            dump_id: 0, // assigned below
            had_dumper: a.0,
            table_oid: a.1,
            oid: a.2,
            tag: a.3,
            desc: a.4,
            section: a.5,
            defn: b.0,
            drop_stmt: b.1,
            copy_stmt: b.2,
            namespace: b.3,
            tablespace: b.4,
            tableam: if has_tableam { b.5 } else { None },
            relkind: c.0,
            owner: c.1,
            with_oids: c.2,
            dependencies: d.0,
            filename: d.1,
        })
}

fn header(version: ArchiveVersion) -> impl Strategy<Value = Header> {
    let compression = if version >= ArchiveVersion::V1_15 {
        prop_oneof![
            Just(Algorithm::None),
            Just(Algorithm::Gzip),
            Just(Algorithm::Lz4),
            Just(Algorithm::Zstd)
        ]
        .prop_map(HeaderCompression::Algorithm)
        .boxed()
    } else {
        (-1i32..=9).prop_map(HeaderCompression::Level).boxed()
    };
    (
        proptest::sample::select(vec![4u8, 8, 32]),
        any::<u8>(),
        compression,
        proptest::array::uniform7(any::<i32>()),
        (opt_string(), opt_string(), opt_string()),
        any::<u8>(),
    )
        .prop_map(move |(int_size, off_size, compression, t, names, rev)| Header {
            version: ArchiveVersion { rev, ..version },
            int_size,
            off_size,
            format: 3,
            compression,
            created: CreationTime {
                sec: t[0],
                min: t[1],
                hour: t[2],
                mday: t[3],
                mon: t[4],
                year: t[5],
                isdst: t[6],
            },
            dbname: names.0,
            server_version: names.1,
            dump_version: names.2,
        })
}

fn toc() -> impl Strategy<Value = Toc> {
    proptest::sample::select(VERSIONS.to_vec()).prop_flat_map(|version| {
        (
            header(version),
            proptest::collection::vec(entry(version), 0..12),
            proptest::collection::btree_set(1i32..=i32::MAX, 12),
        )
            .prop_map(|(header, mut entries, ids)| {
                for (entry, id) in entries.iter_mut().zip(ids) {
                    entry.dump_id = id;
                }
                Toc { header, entries }
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn generated_tocs_round_trip(toc in toc()) {
        let bytes = encode_toc(&toc).unwrap();
        let back = read_toc(&bytes).unwrap();
        prop_assert_eq!(&back, &toc);
        prop_assert_eq!(encode_toc(&back).unwrap(), bytes.clone());
        let mut out = Vec::new();
        write_toc(&toc, &mut out).unwrap();
        prop_assert_eq!(out, bytes);
    }

    #[test]
    fn truncated_generated_tocs_fail(toc in toc(), fraction in 0.0f64..1.0) {
        let bytes = encode_toc(&toc).unwrap();
        let cut = ((bytes.len() as f64) * fraction) as usize;
        prop_assert!(read_toc(&bytes[..cut]).is_err());
    }
}

fn sample(version: ArchiveVersion) -> Toc {
    let mut header = Header::for_writing(Algorithm::None);
    header.version = version;
    header.compression = HeaderCompression::for_version(version, Algorithm::None, -1).unwrap();
    let entry = TocEntry {
        table_oid: 1259,
        oid: 16385,
        tag: Some("t".into()),
        defn: Some("CREATE TABLE public.t (id integer);\n".into()),
        drop_stmt: Some("DROP TABLE public.t;\n".into()),
        namespace: Some("public".into()),
        tablespace: Some(String::new()),
        owner: Some("postgres".into()),
        ..TocEntry::new(214, "TABLE", Section::PreData)
    };
    Toc { header, entries: vec![entry] }
}

fn problem(toc: &Toc) -> (Option<i32>, WriteProblem) {
    match encode_toc(toc) {
        Err(Error::Unrepresentable { dump_id, problem, .. }) => (dump_id, problem),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn relkind_needs_1_16() {
    for version in [ArchiveVersion::V1_14, ArchiveVersion::V1_15] {
        let mut toc = sample(version);
        toc.entries[0].relkind = i32::from(b'r');
        assert_eq!(problem(&toc), (Some(214), WriteProblem::RelkindNeeds116 { relkind: 114 }));
        let err = encode_toc(&toc).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot write TOC entry 214 in archive version {version}: relkind 114 needs version 1.16 or later"
            )
        );
    }
    let mut toc = sample(ArchiveVersion::V1_16);
    toc.entries[0].relkind = i32::from(b'r');
    assert_eq!(read_toc(&encode_toc(&toc).unwrap()).unwrap(), toc);
}

#[test]
fn tableam_needs_1_14() {
    let mut toc = sample(ArchiveVersion::V1_13);
    toc.entries[0].tableam = Some("heap".into());
    assert_eq!(problem(&toc), (Some(214), WriteProblem::TableamNeeds114));
}

#[test]
fn header_compression_must_match_the_version() {
    let mut toc = sample(ArchiveVersion::V1_14);
    toc.header.compression = HeaderCompression::Algorithm(Algorithm::Zstd);
    assert_eq!(
        problem(&toc),
        (None, WriteProblem::AlgorithmInOldVersion { algorithm: Algorithm::Zstd })
    );
    toc.header.compression = HeaderCompression::Algorithm(Algorithm::Lz4);
    assert!(
        encode_toc(&toc)
            .unwrap_err()
            .to_string()
            .starts_with("cannot write the header in archive version 1.14")
    );
    let mut toc = sample(ArchiveVersion::V1_15);
    toc.header.compression = HeaderCompression::Level(6);
    assert_eq!(problem(&toc), (None, WriteProblem::LevelInNewVersion));
    assert!(HeaderCompression::for_version(ArchiveVersion::V1_14, Algorithm::Zstd, -1).is_err());
}

#[test]
fn header_shape_is_checked() {
    let mut toc = sample(ArchiveVersion::V1_14);
    toc.header.version = ArchiveVersion { major: 1, minor: 17, rev: 0 };
    assert_eq!(problem(&toc).1, WriteProblem::UnsupportedVersion);
    let mut toc = sample(ArchiveVersion::V1_14);
    toc.header.format = 1;
    assert_eq!(problem(&toc).1, WriteProblem::NotDirectoryFormat { format: 1 });
    toc.header.format = 3;
    toc.header.int_size = 33;
    assert_eq!(problem(&toc).1, WriteProblem::BadIntSize { size: 33 });
    // Small values fit in 1-byte ints, which pg_restore would read too.
    toc.header.int_size = 1;
    assert_eq!(read_toc(&encode_toc(&toc).unwrap()).unwrap(), toc);
    toc.header.created.year = 300;
    assert_eq!(problem(&toc), (None, WriteProblem::IntTooWide { value: 300, int_size: 1 }));
    toc.header.created.year = 126;
    toc.entries[0].defn = Some("x".repeat(256));
    assert_eq!(problem(&toc), (Some(214), WriteProblem::IntTooWide { value: 256, int_size: 1 }));
}

#[test]
fn dump_ids_are_checked() {
    let mut toc = sample(ArchiveVersion::V1_14);
    toc.entries[0].dump_id = 0;
    assert_eq!(problem(&toc), (Some(0), WriteProblem::InvalidDumpId { id: 0 }));
    let mut toc = sample(ArchiveVersion::V1_14);
    let twin = toc.entries[0].clone();
    toc.entries.push(twin);
    assert_eq!(problem(&toc), (Some(214), WriteProblem::DuplicateDumpId { id: 214 }));
}

#[test]
fn failed_validation_writes_nothing() {
    let mut toc = sample(ArchiveVersion::V1_14);
    toc.entries[0].relkind = 114;
    let mut out = Vec::new();
    assert!(write_toc(&toc, &mut out).is_err());
    assert!(out.is_empty());
}

#[test]
fn writer_version_policy() {
    assert_eq!(ArchiveVersion::for_writing(Algorithm::None), ArchiveVersion::V1_14);
    assert_eq!(ArchiveVersion::for_writing(Algorithm::Gzip), ArchiveVersion::V1_14);
    assert_eq!(ArchiveVersion::for_writing(Algorithm::Zstd), ArchiveVersion::V1_15);
    assert!(!ArchiveVersion::V1_14.can_hold(Algorithm::Zstd));
    assert!(ArchiveVersion::V1_15.can_hold(Algorithm::Zstd));
}
