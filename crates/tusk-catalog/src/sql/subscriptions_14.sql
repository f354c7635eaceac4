-- Subscriptions to dump. Server version 14 only (subbinary, substream; 15 added
-- subtwophasestate and subdisableonerr: subscriptions_15.sql).
-- Returns one row per subscription of the current database: oid, name, owner, conninfo,
-- slot_name (NULL for NONE), synchronous_commit, publications (text[]), binary, streaming
-- ('f' off, 't' on, 'p' parallel), two_phase (subtwophasestate: 'd' disabled), disable_on_error,
-- password_required, run_as_owner, failover, origin; the options a server does not have
-- yet are returned as their defaults.
-- Only a superuser may read pg_subscription's conninfo: the caller runs this query for a
-- superuser only (for anyone else, subscription_names.sql), as pg_dump does.
SELECT s.oid,
       s.subname AS name,
       pg_catalog.pg_get_userbyid(s.subowner) AS owner,
       s.subconninfo AS conninfo,
       s.subslotname::pg_catalog.text AS slot_name,
       s.subsynccommit AS synchronous_commit,
       s.subpublications AS publications,
       s.subbinary AS binary,
       CASE WHEN s.substream THEN 't' ELSE 'f' END AS streaming,
       'd'::pg_catalog.text AS two_phase,
       false AS disable_on_error,
       true AS password_required,
       false AS run_as_owner,
       false AS failover,
       'any'::pg_catalog.text AS origin
FROM pg_catalog.pg_subscription s
WHERE s.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d
                   WHERE d.datname = pg_catalog.current_database())
ORDER BY s.oid
