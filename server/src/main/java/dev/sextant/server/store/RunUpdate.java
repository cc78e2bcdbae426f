package dev.sextant.server.store;

import dev.sextant.server.domain.RunStatus;

/** A partial update of a run: null fields are left unchanged. */
public record RunUpdate(RunStatus status, Long endTimeMs, String name, String notes) {}
