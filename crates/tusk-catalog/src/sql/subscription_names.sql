-- The names of the current database's subscriptions, for a user who is not a superuser and so
-- may not read their connection strings (pg_subscription.subconninfo): such subscriptions are
-- not dumped, as pg_dump does, and each is reported. Minimum server version: 13 (unchanged
-- up to 18; subname and subdbid are readable by anyone).
-- Returns: name, ordered by name.
SELECT s.subname AS name
FROM pg_catalog.pg_subscription s
WHERE s.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d
                   WHERE d.datname = pg_catalog.current_database())
ORDER BY s.subname
