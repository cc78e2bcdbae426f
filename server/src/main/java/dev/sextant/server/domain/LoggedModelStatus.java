package dev.sextant.server.domain;

/** Where a logged model's upload stands: created (files on their way), finalized as usable, or failed. */
public enum LoggedModelStatus {
    PENDING, READY, UPLOAD_FAILED
}
