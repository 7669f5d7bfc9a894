-- The tamper-evident audit log. Each hub process appends to chains of its own; an append locks the
-- chain's head row inside the writing transaction, so entries of one chain are strictly ordered and
-- a rolled-back transaction leaves no gap. hash = SHA-256(prev_hash ‖ canonical JSON of the row's
-- fields), defined once in src/core/audit/audit-hash.ts.

create table audit_chains (
  chain_id    text        primary key,
  -- The last entry appended: its seq (0 while empty) and its hash (32 zero bytes while empty).
  seq         bigint      not null,
  head        bytea       not null,
  created_at  timestamptz not null default now()
);

create table audit_log (
  id           bigserial   primary key,
  chain_id     text        not null,
  seq          bigint      not null check (seq >= 1),
  at           timestamptz not null,
  action       text        not null,
  actor        text        not null,
  role         text        not null,
  department   text,
  target       text,
  type_code    text,
  case_no      text,
  service_item text,
  result       text        not null,
  request_id   text,
  details      jsonb,
  prev_hash    bytea       not null,
  hash         bytea       not null,
  unique (chain_id, seq)
);
-- Auditors' filters (GET /v1/audit), each with id for the cursor order.
create index audit_log_actor on audit_log (actor, id);
create index audit_log_target on audit_log (target, id) where target is not null;
create index audit_log_case on audit_log (case_no, id) where case_no is not null;
create index audit_log_department on audit_log (department, at);
-- "Was this ID number checked": the keyed hash, never the number.
create index audit_log_holder on audit_log ((details ->> 'holderIdHash')) where details ? 'holderIdHash';
-- Statistics and time-range reads by action (verifications per day, department, type).
create index audit_log_action_at on audit_log (action, at);

create table audit_checkpoints (
  id          bigserial   primary key,
  chain_id    text        not null,
  seq         bigint      not null,
  head        bytea       not null,
  -- Compact JWS by the hub's checkpoint key over {chainId, seq, head, at}.
  jws         text        not null,
  signed_at   timestamptz not null,
  unique (chain_id, seq)
);
