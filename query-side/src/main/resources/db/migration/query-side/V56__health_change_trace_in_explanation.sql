-- Each entry of GET /v1/customers/{id}/health/changes shows the trace id of its score (docs/health-model.md). The
-- entries explained before gain it as their last member, from the row's own column (V37), where a new one writes it.
UPDATE health_change
SET explanation = CAST(left(explanation::text, -1) || ',"trace_id":' || COALESCE(to_json(trace_id)::text, 'null') || '}'
    AS json);
