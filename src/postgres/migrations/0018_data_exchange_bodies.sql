-- A department's rules may demand that the bodies of its data exchanges be kept for a while
-- (issue 14, message log). A service may name a retention in days; the bodies of its answered
-- exchanges are then kept here sealed (AES-256-GCM under the hub's body key, named by key_id),
-- readable only by an auditor through an audited call, and deleted by the purge once purge_after
-- has passed. Without a retention nothing is kept: the message log holds digests only.
alter table data_services add column body_retention_days integer check (body_retention_days between 1 and 3650);

create table data_exchange_bodies (
  exchange_id      uuid        primary key,
  service          text        not null,
  provider         char(18)    not null,
  consumer         text        not null,
  key_id           text        not null,
  request_sealed   text        not null,
  response_sealed  text        not null,
  kept_at          timestamptz not null,
  purge_after      timestamptz not null
);
create index data_exchange_bodies_by_purge on data_exchange_bodies (purge_after);
