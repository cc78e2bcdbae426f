package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.Field.ChildTable;
import dev.sextant.server.search.Field.Column;
import dev.sextant.server.search.Field.Keyed;
import dev.sextant.server.search.Field.ValueType;
import java.util.Map;

/**
 * The fields of registered models ({@code registered_models rm}) under MLflow's names: the attribute {@code name}
 * (bare or {@code attributes.}) and {@code tags.}; ordered by name or last_updated_timestamp (alias timestamp).
 */
final class RegisteredModelFields implements FieldCatalog {
    static final RegisteredModelFields INSTANCE = new RegisteredModelFields();

    static final Column NAME = new Column("attribute 'name'", "rm.name", ValueType.TEXT, Op.TEXT_OR_LIST, false);
    private static final Column LAST_UPDATED = new Column(
            "attribute 'last_updated_timestamp'", "rm.last_updated_time_ms", ValueType.INTEGER, Op.NUMERIC, false);
    private static final ChildTable TAGS =
            new ChildTable("registered_model_tags", "t", "t.registered_model_id = rm.registered_model_id", "t.value");
    private static final Map<String, Column> ORDERABLE =
            Map.of("name", NAME, "last_updated_timestamp", LAST_UPDATED, "timestamp", LAST_UPDATED);

    /**
     * MLflow 3 clients add {@code tag.`mlflow.prompt.is_prompt` != 'true'} to every registry search to leave prompts
     * out; a model without that tag is not a prompt, so the tag reads as 'false' when absent (MLflow does the same).
     */
    static final String PROMPT_TAG = "mlflow.prompt.is_prompt";
    private static final Column IS_PROMPT = new Column("tag '" + PROMPT_TAG + "'", "COALESCE((SELECT pt.value FROM "
            + "registered_model_tags pt WHERE pt.registered_model_id = rm.registered_model_id AND pt.key = '" + PROMPT_TAG
            + "'), 'false')", ValueType.TEXT, Op.TEXT, false);

    private RegisteredModelFields() {}

    /** The prompt marker of the registered model {@code rm}, present or not. */
    static Column isPrompt() {
        return IS_PROMPT;
    }

    @Override
    public Field filterField(Identifier identifier, String context) {
        var entity = identifier.entity();
        if ((entity.equals("tag") || entity.equals("tags")) && identifier.key().equals(PROMPT_TAG)) return IS_PROMPT;
        if (entity.equals("tag") || entity.equals("tags")) {
            return new Keyed("tag '" + Token.shorten(identifier.key()) + "'", TAGS, identifier.key(), ValueType.TEXT, Op.TEXT);
        }
        if ((entity.isEmpty() || entity.equals("attribute") || entity.equals("attributes")) && identifier.key().equals("name")) {
            return NAME;
        }
        throw SextantException.invalid("Invalid attribute name: " + Token.shorten(identifier.text()));
    }

    @Override
    public Field orderField(Identifier identifier, String context) {
        var column = identifier.isBare() ? ORDERABLE.get(identifier.key()) : null;
        if (column != null) return column;
        throw SextantException.invalid("Invalid order by key '" + Token.shorten(identifier.text())
                + "' specified. Valid keys are 'name', 'last_updated_timestamp', 'timestamp'");
    }
}
