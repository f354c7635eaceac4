//! Large objects, as pg_dump 15 writes them in archives 1.14/1.15 (`getBlobs`, `dumpBlob`,
//! `dumpBlobs`).
//!
//! - Metadata: one `BLOB` entry per large object (PRE_DATA, tag = OID, catalog id
//!   `(2613, oid)`, owner, `SELECT pg_catalog.lo_create('<oid>');`), each followed by its
//!   `COMMENT` and `ACL` entries (tag `LARGE OBJECT <oid>`, section NONE, depending on the
//!   BLOB). They sort like pg_dump's: by the OID's text, just before the pre-data boundary.
//! - Data: one `BLOBS` entry (DATA, tag `BLOBS`, no owner, file `blobs.toc`), placed after
//!   the table data and sequence values, before post-data. Each object's bytes go to
//!   `blob_<oid>.dat[.gz|.zst]`, in OID order.
//!
//! The data is read by the snapshot leader, inside its transaction, with
//! `pg_catalog.lo_get(oid, offset, length)` and handed to a blocking task over a channel of
//! [`CHUNKS_IN_FLIGHT`] pieces: memory stays bounded whatever the object sizes. Databases
//! can hold hundreds of thousands of small objects, so one query reads the first
//! [`FIRST`] bytes of [`BATCH`] objects at a time (≤ 16 MiB), and only the objects longer
//! than that are read on, one [`CHUNK`] per query. The leader does this alone (`-j` does not
//! spread large objects over the workers).
//!
//! ACLs are diffed against `acldefault('L', owner)` by `tusk_catalog::acl::acl_commands`,
//! pg_dump's `buildACLCommands`.

use std::collections::BTreeMap;
use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::mpsc;
use tokio_postgres::Statement;
use tusk_archive::{Algorithm, ArchiveWriter, DataWriter, Section, TocEntry};
use tusk_catalog::acl::{AclTarget, acl_commands};
use tusk_pg::Session;
use tusk_pg::quote::quote_literal;

use crate::database::attached_entry;
use crate::engine::Deliver;
use crate::error::{DumpError, Role};
use crate::snapshot::Leader;

/// `pg_largeobject`'s catalog OID (the catalog id of BLOB entries).
pub(crate) const PG_LARGEOBJECT: u32 = 2613;
/// The large-object TOC of archives up to 1.15.
pub(crate) const BLOBS_TOC: &str = "blobs.toc";
/// Bytes read per `lo_get` call.
pub(crate) const CHUNK: i32 = 1 << 20;
/// Bytes of each object read by the batched query.
pub(crate) const FIRST: i32 = 32 << 10;
/// Objects per batched query.
pub(crate) const BATCH: usize = 512;
/// Chunks that may wait for the writer.
const CHUNKS_IN_FLIGHT: usize = 4;

/// One large object's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LargeObject {
    pub(crate) oid: u32,
    pub(crate) owner: String,
    /// `lomacl` items as text; `None` when NULL (the default privileges).
    pub(crate) acl: Option<Vec<String>>,
    /// `acldefault('L', lomowner)` items as text.
    pub(crate) acl_default: Vec<String>,
    pub(crate) comment: Option<String>,
}

fn leader_error(action: &'static str) -> impl Fn(tokio_postgres::Error) -> DumpError {
    move |source| DumpError::Session { role: Role::Leader, action, source }
}

/// Reads every large object's OID, owner, ACL and comment (one query, in the snapshot).
pub(crate) async fn read_large_objects(leader: &Leader) -> Result<Vec<LargeObject>, DumpError> {
    let err = leader_error("read the large objects");
    let rows = leader
        .session()
        .query(
            "SELECT m.oid, pg_catalog.pg_get_userbyid(m.lomowner)::pg_catalog.text, \
             m.lomacl::pg_catalog.text[], \
             pg_catalog.acldefault('L', m.lomowner)::pg_catalog.text[], d.description \
             FROM pg_catalog.pg_largeobject_metadata m \
             LEFT JOIN pg_catalog.pg_description d \
             ON d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_largeobject'::pg_catalog.regclass \
             AND d.objoid OPERATOR(pg_catalog.=) m.oid \
             AND d.objsubid OPERATOR(pg_catalog.=) 0 \
             ORDER BY m.oid",
            &[],
        )
        .await
        .map_err(&err)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(LargeObject {
            oid: row.try_get(0).map_err(&err)?,
            owner: row.try_get(1).map_err(&err)?,
            acl: row.try_get(2).map_err(&err)?,
            acl_default: row.try_get(3).map_err(&err)?,
            comment: row.try_get(4).map_err(&err)?,
        });
    }
    Ok(out)
}

/// What of the large objects goes into the TOC.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct EntryOptions {
    /// `--no-comments`.
    pub(crate) no_comments: bool,
    /// `-x`.
    pub(crate) no_acl: bool,
}

/// The TOC entries of `objects`: the BLOB entries (each followed by its COMMENT and ACL),
/// in pg_dump's order, and the BLOBS entry (`None` without large objects). Dump ids come
/// from `next_id`: BLOBs in OID order, then BLOBS, then the comments and ACLs.
pub(crate) fn entries(
    objects: &[LargeObject],
    options: EntryOptions,
    mut next_id: impl FnMut() -> i32,
) -> Result<(Vec<TocEntry>, Option<TocEntry>), DumpError> {
    if objects.is_empty() {
        return Ok((Vec::new(), None));
    }
    // Dump ids follow the OIDs' values (each BLOB's, then the comments' and ACLs' in the
    // same order), as pg_dump numbers them.
    let mut sorted: Vec<&LargeObject> = objects.iter().collect();
    sorted.sort_by_key(|lo| lo.oid);
    let blob_ids: Vec<i32> = sorted.iter().map(|_| next_id()).collect();
    let mut blobs = TocEntry::new(next_id(), "BLOBS", Section::Data);
    blobs.tag = Some("BLOBS".to_owned());
    blobs.had_dumper = true;
    blobs.filename = BLOBS_TOC.to_owned();

    // First the ids and statements, in value order; then one flat list of entries in
    // pg_dump's order. Databases hold hundreds of thousands of large objects: no list per
    // object (a TocEntry is ~300 bytes).
    struct Attached {
        comment: Option<(i32, String)>,
        acl: Option<(i32, String)>,
    }
    let mut attached = Vec::with_capacity(sorted.len());
    let mut count = sorted.len();
    for lo in &sorted {
        let name = lo.oid.to_string();
        let comment = lo.comment.as_deref().filter(|_| !options.no_comments).map(|comment| {
            let defn = format!("COMMENT ON LARGE OBJECT {name} IS {};\n", quote_literal(comment));
            (next_id(), defn)
        });
        let acl = match lo.acl.as_deref().filter(|_| !options.no_acl) {
            None => None,
            Some(acl) => {
                let target = AclTarget::new("LARGE OBJECT", &name);
                let sql = acl_commands(&target, Some(acl), &lo.acl_default, &lo.owner).map_err(
                    |source| DumpError::Acl { object: format!("LARGE OBJECT {name}"), source },
                )?;
                (!sql.is_empty()).then(|| (next_id(), sql))
            }
        };
        count += usize::from(comment.is_some()) + usize::from(acl.is_some());
        attached.push(Attached { comment, acl });
    }
    // pg_dump sorts objects of one type by name: the OID's text, not its value.
    let mut order: Vec<usize> = (0..sorted.len()).collect();
    order.sort_by_cached_key(|&k| sorted[k].oid.to_string());
    let mut out = Vec::with_capacity(count);
    for k in order {
        let (lo, id) = (sorted[k], blob_ids[k]);
        let name = lo.oid.to_string();
        let mut blob = TocEntry::new(id, "BLOB", Section::PreData);
        blob.table_oid = PG_LARGEOBJECT;
        blob.oid = lo.oid;
        blob.owner = Some(lo.owner.clone());
        blob.defn = Some(format!("SELECT pg_catalog.lo_create('{name}');\n"));
        blob.drop_stmt = Some(format!("SELECT pg_catalog.lo_unlink('{name}');\n"));
        blob.tag = Some(name);
        out.push(blob);
        let tag = format!("LARGE OBJECT {}", lo.oid);
        let Attached { comment, acl } = &mut attached[k];
        if let Some((cid, defn)) = comment.take() {
            out.push(attached_entry(cid, "COMMENT", &tag, &lo.owner, defn, id));
        }
        if let Some((aid, sql)) = acl.take() {
            out.push(attached_entry(aid, "ACL", &tag, &lo.owner, sql, id));
        }
    }
    Ok((out, Some(blobs)))
}

/// Inserts the large-object entries into `toc` (the plan's entries, in order): the BLOB
/// group just before the first data or post-data entry (pg_dump's pre-data boundary), the
/// BLOBS entry just before the first post-data entry.
pub(crate) fn place(toc: &mut Vec<TocEntry>, metadata: Vec<TocEntry>, blobs: Option<TocEntry>) {
    let boundary = toc
        .iter()
        .position(|e| matches!(e.section, Section::Data | Section::PostData))
        .unwrap_or(toc.len());
    let post = toc.iter().position(|e| e.section == Section::PostData).unwrap_or(toc.len());
    toc.reserve_exact(metadata.len() + usize::from(blobs.is_some()));
    if let Some(blobs) = blobs {
        toc.insert(post, blobs);
    }
    toc.splice(boundary..boundary, metadata);
}

/// What [`dump_data`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DataSummary {
    pub(crate) objects: usize,
    pub(crate) uncompressed_bytes: u64,
    pub(crate) compressed_bytes: u64,
}

/// A message to the writer task.
enum Piece {
    Start(u32),
    Bytes(Vec<u8>),
    End,
}

/// Writes every large object of `oids` (in order) to `blob_<oid>.dat` in `archive`, reading
/// with the leader's session in [`CHUNK`]-byte pieces.
pub(crate) async fn dump_data(
    leader: &Leader,
    archive: Arc<ArchiveWriter>,
    oids: &[u32],
    algorithm: Algorithm,
) -> Result<DataSummary, DumpError> {
    let mut sorted = oids.to_vec();
    sorted.sort_unstable();
    let (tx, rx) = mpsc::channel::<Piece>(CHUNKS_IN_FLIGHT);
    let writer = tokio::task::spawn_blocking(move || write_pieces(&archive, rx, algorithm));
    let read = read_pieces(leader, &sorted, &tx).await;
    drop(tx);
    let written = writer
        .await
        .map_err(|source| DumpError::Task { what: "large object writer".to_owned(), source })?;
    // A writer failure closes the channel, which stops the reader: report the writer's error.
    let summary = written?;
    read?;
    Ok(summary)
}

async fn read_pieces(
    leader: &Leader,
    oids: &[u32],
    tx: &mpsc::Sender<Piece>,
) -> Result<(), DumpError> {
    let session = leader.session();
    let statement = prepare_read(session).await?;
    let batch_statement = session
        .prepare(
            "SELECT pg_catalog.lo_get(u.o, 0, $2::pg_catalog.int4) \
             FROM pg_catalog.unnest($1::pg_catalog.oid[]) WITH ORDINALITY AS u(o, n) \
             ORDER BY u.n",
        )
        .await
        .map_err(leader_error("prepare the batched large object read"))?;
    // The receiver is gone only when the writer failed; its error is reported instead.
    let closed = || DumpError::Cancelled;
    for batch in oids.chunks(BATCH) {
        let (first, last) = (batch[0], batch[batch.len() - 1]);
        let error = |source| DumpError::LargeObjectsRead { first, last, source };
        let rows = session.query(&batch_statement, &[&batch, &FIRST]).await.map_err(error)?;
        if rows.len() != batch.len() {
            return Err(DumpError::InvalidOptions {
                reason: "internal: the batched large object read returned another row count",
            });
        }
        for (&oid, row) in batch.iter().zip(rows) {
            let bytes: Vec<u8> =
                row.try_get(0).map_err(|source| DumpError::LargeObjectRead { oid, source })?;
            tx.send(Piece::Start(oid)).await.map_err(|_| closed())?;
            let n = bytes.len();
            if n > 0 {
                tx.send(Piece::Bytes(bytes)).await.map_err(|_| closed())?;
            }
            if n == FIRST as usize
                && !read_object(session, &statement, oid, i64::from(FIRST), ToWriter(tx)).await?
            {
                return Err(closed());
            }
            tx.send(Piece::End).await.map_err(|_| closed())?;
        }
    }
    Ok(())
}

/// Prepares the chunked read of [`read_object`].
async fn prepare_read(session: &Session) -> Result<Statement, DumpError> {
    session
        .prepare(
            "SELECT pg_catalog.lo_get($1::pg_catalog.oid, $2::pg_catalog.int8, \
             $3::pg_catalog.int4)",
        )
        .await
        .map_err(leader_error("prepare the large object read"))
}

/// Reads large object `oid` from byte `offset` on in [`CHUNK`]-byte pieces with `statement`
/// (from [`prepare_read`]) and hands each non-empty piece to `sink`; `Ok(false)` as soon as
/// `sink` refuses one.
async fn read_object(
    session: &Session,
    statement: &Statement,
    oid: u32,
    mut offset: i64,
    mut sink: impl Deliver,
) -> Result<bool, DumpError> {
    loop {
        let row = session
            .query_one(statement, &[&oid, &offset, &CHUNK])
            .await
            .map_err(|source| DumpError::LargeObjectRead { oid, source })?;
        let bytes: Vec<u8> =
            row.try_get(0).map_err(|source| DumpError::LargeObjectRead { oid, source })?;
        let n = bytes.len();
        if n > 0 && !sink.deliver(bytes).await {
            return Ok(false);
        }
        if n < CHUNK as usize {
            return Ok(true);
        }
        offset += n as i64;
    }
}

/// Reads the whole of large object `oid` into memory, with the leader's session (so in the
/// dump's snapshot), in [`CHUNK`]-byte pieces (no server-side limit on the object's size; the
/// client holds all of it).
pub(crate) async fn read_whole(leader: &Leader, oid: u32) -> Result<Bytes, DumpError> {
    let session = leader.session();
    let statement = prepare_read(session).await?;
    let mut out = Whole(Vec::new());
    read_object(session, &statement, oid, 0, &mut out).await?;
    Ok(Bytes::from(out.0))
}

/// The writer task's channel, as a sink of pieces.
struct ToWriter<'a>(&'a mpsc::Sender<Piece>);

impl Deliver for ToWriter<'_> {
    async fn deliver(&mut self, buffer: Vec<u8>) -> bool {
        self.0.send(Piece::Bytes(buffer)).await.is_ok()
    }
}

/// A sink gathering a whole object.
struct Whole(Vec<u8>);

impl Deliver for &mut Whole {
    async fn deliver(&mut self, buffer: Vec<u8>) -> bool {
        if self.0.is_empty() {
            self.0 = buffer;
        } else {
            self.0.extend_from_slice(&buffer);
        }
        true
    }
}

/// Which large objects' data each BLOBS entry carries (its dump id → OIDs, in the order
/// they are written): archives up to 1.15 have one BLOBS entry, `blobs` from [`entries`],
/// holding every object.
pub(crate) fn data_groups(
    objects: &[LargeObject],
    blobs: Option<&TocEntry>,
) -> BTreeMap<i32, Vec<u32>> {
    let mut groups = BTreeMap::new();
    if let Some(blobs) = blobs {
        let mut oids: Vec<u32> = objects.iter().map(|lo| lo.oid).collect();
        oids.sort_unstable();
        groups.insert(blobs.dump_id, oids);
    }
    groups
}

fn write_pieces(
    archive: &ArchiveWriter,
    mut rx: mpsc::Receiver<Piece>,
    algorithm: Algorithm,
) -> Result<DataSummary, DumpError> {
    use std::io::Write;
    let mut summary = DataSummary::default();
    let mut current: Option<(u32, DataWriter)> = None;
    let write_error = |oid, source| DumpError::LargeObjectWrite { oid, source: Box::new(source) };
    while let Some(piece) = rx.blocking_recv() {
        match piece {
            Piece::Start(oid) => {
                let writer = archive
                    .blob_file(BLOBS_TOC, oid, algorithm)
                    .map_err(|source| write_error(oid, source))?;
                current = Some((oid, writer));
            }
            Piece::Bytes(bytes) => {
                let Some((oid, writer)) = current.as_mut() else {
                    return Err(DumpError::InvalidOptions {
                        reason: "internal: large object data without a start",
                    });
                };
                let oid = *oid;
                writer.write_all(&bytes).map_err(|e| {
                    let source = tusk_archive::Error::downcast_io(e).unwrap_or_else(|source| {
                        tusk_archive::Error::Write { path: writer.path().to_path_buf(), source }
                    });
                    write_error(oid, source)
                })?;
            }
            Piece::End => {
                let Some((oid, writer)) = current.take() else {
                    return Err(DumpError::InvalidOptions {
                        reason: "internal: large object end without a start",
                    });
                };
                let done = writer.finish().map_err(|source| write_error(oid, source))?;
                summary.objects += 1;
                summary.uncompressed_bytes += done.bytes_in;
                summary.compressed_bytes += done.bytes_out;
            }
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn entries_sort_by_oid_text_and_place_at_the_boundaries() {
        let lo = |oid, comment: Option<&str>, acl: Option<Vec<String>>| LargeObject {
            oid,
            owner: "alice".to_owned(),
            acl,
            acl_default: s(&["alice=rw/alice"]),
            comment: comment.map(str::to_owned),
        };
        let objects = vec![
            lo(100_000, None, None),
            lo(99_999, Some("it's"), Some(s(&["alice=rw/alice", "bob=r/alice"]))),
        ];
        let mut id = 10;
        let (meta, blobs) = entries(&objects, EntryOptions::default(), || {
            id += 1;
            id
        })
        .unwrap();
        let got: Vec<(i32, &str, &str)> = meta
            .iter()
            .map(|e| (e.dump_id, e.desc.as_str(), e.tag.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                (12, "BLOB", "100000"),
                (11, "BLOB", "99999"),
                (14, "COMMENT", "LARGE OBJECT 99999"),
                (15, "ACL", "LARGE OBJECT 99999"),
            ]
        );
        assert_eq!(meta[2].defn.as_deref(), Some("COMMENT ON LARGE OBJECT 99999 IS 'it''s';\n"));
        assert_eq!(meta[2].dependencies, [11]);
        assert_eq!(meta[3].defn.as_deref(), Some("GRANT SELECT ON LARGE OBJECT 99999 TO bob;\n"));
        assert_eq!(
            (meta[3].dependencies.as_slice(), meta[3].owner.as_deref()),
            ([11].as_slice(), Some("alice"))
        );
        assert_eq!(meta[0].defn.as_deref(), Some("SELECT pg_catalog.lo_create('100000');\n"));
        assert_eq!((meta[0].table_oid, meta[0].oid), (PG_LARGEOBJECT, 100_000));
        let blobs = blobs.unwrap();
        assert_eq!((blobs.dump_id, blobs.had_dumper, blobs.owner.as_deref()), (13, true, None));
        assert_eq!(blobs.filename, "blobs.toc");

        let (meta, _) =
            entries(&objects, EntryOptions { no_comments: true, no_acl: true }, || 1).unwrap();
        assert!(meta.iter().all(|e| e.desc == "BLOB"));
        let bad = [lo(7, None, Some(s(&["bad"])))];
        match entries(&bad, EntryOptions::default(), || 1) {
            Err(DumpError::Acl { object, source }) => {
                assert_eq!((object.as_str(), source.item.as_str()), ("LARGE OBJECT 7", "bad"));
            }
            other => panic!("expected an ACL error, got {other:?}"),
        }

        let mut toc = vec![
            TocEntry::new(1, "TABLE", Section::PreData),
            TocEntry::new(2, "COMMENT", Section::None),
            TocEntry::new(3, "TABLE DATA", Section::Data),
            TocEntry::new(4, "SEQUENCE SET", Section::Data),
            TocEntry::new(5, "INDEX", Section::PostData),
        ];
        place(&mut toc, vec![TocEntry::new(6, "BLOB", Section::PreData)], Some(blobs));
        let order: Vec<i32> = toc.iter().map(|e| e.dump_id).collect();
        assert_eq!(order, [1, 2, 6, 3, 4, 13, 5]);
        let mut data_only = vec![TocEntry::new(3, "TABLE DATA", Section::Data)];
        place(
            &mut data_only,
            vec![TocEntry::new(6, "BLOB", Section::PreData)],
            Some(TocEntry::new(7, "BLOBS", Section::Data)),
        );
        let order: Vec<i32> = data_only.iter().map(|e| e.dump_id).collect();
        assert_eq!(order, [6, 3, 7]);
    }
}
