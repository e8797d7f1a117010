-- GENERATED from libs/region (the city registry) by apps/launcher/src/deploy-files-cli.ts; do not edit by hand.
-- Run once by the postgres image on an empty volume, as POSTGRES_USER, which then owns every city database.
-- One database per city: a city node only ever receives the URL of its own.
CREATE DATABASE ypf_nanjing;
CREATE DATABASE ypf_wuxi;
CREATE DATABASE ypf_changzhou;
CREATE DATABASE ypf_suzhou;
CREATE DATABASE ypf_nantong;
CREATE DATABASE ypf_yangzhou;
CREATE DATABASE ypf_zhenjiang;
CREATE DATABASE ypf_taizhou;
