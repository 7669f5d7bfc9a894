-- Licence rows protected by the hub's keyed MAC, and a narrow heap row for verification.
--
-- `mac` is HMAC-SHA-256 (hex) under the key `mac_kid` over the facts an answer is built from
-- (core/licenses/license-row-mac.ts); rows stored before this migration have none until the seal
-- sweep has re-verified their seal and MACed them. `name` is the licence's own name from its sealed
-- payload, so a verification never has to read the payload.
alter table licenses add column name text, add column mac char(64), add column mac_kid text;

-- What a verification reads is the heap row; the sealed JWS and the payload (≈ 5 KB together) are
-- moved out of it into the TOAST table, read only for the full record, a deep check or the sweep.
-- The JWS is stored uncompressed (base64 barely compresses; reading it back costs nothing extra).
alter table licenses alter column jws set storage external;
alter table licenses set (toast_tuple_target = 256);

-- The sweep's backfill: rows not yet MACed.
create index licenses_mac_missing on licenses (id) where mac is null;
