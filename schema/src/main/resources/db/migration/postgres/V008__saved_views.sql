-- Saved views of an experiment's runs page: a name and the page's state (filter, sort, columns, group-by,
-- chart panels) as the JSON object the UI sent. At most one view per experiment is its default.
CREATE TABLE saved_views (
    view_id           TEXT    NOT NULL PRIMARY KEY,
    experiment_id     BIGINT  NOT NULL REFERENCES experiments (experiment_id),
    name              TEXT    NOT NULL,
    state_json        TEXT    NOT NULL,
    is_default        BOOLEAN NOT NULL DEFAULT FALSE,
    creation_time_ms  BIGINT  NOT NULL,
    last_update_time_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX saved_views_by_name ON saved_views (experiment_id, name);
