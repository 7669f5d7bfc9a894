-- 两个清单, cases and their working-day clock.

-- One row per calendar year, as the State Council's notice gives it (the body names its source);
-- seeded from the files shipped with the hub, correctable by admins.
create table working_calendars (
  year        integer     primary key,
  body        jsonb       not null,
  updated_by  text        not null,
  updated_at  timestamptz not null default now()
);

-- Versions of a service item (事项): at most one draft and one published version at a time; a new
-- publication supersedes the previous one. The body is the contract catalogue/service-item.
create table catalogue_items (
  code          text        not null,
  version       integer     not null check (version >= 1),
  state         text        not null check (state in ('draft', 'published', 'superseded')),
  body          jsonb       not null,
  saved_by      text        not null,
  saved_at      timestamptz not null default now(),
  published_by  text,
  published_at  timestamptz,
  primary key (code, version)
);
create unique index catalogue_items_one_draft on catalogue_items (code) where state = 'draft';
create unique index catalogue_items_one_published on catalogue_items (code) where state = 'published';

-- A case (办件). The applicant's ID is kept for the holder check of the material check while the
-- case is open; it is indexed only as a keyed hash. The lead department is the item's.
create table cases (
  case_no             text        primary key,
  item_code           text        not null,
  item_version        integer     not null,
  item_name           text        not null,
  department          char(18)    not null,
  applicant_id_type   text        not null,
  applicant_id        text        not null,
  applicant_key       char(64)    not null,
  applicant_name      text        not null,
  channel             text        not null check (channel in ('window', 'online')),
  responsible         jsonb       not null,
  state               text        not null check (state in ('open', 'decided', 'delivered', 'withdrawn')),
  opened_on           date        not null,
  limit_days          integer     not null,
  checklist           jsonb       not null,
  opened_by           text        not null,
  opened_at           timestamptz not null default now(),
  decided_on          date,
  updated_at          timestamptz not null default now()
);
create index cases_department on cases (department, opened_on);
create index cases_open on cases (state) where state = 'open';

-- Milestones in the order they were recorded: accepted, steps (并联), clock stops, visits, decision …
create table case_milestones (
  case_no   text        not null references cases (case_no),
  seq       integer     not null,
  type      text        not null,
  on_date   date        not null,
  body      jsonb       not null,
  actor     text        not null,
  at        timestamptz not null default now(),
  primary key (case_no, seq)
);

-- Sealed material packages the case file keeps, newest last.
create table case_packages (
  case_no   text        not null references cases (case_no),
  seq       integer     not null,
  jws       text        not null,
  at        timestamptz not null default now(),
  primary key (case_no, seq)
);

-- Licences a case relied on (免提交): a status change of one of them must reach the case's department.
create table case_reliances (
  case_no     text not null references cases (case_no),
  license_id  text not null,
  material    text not null,
  primary key (case_no, license_id, material)
);
create index case_reliances_license on case_reliances (license_id);

-- Notices sent to a case (e.g. a relied-on licence was revoked), deduplicated by the source event.
create table case_notices (
  case_no     text        not null references cases (case_no),
  source_id   text        not null,
  body        jsonb       not null,
  at          timestamptz not null default now(),
  primary key (case_no, source_id)
);

-- The holder index: a keyed hash (HMAC under the hub's key) of the holder's ID, never a clear-ID
-- index. Filled in the background for licences stored before it or by other writers.
alter table licenses add column holder_key char(64);
create index licenses_holder_key on licenses (holder_key, type_code) where holder_key is not null;
create index licenses_holder_key_missing on licenses (created_at) where holder_key is null;
