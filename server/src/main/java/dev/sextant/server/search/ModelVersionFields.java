package dev.sextant.server.search;

import static java.util.Map.entry;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.Field.ChildTable;
import dev.sextant.server.search.Field.Column;
import dev.sextant.server.search.Field.Keyed;
import dev.sextant.server.search.Field.ValueType;
import java.util.Map;

/**
 * The fields of model versions ({@code model_versions mv} joined to {@code registered_models rm}) under MLflow's
 * names: name, version_number, run_id, source_path, creation/last_updated timestamps and {@code tags.}.
 */
final class ModelVersionFields implements FieldCatalog {
    static final ModelVersionFields INSTANCE = new ModelVersionFields();

    static final Column NAME = new Column("attribute 'name'", "rm.name", ValueType.TEXT, Op.TEXT_OR_LIST, false);
    static final Column VERSION =
            new Column("attribute 'version_number'", "mv.version", ValueType.INTEGER, Op.NUMERIC, false);
    private static final ChildTable TAGS = new ChildTable("model_version_tags", "t",
            "t.registered_model_id = mv.registered_model_id AND t.version = mv.version", "t.value");
    private static final Map<String, Column> ATTRIBUTES = Map.ofEntries(
            entry("name", NAME),
            entry("version_number", VERSION),
            entry("run_id", new Column("attribute 'run_id'", "mv.run_id", ValueType.TEXT, Op.TEXT_OR_LIST, true)),
            entry("source_path", new Column("attribute 'source_path'", "mv.source", ValueType.TEXT, Op.TEXT, false)),
            entry("creation_timestamp", new Column(
                    "attribute 'creation_timestamp'", "mv.creation_time_ms", ValueType.INTEGER, Op.NUMERIC, false)),
            entry("last_updated_timestamp", new Column(
                    "attribute 'last_updated_timestamp'", "mv.last_updated_time_ms", ValueType.INTEGER, Op.NUMERIC, false)));

    private ModelVersionFields() {}

    @Override
    public Field filterField(Identifier identifier, String context) {
        var entity = identifier.entity();
        // A version is a prompt when its registered model is (MLflow 3 clients filter on it).
        if ((entity.equals("tag") || entity.equals("tags")) && identifier.key().equals(RegisteredModelFields.PROMPT_TAG)) {
            return RegisteredModelFields.isPrompt();
        }
        if (entity.equals("tag") || entity.equals("tags")) {
            return new Keyed("tag '" + Token.shorten(identifier.key()) + "'", TAGS, identifier.key(), ValueType.TEXT, Op.TEXT);
        }
        var column = entity.isEmpty() || entity.equals("attribute") || entity.equals("attributes")
                ? ATTRIBUTES.get(identifier.key()) : null;
        if (column != null) return column;
        throw SextantException.invalid("Invalid attribute name: " + Token.shorten(identifier.text()));
    }

    @Override
    public Field orderField(Identifier identifier, String context) {
        var column = identifier.isBare() ? ATTRIBUTES.get(identifier.key()) : null;
        if (column != null && column != ATTRIBUTES.get("source_path")) return column;
        throw SextantException.invalid("Invalid order by key '" + Token.shorten(identifier.text()) + "' specified. Valid keys "
                + "are name, version_number, run_id, creation_timestamp, last_updated_timestamp");
    }
}
