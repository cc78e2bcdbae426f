package dev.sextant.server.mlflow;

import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.Page;
import dev.sextant.server.error.SextantException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's experiments/search grammar (spec §5.2) evaluated in memory over the experiment list, which
 * is small: comparisons joined by AND on {@code name}, {@code creation_time}, {@code last_update_time}
 * and {@code tags.<key>}; order_by on name, experiment_id, creation_time, last_update_time; offset paging.
 * TODO(#6): switch to the search package's ExperimentSearchSql once it lands, so both APIs share one parser.
 */
final class MlflowExperimentSearch {
    private MlflowExperimentSearch() {}

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(?<single>'[^']*')|(?<double>\"[^\"]*\")|(?<back>`[^`]*`)|(?<op>!=|<=|>=|=|<|>)|(?<word>[\\w.+\\-]+))");
    private static final Pattern AND = Pattern.compile("\\s+AND\\s+", Pattern.CASE_INSENSITIVE);

    static Page<Experiment> search(List<Experiment> experiments, String filter, List<String> orderBy, int maxResults,
                                   String pageToken) {
        var matching = experiments.stream().filter(parseFilter(filter)).sorted(parseOrder(orderBy)).toList();
        int offset = decodeOffset(pageToken);
        int end = (int) Math.min(matching.size(), (long) offset + maxResults);
        var page = offset >= matching.size() ? List.<Experiment>of() : matching.subList(offset, end);
        return new Page<>(page, end < matching.size() ? encodeOffset(end) : null);
    }

    static Predicate<Experiment> parseFilter(String filter) {
        Predicate<Experiment> all = experiment -> true;
        if (filter == null || filter.isBlank()) return all;
        for (var clause : splitAnd(filter)) all = all.and(parseClause(clause));
        return all;
    }

    /** Splits on AND outside quotes. */
    private static List<String> splitAnd(String filter) {
        var clauses = new ArrayList<String>();
        var masked = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`").matcher(filter)
                .replaceAll(m -> "_".repeat(m.group().length()));
        var matcher = AND.matcher(masked);
        int start = 0;
        while (matcher.find()) {
            clauses.add(filter.substring(start, matcher.start()));
            start = matcher.end();
        }
        clauses.add(filter.substring(start));
        return clauses;
    }

    private static Predicate<Experiment> parseClause(String clause) {
        var tokens = tokens(clause);
        // identifier, optionally "tags." followed by a quoted key
        int index = 0;
        String identifier = tokens.get(index++);
        if (identifier.endsWith(".") && index < tokens.size() && isQuotedKey(tokens.get(index))) {
            identifier = identifier + unquote(tokens.get(index++));
        }
        if (tokens.size() - index != 2) throw invalid(clause);
        var comparator = tokens.get(index).toUpperCase(Locale.ROOT);
        var value = tokens.get(index + 1);
        int dot = identifier.indexOf('.');
        String type = dot < 0 ? "attribute" : identifier.substring(0, dot).toLowerCase(Locale.ROOT);
        String key = dot < 0 ? identifier : identifier.substring(dot + 1);
        return switch (type) {
            case "attribute", "attributes", "attr" -> attribute(clause, key, comparator, value);
            case "tag", "tags" -> {
                var matcher = stringMatcher(clause, comparator, stringValue(clause, value));
                yield experiment -> experiment.tags().containsKey(key) && matcher.test(experiment.tags().get(key));
            }
            default -> throw SextantException.invalid("Invalid entity type '" + type + "' in filter '" + clause.trim()
                    + "'. Valid values are ['attribute', 'tag'].");
        };
    }

    private static Predicate<Experiment> attribute(String clause, String key, String comparator, String value) {
        return switch (key) {
            case "name" -> {
                var matcher = stringMatcher(clause, comparator, stringValue(clause, value));
                yield experiment -> matcher.test(experiment.name());
            }
            case "creation_time" -> numeric(clause, comparator, value, Experiment::creationTimeMs);
            case "last_update_time" -> numeric(clause, comparator, value, Experiment::lastUpdateTimeMs);
            default -> throw SextantException.invalid("Invalid attribute key '" + key + "' specified. Valid keys are "
                    + "['name', 'creation_time', 'last_update_time'].");
        };
    }

    private static Predicate<Experiment> numeric(String clause, String comparator, String value,
                                                 java.util.function.ToLongFunction<Experiment> field) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw SextantException.invalid("Expected a numeric value in filter clause '" + clause.trim() + "', got " + value);
        }
        return switch (comparator) {
            case "=" -> e -> field.applyAsLong(e) == number;
            case "!=" -> e -> field.applyAsLong(e) != number;
            case "<" -> e -> field.applyAsLong(e) < number;
            case "<=" -> e -> field.applyAsLong(e) <= number;
            case ">" -> e -> field.applyAsLong(e) > number;
            case ">=" -> e -> field.applyAsLong(e) >= number;
            default -> throw SextantException.invalid("Invalid comparator '" + comparator + "' for a numeric attribute in '"
                    + clause.trim() + "'");
        };
    }

    private static Predicate<String> stringMatcher(String clause, String comparator, String value) {
        return switch (comparator) {
            case "=" -> value::equals;
            case "!=" -> text -> !value.equals(text);
            case "LIKE" -> like(value, 0).asMatchPredicate();
            case "ILIKE" -> like(value, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).asMatchPredicate();
            default -> throw SextantException.invalid("Invalid comparator '" + comparator + "' for a string in '"
                    + clause.trim() + "'; use =, !=, LIKE or ILIKE");
        };
    }

    /** SQL LIKE: % is any run of characters, _ is one character, everything else is literal. */
    private static Pattern like(String pattern, int flags) {
        var regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') regex.append(".*");
            else if (c == '_') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), flags | Pattern.DOTALL);
    }

    private static String stringValue(String clause, String token) {
        if (token.startsWith("'") || token.startsWith("\"")) return unquote(token);
        throw SextantException.invalid("Expected a quoted string value in filter clause '" + clause.trim() + "', got " + token);
    }

    private static List<String> tokens(String clause) {
        var tokens = new ArrayList<String>();
        Matcher matcher = TOKEN.matcher(clause);
        int position = 0;
        while (position < clause.length()) {
            if (clause.substring(position).isBlank()) break;
            if (!matcher.find(position) || matcher.start() != position) throw invalid(clause);
            tokens.add(matcher.group().trim());
            position = matcher.end();
        }
        if (tokens.size() < 3) throw invalid(clause);
        return tokens;
    }

    private static boolean isQuotedKey(String token) {
        return token.startsWith("`") || token.startsWith("\"");
    }

    private static String unquote(String token) {
        return token.substring(1, token.length() - 1);
    }

    private static SextantException invalid(String clause) {
        return SextantException.invalid("Invalid clause(s) in filter string: '" + clause.trim() + "'");
    }

    static Comparator<Experiment> parseOrder(List<String> orderBy) {
        Comparator<Experiment> order = null;
        var seen = new HashSet<String>();
        for (var clause : orderBy) {
            var parts = clause.trim().split("\\s+");
            if (parts.length > 2 || parts[0].isEmpty()) throw SextantException.invalid("Invalid order_by clause '" + clause + "'");
            var key = parts[0].replaceFirst("^(attribute|attributes|attr)\\.", "").replace("`", "").replace("\"", "");
            boolean descending = parts.length == 2 && parts[1].equalsIgnoreCase("DESC");
            if (parts.length == 2 && !descending && !parts[1].equalsIgnoreCase("ASC")) {
                throw SextantException.invalid("Invalid order_by clause '" + clause + "': direction must be ASC or DESC");
            }
            if (!seen.add(key)) throw SextantException.invalid("order_by contains duplicate fields: " + orderBy);
            Comparator<Experiment> next = switch (key) {
                case "name" -> Comparator.comparing(Experiment::name);
                case "experiment_id" -> Comparator.comparingLong(e -> Long.parseLong(e.experimentId()));
                case "creation_time" -> Comparator.comparingLong(Experiment::creationTimeMs);
                case "last_update_time" -> Comparator.comparingLong(Experiment::lastUpdateTimeMs);
                default -> throw SextantException.invalid("Invalid order_by key '" + key + "'. Valid keys are "
                        + "['name', 'experiment_id', 'creation_time', 'last_update_time'].");
            };
            if (descending) next = next.reversed();
            order = order == null ? next : order.thenComparing(next);
        }
        Comparator<Experiment> byId = Comparator.comparingLong(e -> Long.parseLong(e.experimentId()));
        if (order == null) return Comparator.comparingLong(Experiment::creationTimeMs).reversed().thenComparing(byId);
        return seen.contains("experiment_id") ? order : order.thenComparing(byId.reversed());
    }

    /** MLflow's token format: base64 of {"offset": N}. */
    static String encodeOffset(int offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    static int decodeOffset(String token) {
        if (token == null || token.isEmpty()) return 0;
        try {
            var text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            var matcher = Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d+)\\s*}").matcher(text);
            if (!matcher.matches()) throw new IllegalArgumentException(text);
            return Integer.parseInt(matcher.group(1));
        } catch (IllegalArgumentException e) {
            throw SextantException.invalid("Invalid page token, could not decode '" + token + "'");
        }
    }
}
