package dev.sextant.server.importer.mlflow;

/** How MLflow writes metric values: Python's float repr ("nan", "inf", "-inf", "1e-05") or JSON's names. */
final class MlflowValues {
    private MlflowValues() {}

    static double parseDouble(String text) {
        return switch (text) {
            case "nan", "NaN", "-nan" -> Double.NaN;
            case "inf", "Infinity", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
