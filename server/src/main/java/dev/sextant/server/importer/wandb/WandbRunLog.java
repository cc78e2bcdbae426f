package dev.sextant.server.importer.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.importer.ImportReport;
import dev.sextant.server.importer.SourceRun;
import dev.sextant.server.importer.wandb.proto.HistoryItem;
import dev.sextant.server.importer.wandb.proto.Item;
import dev.sextant.server.importer.wandb.proto.Record;
import dev.sextant.server.importer.wandb.proto.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One W&B run file read record by record: the run record (ids, name, notes, tags, start time, first config), config
 * updates and removals, summary updates, files and the exit record become the run's metadata; history rows become
 * points (every numeric key at the row's {@code _step}, stamped with its {@code _timestamp}).
 */
final class WandbRunLog {
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private final Path file;

    /** What the metadata pass found. */
    static final class Meta {
        RunRecord run;
        final Map<String, JsonNode> config = new LinkedHashMap<>();
        final Map<String, JsonNode> summary = new LinkedHashMap<>();
        final Set<String> historyKeys = new HashSet<>();
        Integer exitCode;
        int runtimeSeconds;
        long lastStep = -1;
        long lastTimestampMs = -1;
    }

    WandbRunLog(Path file) {
        this.file = file;
    }

    Meta meta(ImportReport report) throws IOException {
        var meta = new Meta();
        read(record -> {
            switch (record.getRecordTypeCase()) {
                case RUN -> {
                    meta.run = record.getRun();
                    apply(meta.config, meta.run.getConfig().getUpdateList(), meta.run.getConfig().getRemoveList());
                }
                case CONFIG -> apply(meta.config, record.getConfig().getUpdateList(), record.getConfig().getRemoveList());
                case SUMMARY -> apply(meta.summary, record.getSummary().getUpdateList(), record.getSummary().getRemoveList());
                case EXIT -> {
                    meta.exitCode = record.getExit().getExitCode();
                    meta.runtimeSeconds = record.getExit().getRuntime();
                }
                case HISTORY -> {
                    for (var item : record.getHistory().getItemList()) {
                        String key = key(item.getKey(), item.getNestedKeyList());
                        meta.historyKeys.add(key);
                        Double value = number(item);
                        if (value == null) continue;
                        if (key.equals("_step")) meta.lastStep = Math.max(meta.lastStep, value.longValue());
                        if (key.equals("_timestamp")) meta.lastTimestampMs = Math.max(meta.lastTimestampMs, Math.round(value * 1000));
                    }
                }
                default -> { }
            }
        }, report);
        return meta;
    }

    /** The points of every history row: numeric values only; others are reported once per key and reason. */
    void points(SourceRun.PointSink sink, ImportReport report) throws IOException {
        read(record -> {
            if (record.getRecordTypeCase() != Record.RecordTypeCase.HISTORY) return;
            var row = record.getHistory();
            long step = row.hasStep() ? row.getStep().getNum() : -1;
            long timestampMs = -1;
            for (var item : row.getItemList()) {
                String key = key(item.getKey(), item.getNestedKeyList());
                Double value = key.startsWith("_") ? number(item) : null;
                if (value == null) continue;
                if (key.equals("_step")) step = value.longValue();
                if (key.equals("_timestamp")) timestampMs = Math.round(value * 1000);
            }
            for (var item : row.getItemList()) {
                String key = key(item.getKey(), item.getNestedKeyList());
                if (key.startsWith("_")) {
                    if (!key.equals("_step") && !key.equals("_timestamp")) {
                        report.skip("W&B's own history keys (its _runtime clock, …)", key);
                    }
                    continue;
                }
                Double value = number(item);
                if (value == null) {
                    report.skip("history values that are not numbers (text, media, tables, histograms, …)", key);
                    continue;
                }
                sink.point(key, Math.max(step, 0), Math.max(timestampMs, 0), value);
            }
        }, report);
    }

    private interface RecordHandler {
        void handle(Record record) throws IOException;
    }

    private void read(RecordHandler handler, ImportReport report) throws IOException {
        try (var log = new WandbLogReader(file)) {
            byte[] bytes;
            while ((bytes = log.next()) != null) {
                Record record;
                try {
                    record = Record.parseFrom(bytes);
                } catch (InvalidProtocolBufferException e) {
                    report.skip("W&B records that are not valid protobuf", file.toString());
                    continue;
                }
                handler.handle(record);
            }
            if (log.truncated()) report.skip("W&B run files that end in a cut-off record (still running?); read up to it", file.toString());
        } catch (WandbLogReader.CorruptLogException e) {
            report.skip("W&B run files with a chunk whose CRC-32 does not match; read up to it", e.getMessage());
        }
    }

    private static void apply(Map<String, JsonNode> target, List<Item> updates, List<Item> removals) throws IOException {
        for (var item : updates) target.put(key(item.getKey(), item.getNestedKeyList()), JSON.readTree(item.getValueJson()));
        for (var item : removals) target.remove(key(item.getKey(), item.getNestedKeyList()));
    }

    static String key(String key, List<String> nested) {
        return key.isEmpty() ? String.join(".", nested) : key;
    }

    /** A history item's number (its typed value or its JSON text), null when it is not a number. */
    private static Double number(HistoryItem item) throws IOException {
        return switch (item.getValueCase()) {
            case INTEGER -> (double) item.getInteger();
            case NUMBER -> item.getNumber();
            case BOOLEAN, NONE, TEXT, JSON -> null;
            case VALUE_NOT_SET -> {
                JsonNode node = JSON.readTree(item.getValueJson());
                yield node != null && node.isNumber() ? node.asDouble() : null;
            }
        };
    }

    /** The run's status: exit code 0 → FINISHED, another → FAILED, no exit record yet → RUNNING. */
    static RunStatus status(Meta meta) {
        if (meta.exitCode == null) return RunStatus.RUNNING;
        return meta.exitCode == 0 ? RunStatus.FINISHED : RunStatus.FAILED;
    }
}
