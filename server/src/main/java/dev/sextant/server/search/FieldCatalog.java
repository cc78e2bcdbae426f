package dev.sextant.server.search;

/**
 * The fields one kind of entity (runs, experiments) offers to filters and order_by. Implementations
 * throw INVALID_PARAMETER_VALUE, prefixed with {@code context} ("filter", "order_by[0]"), for an
 * identifier they do not know.
 */
interface FieldCatalog {
    Field filterField(Identifier identifier, String context);

    Field orderField(Identifier identifier, String context);
}
