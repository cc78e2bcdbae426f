package dev.sextant.server.importer;

import dev.sextant.server.domain.Run;
import dev.sextant.server.error.SextantException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Sextant run a source run becomes. The source's own id is kept when it is a free Sextant run id; otherwise
 * the id is derived from (source kind, source id), so every re-run of the import lands on the same run. A run is
 * "ours" when its import tags name the same source run; only then is it resumed.
 */
final class RunIds {
    static final String SOURCE_TAG = "sextant.import.source";
    static final String SOURCE_ID_TAG = "sextant.import.source_id";
    static final String COMPLETE_TAG = "sextant.import.complete";
    static final String FINGERPRINT_TAG = "sextant.import.fingerprint";
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{32}");

    /** The run id to use, and the run that already has it (an earlier import of the same source run), if any. */
    record Claim(String runId, Optional<Run> existing, boolean renamed) {}

    private final ImportTarget target;
    private final String kind;

    RunIds(ImportTarget target, String kind) {
        this.target = target;
        this.kind = kind;
    }

    Claim claim(SourceRun run) {
        String preferred = run.preferredRunId() != null && RUN_ID.matcher(run.preferredRunId()).matches() ? run.preferredRunId() : null;
        String derived = derive(run.sourceId());
        for (String candidate : preferred == null ? new String[] {derived} : new String[] {preferred, derived}) {
            var existing = target.findRun(candidate);
            if (existing.isEmpty()) return new Claim(candidate, existing, preferred != null && !candidate.equals(preferred));
            if (isOurs(existing.get(), run)) return new Claim(candidate, existing, preferred != null && !candidate.equals(preferred));
        }
        throw SextantException.alreadyExists("run ids " + (preferred == null ? "" : preferred + " and ") + derived
                + " are both taken by runs that are not imports of " + kind + " run " + run.sourceId());
    }

    /** The run this source run got, without creating anything: the same choice {@link #claim} makes, when it exists. */
    Optional<Run> find(SourceRun run) {
        for (String candidate : run.preferredRunId() == null ? new String[] {derive(run.sourceId())}
                : new String[] {run.preferredRunId(), derive(run.sourceId())}) {
            var existing = target.findRun(candidate);
            if (existing.isPresent() && isOurs(existing.get(), run)) return existing;
        }
        return Optional.empty();
    }

    private boolean isOurs(Run existing, SourceRun run) {
        return kind.equals(existing.tags().get(SOURCE_TAG)) && run.sourceId().equals(existing.tags().get(SOURCE_ID_TAG));
    }

    String kindName() {
        return kind;
    }

    /** True when an earlier import finished this run and the source has not changed since. */
    static boolean isDone(Run existing, SourceRun run) {
        if (!"true".equals(existing.tags().get(COMPLETE_TAG))) return false;
        return run.fingerprint() == null ? run.status().isTerminal() : run.fingerprint().equals(existing.tags().get(FINGERPRINT_TAG));
    }

    /** The tags that mark a run complete after an import, or none while the source run may still change. */
    static java.util.Map<String, String> completeTags(SourceRun run) {
        if (run.fingerprint() != null) return java.util.Map.of(COMPLETE_TAG, "true", FINGERPRINT_TAG, run.fingerprint());
        return run.status().isTerminal() ? java.util.Map.of(COMPLETE_TAG, "true") : java.util.Map.of();
    }

    String derive(String sourceId) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest((kind + ":" + sourceId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
