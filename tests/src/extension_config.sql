-- A database whose extension (hstore) has configuration tables and a sequence, reached as a
-- superuser the way pg_extension_config_dump() inside CREATE EXTENSION reaches it. Shared by
-- tusk-catalog's oracle tests and tusk-cli's dump tests.
CREATE EXTENSION hstore;
CREATE SCHEMA "Ext cfg";
CREATE TABLE "Ext cfg"."Cfg 1" (id int PRIMARY KEY, v text, gone int,
                             g int GENERATED ALWAYS AS (id * 2) STORED);
ALTER TABLE "Ext cfg"."Cfg 1" DROP COLUMN gone;
CREATE TABLE "Ext cfg".cfg2 (id int REFERENCES "Ext cfg"."Cfg 1", w text);
CREATE SEQUENCE "Ext cfg".cfg_seq;
SELECT nextval('"Ext cfg".cfg_seq'), nextval('"Ext cfg".cfg_seq');
INSERT INTO "Ext cfg"."Cfg 1" VALUES (1, 'a'), (2, 'it''s'), (3, E'tab\there');
INSERT INTO "Ext cfg".cfg2 VALUES (2, 'x'), (3, NULL);
ALTER EXTENSION hstore ADD TABLE "Ext cfg"."Cfg 1";
ALTER EXTENSION hstore ADD TABLE "Ext cfg".cfg2;
ALTER EXTENSION hstore ADD SEQUENCE "Ext cfg".cfg_seq;
UPDATE pg_catalog.pg_extension
   SET extconfig = ARRAY['"Ext cfg".cfg2'::regclass::oid, '"Ext cfg"."Cfg 1"'::regclass::oid,
                         '"Ext cfg".cfg_seq'::regclass::oid],
       extcondition = ARRAY['', 'WHERE id > 1', '']
 WHERE extname = 'hstore';
CREATE TABLE public.plain (a int);
INSERT INTO public.plain VALUES (7);
