-- An outbox row may carry a second message (its companion), committed and published with the first:
-- a licence accepted from `licenses.submit` announces its `license.issued` event and the answer to
-- its submitter in one row instead of two, so the accepting transaction writes (and the relay later
-- deletes) one row per licence fewer. Both columns are set together or not at all.
alter table outbox
  add column also_topic   text,
  add column also_key     text,
  add column also_value   bytea,
  add column also_headers jsonb,
  add constraint outbox_also_whole check ((also_topic is null) = (also_value is null) and (also_topic is null) = (also_headers is null));
