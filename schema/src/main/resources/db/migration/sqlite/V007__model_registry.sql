-- The model registry: named models with numbered versions (each from a run's or a logged model's files), tags,
-- stages and aliases. A deleted version keeps its row (marked deleted) so its number is never given out again.
CREATE TABLE registered_models (
    registered_model_id  INTEGER PRIMARY KEY,
    name                 TEXT    NOT NULL UNIQUE,
    description          TEXT    NOT NULL DEFAULT '',
    user_id              TEXT    NOT NULL DEFAULT '',
    creation_time_ms     INTEGER NOT NULL,
    last_updated_time_ms INTEGER NOT NULL
);

CREATE TABLE registered_model_tags (
    registered_model_id INTEGER NOT NULL REFERENCES registered_models (registered_model_id),
    key                 TEXT    NOT NULL,
    value               TEXT    NOT NULL,
    PRIMARY KEY (registered_model_id, key)
) WITHOUT ROWID;

-- storage_location is where the version's files are when they are not a logged model's (model_id), else NULL.
CREATE TABLE model_versions (
    registered_model_id  INTEGER NOT NULL REFERENCES registered_models (registered_model_id),
    version              INTEGER NOT NULL,
    description          TEXT    NOT NULL DEFAULT '',
    user_id              TEXT    NOT NULL DEFAULT '',
    stage                TEXT    NOT NULL DEFAULT 'NONE',
    source               TEXT    NOT NULL,
    storage_location     TEXT,
    run_id               TEXT,
    run_link             TEXT    NOT NULL DEFAULT '',
    model_id             TEXT,
    deleted              INTEGER NOT NULL DEFAULT 0,
    creation_time_ms     INTEGER NOT NULL,
    last_updated_time_ms INTEGER NOT NULL,
    PRIMARY KEY (registered_model_id, version)
) WITHOUT ROWID;
CREATE INDEX model_versions_by_run ON model_versions (run_id);
CREATE INDEX model_versions_by_model ON model_versions (model_id);

CREATE TABLE model_version_tags (
    registered_model_id INTEGER NOT NULL,
    version             INTEGER NOT NULL,
    key                 TEXT    NOT NULL,
    value               TEXT    NOT NULL,
    PRIMARY KEY (registered_model_id, version, key),
    FOREIGN KEY (registered_model_id, version) REFERENCES model_versions (registered_model_id, version)
) WITHOUT ROWID;

CREATE TABLE registered_model_aliases (
    registered_model_id INTEGER NOT NULL,
    alias               TEXT    NOT NULL,
    version             INTEGER NOT NULL,
    PRIMARY KEY (registered_model_id, alias),
    FOREIGN KEY (registered_model_id, version) REFERENCES model_versions (registered_model_id, version)
) WITHOUT ROWID;
