package dev.sextant.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The text a config leaf is stored as, a param: strings as they are, integers and lists as their JSON, fractional
 * numbers as the text Python's {@code repr} gives them: {@code 0.0001}, {@code 1e-05}, {@code 3.0},
 * {@code 1.5e+16}. Most configs come from Python, where users wrote {@code lr=0.0001}; Java's {@code 1.0E-4} is the
 * same double but reads wrongly in the runs table and fails a search for {@code params.lr = '0.0001'}. Like Python,
 * positional notation is used for decimal exponents from -4 to 15, scientific beyond.
 */
public final class ParamText {
    private ParamText() {}

    /** A JSON leaf (not an object) as a param's text. */
    public static String of(JsonNode leaf) {
        if (leaf.isTextual()) return leaf.textValue();
        if (leaf.isFloatingPointNumber()) return of(leaf.doubleValue());
        return leaf.toString();
    }

    public static String of(double value) {
        if (!Double.isFinite(value)) return Double.toString(value);
        if (value == 0) return (1 / value < 0) ? "-0.0" : "0.0";
        var decimal = shortest(value);
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String sign = value < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** The fewest significant digits that read back as the same double (Java 17's toString may give more). */
    private static BigDecimal shortest(double value) {
        var exact = new BigDecimal(value);
        for (int digits = 1; digits < 17; digits++) {
            var rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) return rounded.stripTrailingZeros();
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
