package dev.sextant.server.search;

import static java.util.Map.entry;

import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.Field.ChildTable;
import dev.sextant.server.search.Field.Column;
import dev.sextant.server.search.Field.Keyed;
import dev.sextant.server.search.Field.Related;
import dev.sextant.server.search.Field.ValueType;
import java.util.Map;

/**
 * The fields of runs ({@code runs r}) under MLflow 2.17's names: entity prefixes and their aliases are
 * case-sensitive, as in MLflow; a bare key is an attribute. Metrics compare their latest value.
 */
final class RunFields implements FieldCatalog {
    static final RunFields INSTANCE = new RunFields();

    static final Column START_TIME =
            new Column("attribute 'start_time'", "r.start_time_ms", ValueType.INTEGER, Op.NUMERIC, false);
    // MLflow accepts IN lists for run_id only.
    static final Column RUN_ID = new Column("attribute 'run_id'", "r.run_id", ValueType.TEXT, Op.TEXT_OR_LIST, false);

    private static final ChildTable METRICS =
            new ChildTable("metric_series", "m", "m.run_id = r.run_id", "m.last_value");
    private static final ChildTable PARAMS = new ChildTable("params", "p", "p.run_id = r.run_id", "p.value");
    private static final ChildTable TAGS = new ChildTable("run_tags", "t", "t.run_id = r.run_id", "t.value");

    // A run matches a dataset comparison when any of its inputs does; context is the input's mlflow.data.context tag.
    private static final String INPUT_DATASETS =
            "FROM run_inputs i JOIN datasets d ON d.dataset_id = i.dataset_id WHERE i.run_id = r.run_id";
    private static final Map<String, Field> DATASETS = Map.of(
            "name", new Related("dataset 'name'", INPUT_DATASETS, "d.name", ValueType.TEXT, Op.TEXT_OR_LIST),
            "digest", new Related("dataset 'digest'", INPUT_DATASETS, "d.digest", ValueType.TEXT, Op.TEXT_OR_LIST),
            "context", new Related("dataset 'context'", "FROM run_input_tags it WHERE it.run_id = r.run_id AND it.key = '"
                    + DatasetInput.CONTEXT_TAG + "'", "it.value", ValueType.TEXT, Op.TEXT_OR_LIST));

    private enum Entity { METRIC, PARAM, TAG, ATTRIBUTE, DATASET }

    private static final Map<String, Entity> ENTITIES = Map.ofEntries(
            entry("metric", Entity.METRIC), entry("metrics", Entity.METRIC),
            entry("param", Entity.PARAM), entry("params", Entity.PARAM),
            entry("parameter", Entity.PARAM), entry("parameters", Entity.PARAM),
            entry("tag", Entity.TAG), entry("tags", Entity.TAG),
            entry("attribute", Entity.ATTRIBUTE), entry("attributes", Entity.ATTRIBUTE),
            entry("attr", Entity.ATTRIBUTE), entry("run", Entity.ATTRIBUTE),
            entry("dataset", Entity.DATASET), entry("datasets", Entity.DATASET));
    private static final String ENTITY_NAMES =
            "metric(s), param(s), parameter(s), tag(s), attribute(s), attr, run, dataset(s)";

    // Aliases map to the very same Column, so "created" and "start_time" count as one order_by field.
    private static final Column RUN_NAME = text("run_name", "r.name");
    private static final Map<String, Column> ATTRIBUTES = Map.ofEntries(
            entry("run_id", RUN_ID),
            entry("run_name", RUN_NAME),
            entry("run name", RUN_NAME), entry("Run name", RUN_NAME), entry("Run Name", RUN_NAME),
            entry("status", text("status", "r.status")),
            entry("user_id", text("user_id", "r.user_id")),
            entry("artifact_uri", text("artifact_uri", "r.artifact_uri")),
            // NULL for a run that is no sweep's trial.
            entry("sweep_id", new Column("attribute 'sweep_id'", "r.sweep_id", ValueType.TEXT, Op.TEXT, true)),
            entry("start_time", START_TIME), entry("created", START_TIME), entry("Created", START_TIME),
            // end_time is NULL while a run is unfinished.
            entry("end_time", new Column(
                    "attribute 'end_time'", "r.end_time_ms", ValueType.INTEGER, Op.NUMERIC, true)));
    private static final String ATTRIBUTE_NAMES = "run_id, run_name, status, user_id, artifact_uri, sweep_id, start_time, end_time";

    private RunFields() {}

    /** True when the field is a metric's latest value. */
    static boolean isMetric(Field.Keyed field) {
        return field.table() == METRICS;
    }

    static boolean isParam(Field.Keyed field) {
        return field.table() == PARAMS;
    }

    @Override
    public Field filterField(Identifier identifier, String context) {
        return resolve(identifier, context, true);
    }

    @Override
    public Field orderField(Identifier identifier, String context) {
        return resolve(identifier, context, false);
    }

    private static Field resolve(Identifier identifier, String context, boolean datasetsAllowed) {
        var key = identifier.key();
        var shownKey = "'" + Token.shorten(key) + "'";
        return switch (entity(identifier, context)) {
            case METRIC -> new Keyed("metric " + shownKey, METRICS, key, ValueType.REAL, Op.NUMERIC);
            case PARAM -> new Keyed("param " + shownKey, PARAMS, key, ValueType.TEXT, Op.TEXT);
            case TAG -> new Keyed("tag " + shownKey, TAGS, key, ValueType.TEXT, Op.TEXT);
            case ATTRIBUTE -> attribute(identifier, context);
            case DATASET -> {
                if (!datasetsAllowed) {
                    throw SextantException.invalid(context + ": datasets cannot be ordered by; found "
                            + identifier.shown() + " at position " + identifier.position());
                }
                yield dataset(identifier, context);
            }
        };
    }

    private static Field dataset(Identifier identifier, String context) {
        var field = DATASETS.get(identifier.key());
        if (field != null) return field;
        throw SextantException.invalid(context + ": invalid dataset key '" + Token.shorten(identifier.key())
                + "' in " + identifier.shown() + " at position " + identifier.position() + "; use one of name, digest, context");
    }

    private static Column attribute(Identifier identifier, String context) {
        var column = ATTRIBUTES.get(identifier.key());
        if (column != null) return column;
        throw SextantException.invalid(context + ": invalid attribute '" + Token.shorten(identifier.key())
                + "' in " + identifier.shown() + " at position " + identifier.position()
                + "; use one of " + ATTRIBUTE_NAMES);
    }

    private static Entity entity(Identifier identifier, String context) {
        if (identifier.isBare()) return Entity.ATTRIBUTE;
        var entity = ENTITIES.get(identifier.entity());
        if (entity == null) {
            throw SextantException.invalid(context + ": invalid entity type '" + Token.shorten(identifier.entity())
                    + "' in " + identifier.shown() + " at position " + identifier.position()
                    + "; use one of " + ENTITY_NAMES);
        }
        return entity;
    }

    private static Column text(String name, String sql) {
        return new Column("attribute '" + name + "'", sql, ValueType.TEXT, Op.TEXT, false);
    }
}
