package dev.sextant.server.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sextant.server.error.SextantException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The refusal of a body field the operation does not declare (ADR 0018): a field we do not know is a field whose
 * data would be lost without a word, so it is an INVALID_PARAMETER_VALUE naming the field by its JSON path and,
 * when a common alias is obvious ({@link FieldAliases}), what to send instead; else the fields the object takes.
 * E.g. "runs.create: unknown field 'run_name' (use 'name')".
 */
final class UnknownField {
    private UnknownField() {}

    /**
     * {@code parent} is the JSON path of the object holding the field ("" at the top, "inputs[0].dataset"), {@code name}
     * the field's name and {@code known} the fields that object takes (listed sorted, as Jackson keeps them unordered).
     */
    static SextantException refusal(String operation, String parent, String name, Collection<String> known) {
        var path = parent.isEmpty() ? name : parent + "." + name;
        var hint = FieldAliases.hint(operation, path, name, known);
        var message = new StringBuilder(operation).append(": unknown field '").append(SextantException.abbreviate(path, 200)).append('\'');
        if (hint != null) message.append(" (").append(hint).append(')');
        else if (!known.isEmpty()) message.append("; expected one of: ").append(String.join(", ", new TreeSet<>(known)));
        return SextantException.invalid(message.toString());
    }

    /** The same for a record Jackson refused (FAIL_ON_UNKNOWN_PROPERTIES). */
    static SextantException refusal(String operation, UnrecognizedPropertyException e) {
        var known = new ArrayList<String>();
        if (e.getKnownPropertyIds() != null) e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
        var references = e.getPath();
        var name = e.getPropertyName();
        // Jackson's path ends with the unknown field itself: the object holding it is the path before that.
        var last = references.isEmpty() ? null : references.get(references.size() - 1).getFieldName();
        var parent = name != null && name.equals(last) ? references.subList(0, references.size() - 1) : references;
        return refusal(operation, path(parent), name == null ? "?" : name, known);
    }

    /** "inputs[0].dataset" from Jackson's references. */
    static String path(List<JsonMappingException.Reference> references) {
        var path = new StringBuilder();
        for (var ref : references) {
            if (ref.getFieldName() != null) path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            else if (ref.getIndex() >= 0) path.append('[').append(ref.getIndex()).append(']');
        }
        return path.toString();
    }
}
