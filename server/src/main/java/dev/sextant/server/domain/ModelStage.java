package dev.sextant.server.domain;

import java.util.Locale;
import java.util.Optional;

/** A model version's deployment stage, as MLflow names them ("None", "Staging", "Production", "Archived"). */
public enum ModelStage {
    NONE("None"), STAGING("Staging"), PRODUCTION("Production"), ARCHIVED("Archived");

    private final String displayName;

    ModelStage(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The stage named {@code name} in any case, e.g. "production"; empty for anything else. */
    public static Optional<ModelStage> parse(String name) {
        if (name == null) return Optional.empty();
        for (var stage : values()) {
            if (stage.displayName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return Optional.of(stage);
        }
        return Optional.empty();
    }
}
