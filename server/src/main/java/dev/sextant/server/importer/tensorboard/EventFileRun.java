package dev.sextant.server.importer.tensorboard;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.importer.ImportReport;
import dev.sextant.server.importer.SourceRun;
import dev.sextant.server.importer.tensorboard.proto.DataType;
import dev.sextant.server.importer.tensorboard.proto.Event;
import dev.sextant.server.importer.tensorboard.proto.HParamsPluginData;
import dev.sextant.server.importer.tensorboard.proto.SummaryValue;
import dev.sextant.server.importer.tensorboard.proto.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event files of one folder, read as TensorBoard merges them (in file-name order): scalar summaries (the legacy
 * {@code simple_value} and the "scalars" plugin's tensors) become points, the hparams plugin's session becomes
 * params and status, the "text" plugin's strings are kept for the run's files, everything else is counted as left out.
 */
final class EventFileRun {
    static final String HPARAMS = "hparams";
    static final String TEXT = "text";
    private final List<Path> files;

    /** What one pass over the files found besides the points. */
    static final class Summary {
        long firstWallTimeMs = -1;
        long lastWallTimeMs = -1;
        final Map<String, String> hparams = new LinkedHashMap<>();
        RunStatus status = RunStatus.FINISHED;
        Long endTimeMs;
        final Map<String, List<String>> texts = new LinkedHashMap<>();
    }

    EventFileRun(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** One pass: points go to {@code sink} (null: not wanted), the rest into the returned summary. */
    Summary read(SourceRun.PointSink sink, ImportReport report) throws IOException {
        var summary = new Summary();
        for (Path file : files) {
            try (var records = new TfRecordReader(file)) {
                byte[] record;
                while ((record = records.next()) != null) {
                    Event event;
                    try {
                        event = Event.parseFrom(record);
                    } catch (InvalidProtocolBufferException e) {
                        if (report != null) report.skip("event records that are not valid protobuf", file.toString());
                        continue;
                    }
                    long wallTimeMs = Math.round(event.getWallTime() * 1000);
                    if (summary.firstWallTimeMs < 0) summary.firstWallTimeMs = wallTimeMs;
                    summary.lastWallTimeMs = Math.max(summary.lastWallTimeMs, wallTimeMs);
                    if (event.hasSummary()) {
                        for (SummaryValue value : event.getSummary().getValueList()) {
                            handle(value, event.getStep(), wallTimeMs, summary, sink, report);
                        }
                    }
                }
                if (records.truncated() && report != null) {
                    report.skip("event files that end in a cut-off record (still being written?); read up to it", file.toString());
                }
            } catch (TfRecordReader.CorruptRecordException e) {
                if (report != null) report.skip("event files with a record whose CRC32C does not match; read up to it", e.getMessage());
            }
        }
        return summary;
    }

    private static void handle(SummaryValue value, long step, long wallTimeMs, Summary summary, SourceRun.PointSink sink,
                               ImportReport report) throws InvalidProtocolBufferException {
        String plugin = value.getMetadata().getPluginData().getPluginName();
        if (value.hasSimpleValue()) {
            if (sink != null) sink.point(value.getTag(), step, wallTimeMs, value.getSimpleValue());
        } else if (plugin.equals(HPARAMS)) {
            hparams(HParamsPluginData.parseFrom(value.getMetadata().getPluginData().getContent()), summary);
        } else if (plugin.equals(TEXT) && value.hasTensor()) {
            var texts = summary.texts.computeIfAbsent(value.getTag(), tag -> new ArrayList<>());
            for (var text : value.getTensor().getStringValList()) texts.add("step " + step + ": " + text.toString(StandardCharsets.UTF_8));
        } else if (value.hasTensor() && isScalar(value.getTensor()) && (plugin.isEmpty() || plugin.equals("scalars"))) {
            if (sink != null) sink.point(value.getTag(), step, wallTimeMs, scalar(value.getTensor()));
        } else if (report != null && sink != null) {
            report.skip("summaries that are not scalars, text or hparams (images, histograms, audio, …)",
                    value.getTag() + (plugin.isEmpty() ? "" : " (" + plugin + ")"));
        }
    }

    private static void hparams(HParamsPluginData data, Summary summary) {
        if (data.hasSessionStartInfo()) {
            data.getSessionStartInfo().getHparamsMap().forEach((name, value) -> summary.hparams.put(name, text(value)));
        } else if (data.hasSessionEndInfo()) {
            var end = data.getSessionEndInfo();
            summary.status = switch (end.getStatus()) {
                case 2 -> RunStatus.FAILED;
                case 3 -> RunStatus.RUNNING;
                default -> RunStatus.FINISHED;
            };
            if (end.getEndTimeSecs() > 0) summary.endTimeMs = Math.round(end.getEndTimeSecs() * 1000);
        }
    }

    /** A param's text: strings as they are, whole numbers without ".0", booleans as true/false. */
    private static String text(Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case NUMBER_VALUE -> {
                double number = value.getNumberValue();
                yield number == Math.rint(number) && Math.abs(number) < 1e15 ? String.valueOf((long) number) : String.valueOf(number);
            }
            default -> "";
        };
    }

    private static boolean isScalar(TensorProto tensor) {
        return switch (tensor.getDtype()) {
            case DT_FLOAT, DT_DOUBLE, DT_HALF, DT_BFLOAT16, DT_INT32, DT_INT64, DT_BOOL -> tensor.getTensorShape().getDimCount() == 0;
            default -> false;
        };
    }

    /** A scalar tensor's value: from its typed field, or from tensor_content (little-endian raw bytes). */
    private static double scalar(TensorProto tensor) {
        var raw = ByteBuffer.wrap(tensor.getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        boolean packed = raw.hasRemaining();
        DataType type = tensor.getDtype();
        return switch (type) {
            case DT_FLOAT -> packed ? raw.getFloat() : tensor.getFloatVal(0);
            case DT_DOUBLE -> packed ? raw.getDouble() : tensor.getDoubleVal(0);
            case DT_HALF -> halfToFloat(packed ? raw.getShort() & 0xffff : tensor.getHalfVal(0));
            case DT_BFLOAT16 -> Float.intBitsToFloat((packed ? raw.getShort() & 0xffff : tensor.getHalfVal(0)) << 16);
            case DT_INT32 -> packed ? raw.getInt() : tensor.getIntVal(0);
            case DT_INT64 -> packed ? raw.getLong() : tensor.getInt64Val(0);
            case DT_BOOL -> (packed ? raw.get() != 0 : tensor.getBoolVal(0)) ? 1 : 0;
            default -> throw new IllegalArgumentException("not a scalar type: " + type);
        };
    }

    /** IEEE 754 half precision (1 sign, 5 exponent, 10 fraction bits) to float; Java 17 has no Float.float16ToFloat. */
    static float halfToFloat(int bits) {
        int sign = (bits >>> 15) & 1;
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        float magnitude;
        if (exponent == 0) magnitude = fraction * 0x1p-24f;
        else if (exponent == 31) magnitude = fraction == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        else magnitude = Float.intBitsToFloat(((exponent + 112) << 23) | (fraction << 13));
        return sign == 1 ? -magnitude : magnitude;
    }
}
