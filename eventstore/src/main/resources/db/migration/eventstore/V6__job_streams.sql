-- The compute jobs' streams, for the sweep that finds jobs left open (their workflow lost) across every tenant:
-- each job's latest event without reading any other stream. Small: a job has a handful of events.
CREATE INDEX events_job_streams ON events (stream_id, stream_version DESC) WHERE stream_id LIKE 'job:%';
