-- Details of base types, as CREATE TYPE lists them. Minimum server version: 14 (typsubscript;
-- base_types_13.sql before).
-- Returns: typid, length (typlen as text, '-1' for variable), input and output (regproc
-- text), receive, send, typmod_in, typmod_out, analyze and subscript (regproc text, NULL
-- when none), collatable (typcollation set), default_expr (pg_get_expr of typdefaultbin),
-- default_literal (typdefault), element (format_type of typelem, NULL when none), category,
-- preferred, delimiter, align, storage, by_value.
-- $1: oid[] of the base types.
SELECT t.oid AS typid,
       t.typlen::text AS length,
       t.typinput::pg_catalog.text AS input,
       t.typoutput::pg_catalog.text AS output,
       CASE WHEN t.typreceive <> 0 THEN t.typreceive::pg_catalog.text END AS receive,
       CASE WHEN t.typsend <> 0 THEN t.typsend::pg_catalog.text END AS send,
       CASE WHEN t.typmodin <> 0 THEN t.typmodin::pg_catalog.text END AS typmod_in,
       CASE WHEN t.typmodout <> 0 THEN t.typmodout::pg_catalog.text END AS typmod_out,
       CASE WHEN t.typanalyze <> 0 THEN t.typanalyze::pg_catalog.text END AS analyze,
       CASE WHEN t.typsubscript <> 0 THEN t.typsubscript::pg_catalog.text END AS subscript,
       t.typcollation <> 0 AS collatable,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_expr,
       t.typdefault AS default_literal,
       CASE WHEN t.typelem <> 0 THEN pg_catalog.format_type(t.typelem, NULL) END AS element,
       t.typcategory::text AS category,
       t.typispreferred AS preferred,
       t.typdelim::text AS delimiter,
       t.typalign::text AS align,
       t.typstorage::text AS storage,
       t.typbyval AS by_value
FROM pg_catalog.pg_type t
WHERE t.oid = ANY ($1::pg_catalog.oid[])
ORDER BY t.oid
