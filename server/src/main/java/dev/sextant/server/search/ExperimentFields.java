package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.Field.ChildTable;
import dev.sextant.server.search.Field.Column;
import dev.sextant.server.search.Field.Keyed;
import dev.sextant.server.search.Field.ValueType;
import java.util.Map;

/**
 * The fields of experiments ({@code experiments e}) under MLflow 2.17's names: only {@code attribute}
 * (or a bare key) and {@code tag}/{@code tags} exist; experiment_id can be ordered by but not filtered on.
 */
final class ExperimentFields implements FieldCatalog {
    static final ExperimentFields INSTANCE = new ExperimentFields();

    static final Column EXPERIMENT_ID =
            new Column("attribute 'experiment_id'", "e.experiment_id", ValueType.INTEGER, Op.NUMERIC, false);
    static final Column CREATION_TIME =
            new Column("attribute 'creation_time'", "e.creation_time_ms", ValueType.INTEGER, Op.NUMERIC, false);

    private static final ChildTable TAGS =
            new ChildTable("experiment_tags", "t", "t.experiment_id = e.experiment_id", "t.value");

    private static final Map<String, Column> FILTERABLE = Map.of(
            "name", new Column("attribute 'name'", "e.name", ValueType.TEXT, Op.TEXT, false),
            "creation_time", CREATION_TIME,
            "last_update_time", new Column(
                    "attribute 'last_update_time'", "e.last_update_time_ms", ValueType.INTEGER, Op.NUMERIC, false));
    private static final String FILTERABLE_NAMES = "name, creation_time, last_update_time";
    private static final String ORDERABLE_NAMES = "name, experiment_id, creation_time, last_update_time";

    private ExperimentFields() {}

    @Override
    public Field filterField(Identifier identifier, String context) {
        if (isTag(identifier, context)) {
            var key = identifier.key();
            return new Keyed("tag '" + Token.shorten(key) + "'", TAGS, key, ValueType.TEXT, Op.TEXT);
        }
        return attribute(FILTERABLE.get(identifier.key()), identifier, context, FILTERABLE_NAMES);
    }

    @Override
    public Field orderField(Identifier identifier, String context) {
        if (isTag(identifier, context)) {
            throw SextantException.invalid(context + ": experiments can only be ordered by attributes; found "
                    + identifier.shown() + " at position " + identifier.position());
        }
        var column = identifier.key().equals("experiment_id") ? EXPERIMENT_ID : FILTERABLE.get(identifier.key());
        return attribute(column, identifier, context, ORDERABLE_NAMES);
    }

    private static Column attribute(Column column, Identifier identifier, String context, String validNames) {
        if (column != null) return column;
        throw SextantException.invalid(context + ": invalid attribute '" + Token.shorten(identifier.key())
                + "' in " + identifier.shown() + " at position " + identifier.position()
                + "; use one of " + validNames);
    }

    /** True for tag/tags, false for attribute or a bare key; any other prefix is an error. */
    private static boolean isTag(Identifier identifier, String context) {
        var entity = identifier.entity();
        if (entity.equals("tag") || entity.equals("tags")) return true;
        if (entity.isEmpty() || entity.equals("attribute")) return false;
        throw SextantException.invalid(context + ": invalid entity type '" + Token.shorten(entity) + "' in "
                + identifier.shown() + " at position " + identifier.position() + "; use one of attribute, tag, tags");
    }
}
