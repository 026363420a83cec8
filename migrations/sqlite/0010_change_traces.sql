-- The W3C traceparent of the span that wrote a change-feed row (when OpenTelemetry tracing is
-- on), so the replicator of any instance continues the writer's trace. NULL when not traced.
ALTER TABLE changes ADD COLUMN trace TEXT;
