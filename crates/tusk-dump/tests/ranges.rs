//! Split tables: ctid ranges dumped by several workers land as consecutive frames of one data
//! file, lose and duplicate no row, and each frame reads on its own.

use std::io::Read;

use tusk_archive::{Algorithm, Archive};
use tusk_dump::{DumpOptions, Progress, ProgressEvent, format_checksum};
use tusk_testkit::Cluster;
use xxhash_rust::xxh3::xxh3_64;

use crate::support::{
    algorithms, archive_dir, dump, files_in, minimal_toc, read_data, sorted_rows, source_rows,
    table_data,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ranges_lose_and_duplicate_no_row() {
    let db = Cluster::shared().create_database();
    db.psql(
        "CREATE TABLE public.wide (id int, pad text, n numeric);
         INSERT INTO public.wide SELECT g, repeat(chr(65 + g % 26), g % 200), g / 7.0
           FROM generate_series(1, 30000) g;
         DELETE FROM public.wide WHERE id % 13 = 0;
         VACUUM ANALYZE public.wide;
         CREATE TABLE public.grown (id int, v text);
         INSERT INTO public.grown SELECT g, md5(g::text) FROM generate_series(1, 10000) g;
         VACUUM ANALYZE public.grown;",
    );
    let wide = table_data(&db, "public", "wide", 7);
    // Stale statistics: the table has grown to four times what relpages says. The open-ended
    // last range still gets every row.
    let grown = table_data(&db, "public", "grown", 8);
    db.psql(
        "INSERT INTO public.grown SELECT g, md5(g::text) FROM generate_series(10001, 40000) g;",
    );
    assert!(wide.relpages >= 40, "relpages {}", wide.relpages);
    let split_pages = (grown.relpages / 5).max(1);

    for algorithm in algorithms() {
        let (_tmp, dir) = archive_dir();
        let options = DumpOptions {
            jobs: 4,
            algorithm,
            split_pages: Some(split_pages),
            ..Default::default()
        };
        let started = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = std::sync::Arc::clone(&started);
        let progress = Progress::new(move |e| {
            if let ProgressEvent::Started { dump_id, range: Some(r), .. } = e {
                seen.lock().unwrap().push((*dump_id, *r));
            }
        });
        let tables = vec![wide.clone(), grown.clone()];
        let toc = minimal_toc(
            algorithm,
            &[
                (
                    wide.clone(),
                    "CREATE TABLE public.wide (id integer, pad text, n numeric);\n".into(),
                ),
                (grown.clone(), "CREATE TABLE public.grown (id integer, v text);\n".into()),
            ],
        );
        let manifest =
            dump(&db, &dir, tables, &options, Some(progress), Some(toc)).await.expect("dump");
        assert!(started.lock().unwrap().len() >= 8);

        // Only the final files, the manifest and toc.dat: no parts, no temporary files.
        let suffix = algorithm.suffix();
        assert_eq!(
            files_in(&dir),
            vec![
                format!("7.dat{suffix}"),
                format!("8.dat{suffix}"),
                "toc.dat".into(),
                "tusk-manifest.json".into()
            ]
        );

        let archive = Archive::open(&dir).expect("archive opens");
        for table in [&wide, &grown] {
            let data = read_data(&dir, &manifest, table.dump_id);
            assert_eq!(sorted_rows(&data), source_rows(&db, table), "{algorithm:?} {}", table.name);
            let file = manifest.file(table.dump_id).expect("entry");
            assert!(file.chunks.len() >= 4, "{} chunks", file.chunks.len());
            assert_eq!(file.checksum, format_checksum(xxh3_64(&data)));
            assert_eq!(file.uncompressed_bytes, data.len() as u64);
            let size = fs_err::metadata(dir.join(&file.file)).expect("stat").len();
            assert_eq!(file.compressed_bytes, size);
            // Consecutive frames covering the file, in range order.
            let mut offset = 0;
            let mut uncompressed = 0;
            let entry = archive.entry(table.dump_id).expect("toc entry");
            for (i, chunk) in file.chunks.iter().enumerate() {
                assert_eq!(chunk.compressed_offset, offset);
                assert_eq!(chunk.uncompressed_offset, uncompressed);
                assert_eq!(chunk.first_page.is_none(), i == 0);
                assert_eq!(chunk.end_page.is_none(), i + 1 == file.chunks.len());
                if i > 0 {
                    assert_eq!(chunk.first_page, file.chunks[i - 1].end_page);
                }
                let mut part = Vec::new();
                archive
                    .open_data_at(
                        entry,
                        chunk.compressed_offset,
                        Some(chunk.compressed_offset + chunk.compressed_length),
                    )
                    .expect("open frame")
                    .read_to_end(&mut part)
                    .expect("read frame");
                assert_eq!(part.len() as u64, chunk.uncompressed_length);
                assert_eq!(
                    part.as_slice(),
                    &data[chunk.uncompressed_offset as usize..][..part.len()]
                );
                assert_eq!(format_checksum(xxh3_64(&part)), chunk.checksum);
                let newlines = part.iter().filter(|&&b| b == b'\n').count() as u64;
                let trailer_newlines = if i + 1 == file.chunks.len() { 3 } else { 0 };
                assert_eq!(newlines - trailer_newlines, chunk.rows);
                offset += chunk.compressed_length;
                uncompressed += chunk.uncompressed_length;
            }
            assert_eq!(offset, size);
            assert_eq!(file.rows, file.chunks.iter().map(|c| c.rows).sum::<u64>());
        }
        // The grown table's rows beyond its stale relpages are all in the last range.
        let grown_file = manifest.file(8).expect("grown");
        let last = grown_file.chunks.last().expect("chunks");
        assert!(last.rows > 30000 - 1, "last range rows {}", last.rows);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_tables_are_not_split() {
    let db = Cluster::shared().create_database();
    db.psql("CREATE TABLE public.s (id int); INSERT INTO public.s SELECT generate_series(1, 50); VACUUM ANALYZE public.s;");
    let (_tmp, dir) = archive_dir();
    let options = DumpOptions {
        jobs: 2,
        algorithm: Algorithm::Gzip,
        split_pages: Some(1),
        ..Default::default()
    };
    let manifest = dump(&db, &dir, vec![table_data(&db, "public", "s", 3)], &options, None, None)
        .await
        .expect("dump");
    assert_eq!(manifest.file(3).expect("entry").chunks.len(), 1);
}
