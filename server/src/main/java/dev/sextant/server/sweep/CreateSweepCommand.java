package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;

/** A request to create a sweep: where (experiment id, "0" when null), an optional name, and the config as sent. */
public record CreateSweepCommand(String experimentId, String name, JsonNode config) {}
