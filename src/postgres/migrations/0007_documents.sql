-- Sealed documents (批准文书): the record the issuer sealed, the JWS it came in (the proof), and the
-- file itself when the issuer sent it. A 文号 is unique per issuer; different issuers may share one.

create table documents (
  id           uuid        primary key,
  issuer       char(18)    not null references departments (uscc),
  issuer_name  text        not null,
  doc_no       text        not null,
  title        text        not null,
  -- Kept as sealed (RFC 3339 full-date text), so the record compares byte for byte with its JWS.
  issued_at    text        not null check (issued_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  sha256       char(64)    not null check (sha256 ~ '^[0-9a-f]{64}$'),
  jws          text        not null,
  digest       char(64)    not null unique,
  seal_serial  text        not null,
  -- When the hub verified the seal: the instant the issuer check is judged at.
  created_at   timestamptz not null,
  unique (issuer, doc_no)
);
-- Verification by 文号 without naming the issuer.
create index documents_doc_no on documents (doc_no);

-- Files apart from the records, so looking records up never reads megabytes of bytea.
create table document_files (
  document_id  uuid        primary key references documents (id),
  content      bytea       not null,
  size         integer     not null,
  name         text,
  media_type   text
);
