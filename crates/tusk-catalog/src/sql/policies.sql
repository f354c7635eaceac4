-- Row level security policies of the tables dumped. Minimum server version: 13.
-- Returns: oid, relid, name, cmd (polcmd), permissive, roles (role names in pg_dump's order,
-- NULL for PUBLIC), qual / with_check (pg_get_expr), ordered by OID.
-- $1: oid[] of the tables.
SELECT pol.oid,
       pol.polrelid AS relid,
       pol.polname AS name,
       pol.polcmd::text AS cmd,
       pol.polpermissive AS permissive,
       CASE WHEN pol.polroles = '{0}' THEN NULL
            ELSE ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                       WHERE r.oid = ANY (pol.polroles)) END AS roles,
       pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS qual,
       pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check
FROM pg_catalog.pg_policy pol
WHERE pol.polrelid = ANY ($1::pg_catalog.oid[])
ORDER BY pol.oid
