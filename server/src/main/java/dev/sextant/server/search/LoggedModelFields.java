package dev.sextant.server.search;

import static java.util.Map.entry;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.Field.ChildTable;
import dev.sextant.server.search.Field.Column;
import dev.sextant.server.search.Field.Keyed;
import dev.sextant.server.search.Field.ValueType;
import java.util.Map;

/**
 * The fields of logged models ({@code logged_models lm}) under MLflow 3's names: {@code metrics.}, {@code params.},
 * {@code tags.} and attributes (bare or {@code attributes.}). A metric comparison matches when any point logged for
 * the model does, as in MLflow.
 */
final class LoggedModelFields implements FieldCatalog {
    static final LoggedModelFields INSTANCE = new LoggedModelFields();

    static final Column CREATION_TIME = new Column(
            "attribute 'creation_timestamp'", "lm.creation_time_ms", ValueType.INTEGER, Op.NUMERIC, false);
    static final Column MODEL_ID = new Column("attribute 'model_id'", "lm.model_id", ValueType.TEXT, Op.TEXT_OR_LIST, false);

    static final ChildTable METRICS =
            new ChildTable("logged_model_metrics", "mm", "mm.model_id = lm.model_id", "mm.value");
    private static final ChildTable PARAMS =
            new ChildTable("logged_model_params", "p", "p.model_id = lm.model_id", "p.value");
    private static final ChildTable TAGS = new ChildTable("logged_model_tags", "t", "t.model_id = lm.model_id", "t.value");

    private static final Column LAST_UPDATED = new Column(
            "attribute 'last_updated_timestamp'", "lm.last_updated_time_ms", ValueType.INTEGER, Op.NUMERIC, false);
    private static final Map<String, Column> ATTRIBUTES = Map.ofEntries(
            entry("model_id", MODEL_ID),
            entry("name", text("name", "lm.name")),
            entry("model_type", text("model_type", "lm.model_type")),
            entry("source_run_id", text("source_run_id", "lm.source_run_id")),
            entry("status", text("status", "lm.status")),
            entry("creation_timestamp", CREATION_TIME), entry("creation_time", CREATION_TIME),
            entry("creation_timestamp_ms", CREATION_TIME),
            entry("last_updated_timestamp", LAST_UPDATED), entry("last_updated_timestamp_ms", LAST_UPDATED));
    private static final String ATTRIBUTE_NAMES =
            "model_id, name, model_type, source_run_id, status, creation_timestamp, last_updated_timestamp";

    private LoggedModelFields() {}

    @Override
    public Field filterField(Identifier identifier, String context) {
        var key = identifier.key();
        var shownKey = "'" + Token.shorten(key) + "'";
        return switch (identifier.entity()) {
            case "metrics" -> new Keyed("metric " + shownKey, METRICS, key, ValueType.REAL, Op.NUMERIC);
            case "params" -> new Keyed("param " + shownKey, PARAMS, key, ValueType.TEXT, Op.TEXT);
            case "tags" -> new Keyed("tag " + shownKey, TAGS, key, ValueType.TEXT, Op.TEXT);
            case "", "attributes" -> attribute(identifier, context);
            default -> throw SextantException.invalid("Invalid entity type: '" + Token.shorten(identifier.entity())
                    + "'. Expected one of ['attributes', 'metrics', 'params', 'tags'].");
        };
    }

    /** Logged models are ordered by attributes here; metric order keys are resolved by LoggedModelSearchSql. */
    @Override
    public Field orderField(Identifier identifier, String context) {
        if (!identifier.isBare()) throw invalidOrder(identifier.text());
        var column = ATTRIBUTES.get(identifier.key());
        if (column == null) throw invalidOrder(identifier.text());
        return column;
    }

    static SextantException invalidOrder(String field) {
        return SextantException.invalid("Invalid order by field name: " + Token.shorten(field));
    }

    private static Column attribute(Identifier identifier, String context) {
        var column = ATTRIBUTES.get(identifier.key());
        if (column != null) return column;
        throw SextantException.invalid(context + ": invalid attribute '" + Token.shorten(identifier.key())
                + "' in " + identifier.shown() + " at position " + identifier.position() + "; use one of " + ATTRIBUTE_NAMES);
    }

    private static Column text(String name, String sql) {
        return new Column("attribute '" + name + "'", sql, ValueType.TEXT, Op.TEXT_OR_LIST, name.equals("source_run_id"));
    }
}
